// Raw bodies of synced messages, downloaded newest first after the rows (ADR 0012).
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { BodyQueueRecord, EmailRecord } from '../records.js';
import { ownedBytes } from '../repos/emails.js';

export function nextBodies(db: BuzonDb, limit: number): Promise<BodyQueueRecord[]> {
  return storeCall(() => db.bodyQueue.orderBy('receivedAt').reverse().limit(limit).toArray());
}

export function countQueuedBodies(db: BuzonDb): Promise<number> {
  return storeCall(() => db.bodyQueue.count());
}

/** The fields a body gives a row: everything but where it is and its keywords. */
export type BodyDerived = Pick<
  EmailRecord,
  | 'messageId'
  | 'sortSubject'
  | 'sortFrom'
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
    db.transaction('rw', db.emails, db.bodies, db.bodyQueue, async () => {
      await db.bodyQueue.delete(id);
      const row = await db.emails.get(id);
      if (!row) return;
      await db.emails.put({ ...row, ...derived, size: raw.byteLength });
      await db.bodies.put({ id, raw: ownedBytes(raw) });
    }),
  );
}

/** A body that cannot be downloaded (gone on the server): stop asking for it. */
export async function forgetQueuedBody(db: BuzonDb, id: string): Promise<void> {
  await storeCall(() => db.bodyQueue.delete(id));
}
