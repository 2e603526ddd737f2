// Thread keys, and threading one new message into an already threaded mailbox.
//
// A key is a node id (a Message-ID, or a synthetic one with a space in it) that belongs to
// the thread. A thread that starts here takes `proposedKey`: the oldest ancestor its first
// message names, usually the root Message-ID, present or not. A message that joins one
// existing thread takes that thread's key unchanged, so a reply never moves its thread.
// Only when a message connects several threads do keys change: the smallest key (string
// order, so the choice needs nothing but the keys) survives and the others are merged into
// it. Keys are local handles for an index; the grouping is what must not depend on arrival
// order, and it does not: for every arrival order it equals `threadMessages` over the same
// messages (test/mail/threading/keys.test.ts), the one exception being an
// impostor Message-ID that is older than the genuine message but arrives after it.
//
// What to persist per message so the look-ups below are index reads (Dexie):
//   threadKey   the key returned here                  index `threadKey`
//   threadSelf  `self` returned here                   index `threadSelf`
//   threadLinks `threadLinks(input)`                   multiEntry index `*threadLinks`
//   threadBase / threadOrphan from `subjectLink(...)`  compound index [threadBase+date]
// and, for each key in `merges`, rewrite threadKey of the rows that have it.
import {
  duplicateNode,
  fingerprint,
  noIdNode,
  proposedKey,
  SUBJECT_MERGE_WINDOW_MS,
  subjectLink,
  threadLinks,
} from './links.js';
import type { ThreadInput } from './types.js';

/** A stored message that holds a node (its `threadSelf`). */
export interface StoredHolder {
  key: string;
  subject: string;
  date: number;
}

export interface SubjectQuery {
  /** Folded base subject (`subjectLink(...).base`). */
  base: string;
  /** Inclusive date range, epoch ms. */
  from: number;
  to: number;
  /** Only messages whose subject link is an orphan. */
  orphansOnly: boolean;
}

/** Read access to the threads already stored. Results may repeat keys. */
export interface ThreadLookup {
  /** Stored messages whose `threadSelf` is `node` (copies of one message share it). */
  holders(node: string): readonly StoredHolder[];
  /** Thread keys of stored messages whose `threadLinks` contain `node`. */
  keysLinkingTo(node: string): readonly string[];
  /** Thread keys of stored messages with a subject link matching the query. */
  keysBySubject(query: SubjectQuery): readonly string[];
}

export interface IncrementalResult {
  /** The thread key the new message gets. */
  key: string;
  /** The node the new message stands for: persist it as `threadSelf`. */
  self: string;
  /** Existing thread keys to rewrite to `key` (sorted); empty in the usual case. */
  merges: string[];
}

/** Threads one message against the stored ones without re-threading the mailbox. */
export function incrementalThread(lookup: ThreadLookup, input: ThreadInput): IncrementalResult {
  const found = new Set<string>();
  const links = threadLinks(input);
  const self = selfNode(lookup, input, found);
  if (self === input.messageId) {
    // Children that arrived before their parent name it in their links.
    for (const key of lookup.keysLinkingTo(self)) found.add(key);
  }
  for (const id of links) {
    for (const h of lookup.holders(id)) found.add(h.key);
    for (const key of lookup.keysLinkingTo(id)) found.add(key);
  }
  const subject = subjectLink(input, links);
  if (subject) {
    const { base } = subject;
    if (subject.orphan) {
      const from = input.date - SUBJECT_MERGE_WINDOW_MS;
      for (const key of lookup.keysBySubject({ base, from, to: input.date, orphansOnly: false })) {
        found.add(key);
      }
    }
    // Orphans already stored that may be answering this message.
    const to = input.date + SUBJECT_MERGE_WINDOW_MS;
    for (const key of lookup.keysBySubject({ base, from: input.date, to, orphansOnly: true })) {
      found.add(key);
    }
  }
  if (found.size === 0) return { key: proposedKey(links, self), self, merges: [] };
  const keys = [...found].sort();
  return { key: keys[0], self, merges: keys.slice(1) };
}

/**
 * The node the message stands for. Its Message-ID when nobody holds it yet or when the
 * holders are copies of this message (which joins their thread); a synthetic node when a
 * different message holds it, so replies to that id keep going to the first one.
 */
function selfNode(lookup: ThreadLookup, input: ThreadInput, found: Set<string>): string {
  if (input.messageId === '') return noIdNode(input.id);
  const holders = lookup.holders(input.messageId);
  if (holders.length === 0) return input.messageId;
  const print = fingerprint(input);
  if (!holders.some((h) => fingerprint(h) === print)) {
    return duplicateNode(input.messageId, input.id);
  }
  for (const h of holders) found.add(h.key);
  return input.messageId;
}
