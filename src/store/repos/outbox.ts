// The Outbox (issue 4, ADR 0018): messages the user sent, until the server confirmed them.
// The only code that reads and writes the `outbox` table.
import { liveQuery } from 'dexie';
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import type { OutboxRecord } from '../records.js';

/** A confirmed message stays listed as "Sent" this long, then leaves the Outbox. */
export const SENT_KEPT_MS = 60_000;

export async function addOutbox(db: BuzonDb, record: OutboxRecord): Promise<void> {
  await db.outbox.add(record);
}

export function getOutbox(db: BuzonDb, id: string): Promise<OutboxRecord | undefined> {
  return db.outbox.get(id);
}

export async function patchOutbox(
  db: BuzonDb,
  id: string,
  patch: Partial<Omit<OutboxRecord, 'id'>>,
): Promise<void> {
  await db.outbox.update(id, patch);
}

export async function deleteOutbox(db: BuzonDb, id: string): Promise<void> {
  await db.outbox.delete(id);
}

/** Oldest first, without their bytes' weight in the view (the raw stays in the table). */
export function observeOutbox(db: BuzonDb): Subscribable<OutboxRecord[]> {
  return liveQuery(() => db.outbox.orderBy('createdAt').toArray());
}

/**
 * What should leave now: waiting ones past their undo window, queued ones, and a
 * `sending` one left by an interrupted attempt (a crash or a closed tab).
 */
export async function dueOutbox(db: BuzonDb, now: number): Promise<OutboxRecord[]> {
  const rows = await db.outbox.where('state').anyOf('waiting', 'queued', 'sending').toArray();
  return rows
    .filter((r) => r.state !== 'waiting' || r.sendAt <= now)
    .sort((a, b) => a.createdAt - b.createdAt);
}

/** The earliest time a waiting message becomes due, for the sync service's timer. */
export async function nextOutboxAt(db: BuzonDb): Promise<number | null> {
  const waiting = await db.outbox.where('state').equals('waiting').toArray();
  return waiting.length === 0 ? null : Math.min(...waiting.map((r) => r.sendAt));
}

/** Confirmed messages listed long enough are dropped from the Outbox. */
export async function pruneSentOutbox(db: BuzonDb, now: number): Promise<void> {
  const sent = await db.outbox.where('state').equals('sent').toArray();
  const old = sent.filter((r) => now - r.sendAt > SENT_KEPT_MS).map((r) => r.id);
  if (old.length > 0) await db.outbox.bulkDelete(old);
}
