// Raw bodies of synced messages, downloaded newest first after the rows (ADR 0012).
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { BodyQueueRecord, EmailRecord } from '../records.js';
import { keepSortKeys } from '../sort-keys.js';
import { bodyTables, dropBodies, getBodiesOf, packInto } from '../repos/bodies.js';
import { ThreadChanges } from '../repos/thread-changes.js';

export function nextBodies(
  db: BuzonDb,
  limit: number,
  /** Queued bodies to pass over (their server cannot be reached now). */
  skip?: (id: string) => boolean,
): Promise<BodyQueueRecord[]> {
  return storeCall(() => {
    const newest = db.bodyQueue.orderBy('receivedAt').reverse();
    return (skip ? newest.filter((r) => !skip(r.id)) : newest).limit(limit).toArray();
  });
}

export function countQueuedBodies(db: BuzonDb): Promise<number> {
  return storeCall(() => db.bodyQueue.count());
}

/** The fields a body gives a row: everything but where it is and its keywords. */
export type BodyDerived = Pick<
  EmailRecord,
  | 'messageId'
  | 'sentAt'
  | 'hasAttachment'
  | 'priority'
  | 'from'
  | 'to'
  | 'cc'
  | 'subject'
  | 'preview'
  | 'warnings'
  | 'inReplyTo'
  | 'references'
  | 'contentHash'
>;

/**
 * Stores a downloaded body with the row fields parsed from it, in one transaction. A row
 * deleted meanwhile is left deleted (the body is dropped).
 */
export async function putSyncedBody(
  db: BuzonDb,
  id: string,
  raw: Uint8Array,
  derived: BodyDerived,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', [db.emails, ...bodyTables(db), db.bodyQueue, db.threads], async () => {
      await db.bodyQueue.delete(id);
      const row = await db.emails.get(id);
      if (!row) return;
      await dropBodies(db, [row]);
      const next: EmailRecord = keepSortKeys({ ...row, ...derived, size: raw.byteLength });
      delete next.bodyPack;
      await packInto(db, [next], [{ id, raw }]);
      await db.emails.put(next);
      // Thread fields stay as threaded; the row's sender, subject or paperclip may change.
      const threads = new ThreadChanges();
      threads.change(row, next);
      await threads.apply(db);
    }),
  );
}

/** A body that cannot be downloaded (gone on the server): stop asking for it. */
export async function forgetQueuedBody(db: BuzonDb, id: string): Promise<void> {
  await storeCall(() => db.bodyQueue.delete(id));
}

/** The stored bytes of a message, or null when they are not on this device. */
export async function getBodyOrNull(db: BuzonDb, id: string): Promise<Uint8Array | null> {
  const [raw] = await getBodiesOf(db, [id]);
  return raw ?? null;
}

export interface SyncedBody {
  id: string;
  raw: Uint8Array;
  derived: BodyDerived;
}

/**
 * Stores many downloaded bodies in ONE transaction (ADR 0012): one commit per batch
 * instead of per message, so the open folder's live query re-reads once per batch.
 * Rows deleted meanwhile are skipped.
 */
export async function putSyncedBodies(db: BuzonDb, items: readonly SyncedBody[]): Promise<void> {
  if (items.length === 0) return;
  await storeCall(() =>
    db.transaction('rw', [db.emails, ...bodyTables(db), db.bodyQueue, db.threads], async () => {
      const ids = items.map((i) => i.id);
      const threads = new ThreadChanges();
      await db.bodyQueue.bulkDelete(ids);
      const rows = await db.emails.bulkGet(ids);
      // A body downloaded again replaces the one stored.
      await dropBodies(db, rows);
      const puts: EmailRecord[] = [];
      items.forEach((item, i) => {
        const row = rows[i];
        if (!row) return;
        const next: EmailRecord = keepSortKeys({
          ...row,
          ...item.derived,
          size: item.raw.byteLength,
        });
        delete next.bodyPack;
        threads.change(row, next);
        puts.push(next);
      });
      await packInto(db, puts, items);
      await db.emails.bulkPut(puts);
      await threads.apply(db);
    }),
  );
}

/** Sizes of queued messages (to batch downloads by bytes). */
export async function sizesOf(db: BuzonDb, ids: readonly string[]): Promise<number[]> {
  const rows = await storeCall(() => db.emails.bulkGet([...ids]));
  return rows.map((r) => r?.size ?? 0);
}

/** Several queue entries that cannot be downloaded (gone on the server). */
export async function forgetQueuedBodies(db: BuzonDb, ids: readonly string[]): Promise<void> {
  await storeCall(() => db.bodyQueue.bulkDelete([...ids]));
}
