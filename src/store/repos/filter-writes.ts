// Writes only filters need (FILTER-1 actions, FILTER-3 run now): the ids of one folder's
// messages, a copy of a stored message into another folder, and the priority the list
// shows. Counters, threads and the server journal change in the same transaction, as in
// emails.ts.
import Dexie from 'dexie';
import type { Priority } from '../../mail/types.js';
import type { BuzonDb } from '../db.js';
import { CountDeltas } from '../counts.js';
import { NotFoundError, storeCall } from '../errors.js';
import { newId } from '../ids.js';
import type { EmailRecord } from '../records.js';
import { journal } from '../sync/journal.js';
import { bodyTables, packInto, readBodies } from './bodies.js';
import { ThreadChanges } from './thread-changes.js';
import { queueForThreading } from './thread-queue.js';

/** Every message id in the folder, newest first (the order the list shows them). */
export function folderEmailIds(db: BuzonDb, folderId: string): Promise<string[]> {
  return storeCall(async () =>
    (
      await db.emails
        .where('[mailboxId+receivedAt]')
        .between([folderId, Dexie.minKey], [folderId, Dexie.maxKey])
        .reverse()
        .primaryKeys()
    ).map(String),
  );
}

/**
 * A copy of a stored message (row and bytes) into another folder, as a new message: the
 * import dedupe of putNewMessages would refuse the same bytes, and a filter's "copy" means
 * the message is in both folders. Resolves the copy's id, or null when the source has no
 * bytes on this device (a synced message not downloaded yet) or is already in the target.
 */
export async function copyEmailTo(
  db: BuzonDb,
  id: string,
  targetId: string,
  now: number,
): Promise<string | null> {
  return storeCall(() =>
    db.transaction(
      'rw',
      [db.emails, ...bodyTables(db), db.mailboxes, db.ops, db.threadQueue],
      async () => {
        const row = await db.emails.get(id);
        if (!row) throw new NotFoundError(`Message ${id} does not exist.`);
        if (!(await db.mailboxes.get(targetId)))
          throw new NotFoundError(`Folder ${targetId} does not exist.`);
        if (row.mailboxId === targetId) return null;
        const [body] = await readBodies(db, [row]);
        if (!body) return null;
        const copy: EmailRecord = { ...row, id: newId(), mailboxId: targetId };
        // The copy is threaded afresh (threads.ts drains threadQueue), like imported mail, and
        // is a new message on the server: none of the source's thread or server ids.
        for (const key of [
          'threadKey',
          'threadSelf',
          'threadLinks',
          'threadNodes',
          'threadBase',
          'threadOrphan',
          'threadDate',
          'trashedAt',
          'originMailboxId',
          'threadId',
          'blobId',
          'bodyPack',
        ] as const)
          Reflect.deleteProperty(copy, key);
        const deltas = new CountDeltas();
        deltas.row(copy, 1);
        await packInto(db, [copy], [{ id: copy.id, raw: body }]);
        await db.emails.add(copy);
        await deltas.apply(db);
        await queueForThreading(db, [copy.id]);
        // In an account the copy is uploaded like imported mail (ADR 0012).
        await journal(
          db,
          [
            {
              kind: 'email-import',
              target: copy.id,
              mailboxId: targetId,
              keywords: Object.fromEntries(
                Object.keys(copy.keywords).map((k) => [k, true as const]),
              ),
              receivedAt: copy.receivedAt,
            },
          ],
          now,
        );
        return copy.id;
      },
    ),
  );
}

/**
 * FILTER-1 "set priority": the priority the list shows. App only: the stored bytes and the
 * server copy keep their X-Priority (see src/filters/sides.ts), so nothing is journaled.
 */
export async function setEmailPriority(
  db: BuzonDb,
  ids: readonly string[],
  priority: Priority,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', [db.emails, db.threads], async () => {
      const rows = (await db.emails.bulkGet([...ids])).filter(
        (e): e is EmailRecord => e !== undefined && e.priority !== priority,
      );
      const threads = new ThreadChanges();
      const changed = rows.map((row) => {
        const next = { ...row, priority };
        threads.change(row, next);
        return next;
      });
      await db.emails.bulkPut(changed);
      await threads.apply(db);
    }),
  );
}
