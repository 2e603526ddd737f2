// Emptying Trash (DELETE-2) and its expiry at start (DELETE-3). One transaction each over
// every table a message lives in, so no folder, row or body is left half-deleted.
import Dexie from 'dexie';
import type { BuzonDb } from '../db.js';
import { CountDeltas } from '../counts.js';
import { storeCall } from '../errors.js';
import { TRASH_ID, byIdMap, isInTrash, subtreeIds } from '../folder-rules.js';
import type { EmailRecord, MailboxRecord } from '../records.js';
import { journal } from '../sync/journal.js';
import { bodyTables, dropBodiesOf } from './bodies.js';
import { forgetEmailOps, journalFolderDestroys } from './mailboxes.js';
import { ThreadChanges, dropFolderThreads } from './thread-changes.js';

async function deleteFolders(
  db: BuzonDb,
  all: readonly MailboxRecord[],
  roots: readonly string[],
): Promise<void> {
  const doomed = roots.flatMap((id) => subtreeIds(all, id));
  for (const mailboxId of doomed) {
    const keys = await db.emails
      .where('[mailboxId+receivedAt]')
      .between([mailboxId, Dexie.minKey], [mailboxId, Dexie.maxKey])
      .primaryKeys();
    await dropBodiesOf(db, keys);
    await db.emails.bulkDelete(keys);
    await db.decrypted.bulkDelete(keys);
    await forgetEmailOps(db, keys);
  }
  await dropFolderThreads(db, doomed);
  await db.mailboxes.bulkDelete(doomed);
  // Each root's subtree is parents-first; reversed per root, children go first.
  for (const root of roots) await journalFolderDestroys(db, all, subtreeIds(all, root).reverse());
}

/** Messages deleted for good: bodies, queue entries and an op for the server go too. */
async function destroyEmails(db: BuzonDb, keys: readonly string[]): Promise<void> {
  await dropBodiesOf(db, keys);
  await db.emails.bulkDelete([...keys]);
  await db.bodyQueue.bulkDelete([...keys]);
  // PGP-4: a kept decrypted copy goes with its message (ADR 0031).
  await db.decrypted.bulkDelete([...keys]);
  await journal(
    db,
    keys.map((target) => ({ kind: 'email-destroy', target })),
    Date.now(),
  );
}

/** Every table a message or folder deletion touches. */
function deletionTables(db: BuzonDb) {
  return [
    db.mailboxes,
    db.emails,
    ...bodyTables(db),
    db.ops,
    db.bodyQueue,
    db.threads,
    db.decrypted,
  ];
}

/** DELETE-2: everything in Trash, folders under it included, is deleted for good. */
export async function emptyTrash(db: BuzonDb): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', deletionTables(db), async () => {
      const all = await db.mailboxes.toArray();
      await deleteFolders(
        db,
        all,
        all.filter((m) => m.parentId === TRASH_ID).map((m) => m.id),
      );
      const keys = await db.emails
        .where('[mailboxId+receivedAt]')
        .between([TRASH_ID, Dexie.minKey], [TRASH_ID, Dexie.maxKey])
        .primaryKeys();
      await destroyEmails(db, keys);
      await dropFolderThreads(db, [TRASH_ID]);
      const trash = await db.mailboxes.get(TRASH_ID);
      if (trash) await db.mailboxes.put({ ...trash, total: 0, unread: 0 });
    }),
  );
}

/**
 * DELETE-3: deletes what went to Trash before `cutoff`: messages deleted one by one and
 * folders deleted whole. A message restored out of Trash has no trashedAt, and one still
 * marked but outside Trash is skipped, so expiry never touches live mail.
 * Returns how many messages and folders were removed.
 */
export async function expireTrash(
  db: BuzonDb,
  cutoff: number,
): Promise<{ messages: number; folders: number }> {
  return storeCall(() =>
    db.transaction('rw', deletionTables(db), async () => {
      const all = await db.mailboxes.toArray();
      const byId = byIdMap(all);
      const oldFolders = all
        .filter((m) => m.parentId === TRASH_ID && m.trashedAt !== undefined && m.trashedAt < cutoff)
        .map((m) => m.id);
      const doomedFolders = new Set(oldFolders.flatMap((id) => subtreeIds(all, id)));
      const oldRows = (await db.emails.where('trashedAt').below(cutoff).toArray()).filter(
        (e: EmailRecord) => isInTrash(byId, e.mailboxId) && !doomedFolders.has(e.mailboxId),
      );
      const deltas = new CountDeltas();
      const threads = new ThreadChanges();
      for (const row of oldRows) {
        deltas.row(row, -1);
        threads.remove(row);
      }
      await destroyEmails(
        db,
        oldRows.map((r) => r.id),
      );
      await deltas.apply(db);
      await threads.apply(db);
      await deleteFolders(db, all, oldFolders);
      return { messages: oldRows.length, folders: doomedFolders.size };
    }),
  );
}
