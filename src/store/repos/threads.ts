// The threads view's reads (THREAD-1/2) and the backfill of mail stored before schema v10.
// Writers use `threadNewMessages` and ThreadChanges (thread-changes.ts) inside their own
// transactions; everything here is a read or its own transaction.
import Dexie from 'dexie';
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import { BACKFILL_META_KEY } from '../migrations/0010-threads.js';
import type { EmailRecord, ThreadMetaRecord, ThreadRecord } from '../records.js';
import { ThreadChanges } from './thread-changes.js';
import { entryIds } from './thread-queue.js';
import { planThreads, rekeyEmails } from './thread-index.js';

/**
 * Threads new messages (before they are written) and records them in `changes`; the caller
 * writes the rows, then calls `changes.apply(db)`. Inside a transaction over emails and threads.
 */
export async function threadNewMessages(
  db: BuzonDb,
  rows: readonly EmailRecord[],
  changes: ThreadChanges,
): Promise<void> {
  if (rows.length === 0) return;
  const merges = await planThreads(db, rows);
  await rekeyEmails(db, merges);
  await changes.merge(db, merges);
  for (const r of rows) changes.add(r);
}

/** Thread keys of a folder, newest activity first (the threads view's order). */
export function listThreadKeys(
  db: BuzonDb,
  mailboxId: string,
  unreadOnly: boolean,
): Promise<string[]> {
  return storeCall(async () => {
    const c = folderThreads(db, mailboxId, unreadOnly);
    const keys = (await c.reverse().primaryKeys()) as unknown as [string, string][];
    return keys.map((k) => k[1]);
  });
}

/** A folder's threads, oldest activity first (callers reverse). */
function folderThreads(db: BuzonDb, mailboxId: string, unreadOnly: boolean) {
  return unreadOnly
    ? db.threads
        .where('[mailboxId+hasUnread+latestAt]')
        .between([mailboxId, 1, Dexie.minKey], [mailboxId, 1, Dexie.maxKey])
    : db.threads
        .where('[mailboxId+latestAt]')
        .between([mailboxId, Dexie.minKey], [mailboxId, Dexie.maxKey]);
}

/** The first `limit` thread rows of a folder in list order (first paint). */
export function listFirstThreadRecords(
  db: BuzonDb,
  mailboxId: string,
  unreadOnly: boolean,
  limit: number,
): Promise<ThreadRecord[]> {
  return storeCall(() => folderThreads(db, mailboxId, unreadOnly).reverse().limit(limit).toArray());
}

/** A folder's thread rows for these keys, in the same order (absent ones left out). */
export function getThreadRecords(
  db: BuzonDb,
  mailboxId: string,
  keys: readonly string[],
): Promise<ThreadRecord[]> {
  return storeCall(async () => {
    const rows = await db.threads.bulkGet(keys.map((k): [string, string] => [mailboxId, k]));
    return rows.filter((r): r is ThreadRecord => r !== undefined);
  });
}

/** The thread's messages: in one folder, or everywhere when `mailboxId` is null. */
export function listThreadEmails(
  db: BuzonDb,
  threadKey: string,
  mailboxId: string | null,
): Promise<EmailRecord[]> {
  return storeCall(() =>
    mailboxId === null
      ? db.emails
          .where('[threadKey+mailboxId]')
          .between([threadKey, Dexie.minKey], [threadKey, Dexie.maxKey])
          .toArray()
      : db.emails.where('[threadKey+mailboxId]').equals([threadKey, mailboxId]).toArray(),
  );
}

/** The ids of these threads' messages in one folder, by thread key (one index read). */
export async function threadEmailIds(
  db: BuzonDb,
  mailboxId: string,
  threadKeys: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(threadKeys.map((k) => [k, []]));
  if (threadKeys.length === 0) return out;
  const rows = await storeCall(() =>
    db.emails
      .where('[threadKey+mailboxId]')
      .anyOf(threadKeys.map((k) => [k, mailboxId]))
      .toArray(),
  );
  for (const r of rows) out.get(r.threadKey as string)?.push(r.id);
  return out;
}

