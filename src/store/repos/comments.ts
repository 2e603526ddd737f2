// COMMENT-1: private comments. Each comment is a small message in a hidden folder of the
// user's own mailbox ("Buzón comments"), so every device syncs it like any message (ADR
// 0025); the `comments` table indexes those messages by the message they are about.
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import { observeQuery } from '../live.js';
import type { CommentRecord, EmailRecord } from '../records.js';
import { journal } from '../sync/journal.js';
import { haveBodies } from './bodies.js';
import { deleteEmailsForever, putNewMessages, type NewMessage } from './emails.js';
import {
  COMMENTS_FOLDER_ID,
  COMMENTS_FOLDER_NAME,
  isCommentsFolder,
} from '../../mail/comment-folder.js';

/** The hidden folder's name at the root of the server: what other devices recognise it by. */
export { COMMENTS_FOLDER_ID, COMMENTS_FOLDER_NAME, isCommentsFolder };

/** The key a comment is found by: the Message-ID, else the content hash, else none. */
export function commentKeyOf(e: Pick<EmailRecord, 'messageId' | 'contentHash'>): string | null {
  if (e.messageId) return `mid:${e.messageId}`;
  if (e.contentHash) return `sha:${e.contentHash}`;
  return null;
}

async function commentFolderIds(db: BuzonDb): Promise<string[]> {
  return (await db.mailboxes.toArray()).filter(isCommentsFolder).map((m) => m.id);
}

/**
 * The comments folder, created when first needed: locally, and on the server (an account)
 * through a journaled mailbox-create, unless one synced from the server is here already.
 */
export async function ensureCommentsFolder(db: BuzonDb, now: number): Promise<string> {
  return storeCall(() =>
    db.transaction('rw', db.mailboxes, db.ops, async () => {
      const [found] = await commentFolderIds(db);
      if (found) return found;
      await db.mailboxes.add({
        id: COMMENTS_FOLDER_ID,
        name: COMMENTS_FOLDER_NAME,
        parentId: null,
        role: null,
        total: 0,
        unread: 0,
      });
      await journal(
        db,
        [
          {
            kind: 'mailbox-create',
            target: COMMENTS_FOLDER_ID,
            name: COMMENTS_FOLDER_NAME,
            parentId: null,
          },
        ],
        now,
      );
      return COMMENTS_FOLDER_ID;
    }),
  );
}

/** The newest comment about the message with this key, or undefined. */
export async function getCommentFor(db: BuzonDb, key: string): Promise<CommentRecord | undefined> {
  const rows = await storeCall(() => db.comments.where('forKey').equals(key).toArray());
  return rows.sort((a, b) => b.updatedAt - a.updatedAt)[0];
}

/**
 * The comments of some messages (by email id), following both the messages and the index:
 * one read of the rows and one of the index for all of them (a list shows a screenful).
 */
export function observeCommentsOf(
  db: BuzonDb,
  emailIds: readonly string[],
): Subscribable<ReadonlyMap<string, CommentRecord>> {
  return observeQuery(async () => {
    const keyOf = new Map<string, string>();
    for (const e of await db.emails.bulkGet([...emailIds])) {
      const key = e ? commentKeyOf(e) : null;
      if (e && key) keyOf.set(e.id, key);
    }
    const out = new Map<string, CommentRecord>();
    if (keyOf.size === 0) return out;
    // The newest comment per key (a key may have two while devices catch up).
    const newest = new Map<string, CommentRecord>();
    for (const c of await db.comments
      .where('forKey')
      .anyOf([...new Set(keyOf.values())])
      .toArray()) {
      const seen = newest.get(c.forKey);
      if (!seen || c.updatedAt > seen.updatedAt) newest.set(c.forKey, c);
    }
    for (const [id, key] of keyOf) {
      const c = newest.get(key);
      if (c) out.set(id, c);
    }
    return out;
  });
}

/** What the index must catch up with: comment messages not indexed, and index rows gone stale. */
export interface CommentIndexGap {
  /** Comment messages not yet indexed whose bytes are here (they can be read now). */
  unindexed: string[];
  /** Index rows whose comment message is gone (deleted here or elsewhere, or re-keyed by sync). */
  stale: string[];
}

/** Follows the hidden folder(s) and the index; emits whenever they disagree or change. */
export function observeCommentIndexGap(db: BuzonDb): Subscribable<CommentIndexGap> {
  return observeQuery(async () => {
    const ids: string[] = [];
    for (const folder of await commentFolderIds(db)) {
      ids.push(
        ...(await db.emails
          .where('[mailboxId+receivedAt]')
          .between([folder, -Infinity], [folder, Infinity])
          .primaryKeys()),
      );
    }
    const indexed = new Set(await db.comments.toCollection().primaryKeys());
    const present = new Set(ids);
    const missing = ids.filter((id) => !indexed.has(id));
    // Read in the query so the arrival of a synced comment's bytes (its row names their
    // pack then) wakes it again.
    const here = await haveBodies(db, await db.emails.bulkGet(missing));
    return {
      unindexed: missing.filter((_, i) => here[i]),
      stale: [...indexed].filter((id) => !present.has(id)),
    };
  });
}

export async function putCommentIndex(
  db: BuzonDb,
  add: readonly CommentRecord[],
  remove: readonly string[],
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.comments, async () => {
      if (remove.length) await db.comments.bulkDelete([...remove]);
      if (add.length) await db.comments.bulkPut([...add]);
    }),
  );
}

/**
 * Replaces the comment about the message with `key`: `next` (if any) is added first, then the
 * old comment messages are deleted for good, each step in its own transaction (the repos that
 * own message writes keep their tables); in an account both are journaled (email-import,
 * email-destroy) like any message. A crash between the steps leaves two comments, and the
 * newer one is shown (and the next edit removes both).
 */
export async function replaceComment(
  db: BuzonDb,
  key: string,
  next: { message: NewMessage; text: string; now: number } | null,
): Promise<void> {
  const old = await storeCall(() => db.comments.where('forKey').equals(key).primaryKeys());
  if (next) {
    await putNewMessages(db, [next.message]);
    await putCommentIndex(
      db,
      [{ id: next.message.email.id, forKey: key, text: next.text, updatedAt: next.now }],
      [],
    );
  }
  await deleteEmailsForever(db, old);
  await putCommentIndex(db, [], old);
}
