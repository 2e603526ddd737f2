// What one message contributes to threading, computed from that message alone: the ids it
// names (its links), the node it stands for, its fingerprint for telling copies from
// impostors, and its subject-fallback role. The batch (jwz.ts) and incremental (keys.ts)
// paths both use these, so they cannot disagree about a single message.
import { baseSubject, isDistinctiveSubject } from './subject.js';
import type { ThreadInput } from './types.js';

/**
 * References kept per message: the first (the conversation's root) and the last
 * MAX_REFERENCES - 1 (the parent and its nearest ancestors). A long list thread carries
 * hundreds of ids in every reply, so linking them all costs O(messages × depth); the
 * first and last few already connect every message to its root and parent, and RFC 5537
 * § 3.4.4 trims References the same way (first plus the last three) when it must.
 */
export const MAX_REFERENCES = 20;

/**
 * How far apart (ms) an orphan reply and the message it may answer can be for the
 * subject fallback to join them. A client that drops References still replies within
 * days; two months later the same subject is more likely a new conversation (a monthly
 * report, a recurring meeting).
 */
export const SUBJECT_MERGE_WINDOW_MS = 60 * 24 * 60 * 60 * 1000;

/**
 * Synthetic node ids contain a space. `cleanMessageId` (mail/headers.ts) removes all
 * whitespace from every Message-ID, References and In-Reply-To value, so no header can
 * name, and so join, a synthetic node.
 */
const NO_ID_PREFIX = 'no-id ';
const DUPLICATE_INFIX = ' dup ';

/** Ids the message names as its ancestors, bounded and without itself, oldest first. */
export function threadLinks(input: ThreadInput): string[] {
  const named =
    input.references.length > 0
      ? boundReferences(input.references)
      : input.inReplyTo
        ? [input.inReplyTo]
        : [];
  // In-Reply-To also links when References is present but truncated or broken: it only
  // ever adds a connection, and it names the parent the author actually answered.
  if (input.references.length > 0 && input.inReplyTo) named.push(input.inReplyTo);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of named) {
    if (id === '' || id === input.messageId || seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

function boundReferences(refs: readonly string[]): string[] {
  if (refs.length <= MAX_REFERENCES) return [...refs];
  return [refs[0], ...refs.slice(refs.length - (MAX_REFERENCES - 1))];
}

/**
 * Copies of one message (Inbox and Sent, or a list copy with a `[tag]`) share Message-ID,
 * base subject and Date header; a different message reusing the Message-ID (a broken
 * generator's `<1@localhost>`) almost never shares both.
 */
export function fingerprint(m: { subject: string; date: number }): string {
  return `${m.date}\n${baseSubject(m.subject).base}`;
}

/** The node of a message that has no Message-ID: its own, unreachable from any header. */
export function noIdNode(recordId: string): string {
  return NO_ID_PREFIX + recordId;
}

/** The node of a message whose Message-ID is already held by a different message. */
export function duplicateNode(messageId: string, recordId: string): string {
  return messageId + DUPLICATE_INFIX + recordId;
}

/**
 * The key a message gives a thread it starts: the oldest ancestor it names (usually the
 * conversation's first Message-ID, even when that message is not here), else its own node.
 * Replies name the same root, so the key does not move when they arrive.
 */
export function proposedKey(links: readonly string[], self: string): string {
  return links.length > 0 ? links[0] : self;
}

export interface SubjectLink {
  /** Folded base subject; only distinctive ones get a SubjectLink. */
  base: string;
  /**
   * An orphan: a reply/forward-form subject with no References and no In-Reply-To.
   * Only orphans are joined by subject.
   */
  orphan: boolean;
}

/** The message's part in the subject fallback, or null when its subject is too generic. */
export function subjectLink(input: ThreadInput, links: readonly string[]): SubjectLink | null {
  const { base, replyForm } = baseSubject(input.subject);
  if (!isDistinctiveSubject(base)) return null;
  return { base, orphan: replyForm && links.length === 0 };
}
