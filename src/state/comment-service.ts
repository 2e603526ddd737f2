// The CommentService (COMMENT-1): a private comment per message, kept as a small message in
// the hidden "Buzón comments" folder so it syncs between the user's devices like any mail
// (ADR 0025). Loaded on first use through a CommentServiceLoader, never at start-up.
import { buildMessage, newMessageId } from '../mail/mime/index.js';
import type { MailAddress, MailParser, ParsedMessage } from '../mail/types.js';
import { isUnparseable } from '../mail/types.js';
import type { BuzonDb } from '../store/db.js';
import {
  commentKeyOf,
  ensureCommentsFolder,
  getCommentFor,
  observeCommentIndexGap,
  observeCommentsOf,
  putCommentIndex,
  replaceComment,
} from '../store/repos/comments.js';
import { getBodies, getEmail } from '../store/repos/emails.js';
import { newId } from '../store/ids.js';
import type { CommentRecord } from '../store/records.js';
import { newEmailRecord } from './email-rows.js';
import { batchedObserver } from './batched-observe.js';
import { sha256Hex } from './hash.js';
import { mapSubscribable } from './subscribable.js';
import type { CommentService, MessageComment } from './types.js';

// Why 2,000: a comment is a note beside a message, not a document; the bound keeps every
// comment one small message on the server and its text cheap to show in a tooltip.
export const MAX_COMMENT_LENGTH = 2000;

/** The subject every comment message has: unremarkable to another client. */
export const COMMENT_SUBJECT = 'Buzón comment';
/** Names the commented message: `<Message-ID>`, or `sha256:<hex>` when it has none. */
export const COMMENT_FOR_HEADER = 'X-Buzon-Comment-For';

/** The comment cannot be kept: the message has nothing to be found by on another device. */
export class CommentUnavailableError extends Error {
  override name = 'CommentUnavailableError';
}

export interface CommentDeps {
  db: BuzonDb;
  parser: Pick<MailParser, 'parse'>;
  /** The user's address (the comment message's From); the local mailbox passes a placeholder. */
  owner: MailAddress;
  now?: () => number;
}

function headerValue(forKey: string): string {
  return forKey.startsWith('mid:') ? `<${forKey.slice(4)}>` : `sha256:${forKey.slice(4)}`;
}

/** The key of a comment message's header value, or null when it is not one of ours. */
function keyFromHeader(value: string): string | null {
  const v = value.trim();
  const mid = /^<([^<>\s]+)>$/.exec(v);
  if (mid?.[1]) return `mid:${mid[1]}`;
  const sha = /^sha256:([0-9a-f]{64})$/.exec(v);
  return sha?.[1] ? `sha:${sha[1]}` : null;
}

function textOf(parsed: ParsedMessage): string {
  const part = parsed.parts.find((p) => p.kind === 'text');
  return part?.kind === 'text' ? part.text.replace(/\s+$/, '') : '';
}

export function createCommentService(deps: CommentDeps): CommentService {
  const { db, parser } = deps;
  const now = deps.now ?? Date.now;

  /** Reads comment messages that synced from another device into the index. */
  async function indexMessages(ids: readonly string[], stale: readonly string[]): Promise<void> {
    const bodies = await getBodies(db, ids);
    const add: CommentRecord[] = [];
    for (const [i, id] of ids.entries()) {
      const raw = bodies[i];
      if (!raw) continue;
      const parsed = await parser.parse(raw);
      if (isUnparseable(parsed)) continue;
      const header = parsed.headers.find(
        (h) => h.key.toLowerCase() === COMMENT_FOR_HEADER.toLowerCase(),
      );
      const forKey = header ? keyFromHeader(header.value) : null;
      if (!forKey) continue;
      add.push({
        id,
        forKey,
        text: textOf(parsed).slice(0, MAX_COMMENT_LENGTH),
        updatedAt: parsed.summary.sentAt ?? 0,
      });
    }
    await putCommentIndex(db, add, stale);
  }

  let indexing = Promise.resolve();
  observeCommentIndexGap(db).subscribe({
    next: (gap) => {
      if (gap.unindexed.length === 0 && gap.stale.length === 0) return;
      // One catch-up at a time; the next emission sees what this one wrote.
      indexing = indexing
        .then(() => indexMessages(gap.unindexed, gap.stale))
        .catch(() => undefined);
    },
    error: () => undefined,
  });

  async function keyFor(emailId: string) {
    const email = await getEmail(db, emailId);
    const key = commentKeyOf(email);
    if (!key)
      throw new CommentUnavailableError('This message has no Message-ID to keep a comment by.');
    return { email, key };
  }

  async function write(emailId: string, text: string): Promise<void> {
    const { email, key } = await keyFor(emailId);
    const clean = text.trim().slice(0, MAX_COMMENT_LENGTH);
    if (!clean) return replaceComment(db, key, null);
    const at = now();
    const folderId = await ensureCommentsFolder(db, at);
    const raw = buildMessage({
      from: deps.owner,
      to: [],
      subject: COMMENT_SUBJECT,
      text: clean,
      messageId: newMessageId(deps.owner.address.split('@')[1] ?? 'buzon.invalid'),
      date: new Date(at),
      extraHeaders: [[COMMENT_FOR_HEADER, headerValue(key)]],
    });
    const parsed = await parser.parse(raw);
    if (isUnparseable(parsed)) throw new CommentUnavailableError(parsed.error);
    const row = newEmailRecord({
      id: newId(),
      mailboxId: folderId,
      raw,
      contentHash: await sha256Hex(raw),
      summary: parsed.summary,
      now: at,
      seen: true,
    });
    // Dated like the message it is about, so a device that keeps N days of mail keeps both.
    row.receivedAt = email.receivedAt;
    await replaceComment(db, key, { message: { email: row, raw }, text: clean, now: at });
  }

  // Every row of the list observes its comment: one query serves all of them.
  const observeComment = batchedObserver<MessageComment>(
    (ids) =>
      mapSubscribable(
        observeCommentsOf(db, ids),
        (found) =>
          new Map([...found].map(([id, c]) => [id, { text: c.text, updatedAt: c.updatedAt }])),
      ),
    (a, b) => a?.text === b?.text && a?.updatedAt === b?.updatedAt,
  );

  return {
    observeComment,
    async canComment(emailId) {
      return commentKeyOf(await getEmail(db, emailId)) !== null;
    },
    setComment: write,
    async removeComment(emailId) {
      const { key } = await keyFor(emailId);
      await replaceComment(db, key, null);
    },
    async addComment(emailId, text) {
      const { key } = await keyFor(emailId);
      const before = (await getCommentFor(db, key))?.text ?? '';
      await write(emailId, before ? `${before}\n${text}` : text);
    },
  };
}