/** Backfill progress: `done` when every message stored before v10 has been threaded. */
export interface BackfillStatus {
  done: boolean;
  threaded: number;
}

export async function getBackfillStatus(db: BuzonDb): Promise<BackfillStatus> {
  const [meta, queued] = await storeCall(() =>
    Promise.all([db.threadMeta.get(BACKFILL_META_KEY), db.threadQueue.count()]),
  );
  return { done: (!meta || meta.done) && queued === 0, threaded: meta?.threaded ?? 0 };
}

/** How many queue entries (single messages or whole batches) wait to be threaded. */
export function queuedForThreading(db: BuzonDb): Promise<number> {
  return storeCall(() => db.threadQueue.count());
}

/**
 * Threads one batch of the new messages writers queued (ADR 0026), in one transaction:
 * rows, merges, thread rows and the queue commit together. A queued message gone since,
 * or threaded already, is just dropped from the queue. Whole entries are taken, oldest
 * first, up to `batchSize` messages (at least one entry, which may hold more). Returns
 * how many entries still wait.
 */
export function drainThreadQueueStep(db: BuzonDb, batchSize: number): Promise<number> {
  return storeCall(() =>
    db.transaction('rw', [db.emails, db.threads, db.threadQueue], async () => {
      // Entries are read one by one until the batch is full: reading `batchSize` entries
      // at once would read up to `batchSize` whole sync batches to use one of them.
      let taken = 0;
      let count = 0;
      const queued = await db.threadQueue
        .orderBy('seq')
        .until((entry) => {
          const n = entryIds(entry).length;
          if (taken > 0 && count + n > batchSize) return true;
          taken += 1;
          count += n;
          return false;
        })
        .toArray();
      if (queued.length === 0) return 0;
      const ids = [...new Set(queued.flatMap(entryIds))];
      const rows = (await db.emails.bulkGet(ids)).filter(
        (e): e is EmailRecord => e !== undefined && e.threadKey === undefined,
      );
      const changes = new ThreadChanges();
      await threadNewMessages(db, rows, changes);
      await db.emails.bulkPut(rows);
      await changes.apply(db);
      await db.threadQueue.bulkDelete(queued.map((q) => q.seq as number));
      return db.threadQueue.count();
    }),
  );
}

/**
 * Threads one batch of the messages stored before v10 (primary-key order from the saved
 * cursor), in one transaction: the rows, merges and thread rows commit together, so an
 * interrupted backfill resumes where it stopped and never counts a message twice. Mail
 * arriving meanwhile is threaded as it is written; threading is independent of order
 * (mail/threading/keys.ts), so the two interleave safely. Several tabs may run it at once:
 * a batch only threads rows that are still unthreaded when it reads them.
 */
export function backfillThreadsStep(db: BuzonDb, batchSize: number): Promise<BackfillStatus> {
  return storeCall(() =>
    db.transaction('rw', [db.emails, db.threads, db.threadMeta], async () => {
      const meta = await db.threadMeta.get(BACKFILL_META_KEY);
      if (!meta || meta.done) return { done: true, threaded: meta?.threaded ?? 0 };
      const page =
        meta.cursor === null
          ? await db.emails.orderBy(':id').limit(batchSize).toArray()
          : await db.emails.where(':id').above(meta.cursor).limit(batchSize).toArray();
      const last = page[page.length - 1];
      if (!last) {
        const finished: ThreadMetaRecord = { ...meta, done: true };
        await db.threadMeta.put(finished);
        return { done: true, threaded: meta.threaded };
      }
      const todo = page.filter((e) => e.threadKey === undefined);
      const changes = new ThreadChanges();
      await threadNewMessages(db, todo, changes);
      await db.emails.bulkPut(todo);
      await changes.apply(db);
      const threaded = meta.threaded + todo.length;
      await db.threadMeta.put({ ...meta, cursor: last.id, threaded });
      return { done: false, threaded };
    }),
  );
}
