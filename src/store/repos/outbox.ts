// The Outbox (issue 4, ADR 0018): messages the user sent, until the server confirmed them.
// The only code that reads and writes the `outbox` and `outboxBytes` tables. A row is small
// (state, recipients, what Undo gives back); its built bytes live apart (schema v7), read
// once by the sender and deleted with the row.
import { liveQuery } from 'dexie';
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import type { OutboxRecord } from '../records.js';

/** A confirmed message stays listed as "Sent" this long, then leaves the Outbox. */
export const SENT_KEPT_MS = 60_000;

/** A new Outbox message: its row and its bytes, written together. */
export type NewOutboxRecord = OutboxRecord & { raw: Uint8Array };

export async function addOutbox(db: BuzonDb, record: NewOutboxRecord): Promise<void> {
  const { raw, ...row } = record;
  await db.transaction('rw', db.outbox, db.outboxBytes, async () => {
    await db.outbox.add(row);
    await db.outboxBytes.put({ id: row.id, raw });
  });
}

export function getOutbox(db: BuzonDb, id: string): Promise<OutboxRecord | undefined> {
  return db.outbox.get(id);
}

/** The message's built bytes, or null when the row is gone. */
export async function outboxBytes(db: BuzonDb, id: string): Promise<Uint8Array | null> {
  return (await db.outboxBytes.get(id))?.raw ?? null;
}

export async function patchOutbox(
  db: BuzonDb,
  id: string,
  patch: Partial<Omit<OutboxRecord, 'id'>>,
): Promise<void> {
  await db.outbox.update(id, patch);
}

async function deleteRows(db: BuzonDb, ids: readonly string[]): Promise<void> {
  await db.outbox.bulkDelete([...ids]);
  await db.outboxBytes.bulkDelete([...ids]);
}

export async function deleteOutbox(db: BuzonDb, id: string): Promise<void> {
  await db.transaction('rw', db.outbox, db.outboxBytes, () => deleteRows(db, [id]));
}

/**
 * SEND-13 Undo: the message (and its SMS companion) leaves the Outbox if it is still in
 * its undo window; resolves the row, or null when it can no longer be called back.
 */
export async function takeBackOutbox(
  db: BuzonDb,
  id: string,
  now: number,
): Promise<OutboxRecord | null> {
  return db.transaction('rw', db.outbox, db.outboxBytes, async () => {
    const row = await db.outbox.get(id);
    if (!row || row.state !== 'waiting' || row.sendAt <= now) return null;
    await deleteRows(db, [id, ...(row.companions ?? [])]);
    return row;
  });
}

/** SEND-13 Discard: a failed or waiting message leaves without being sent; resolves its row. */
export async function discardOutbox(db: BuzonDb, id: string): Promise<OutboxRecord | null> {
  return db.transaction('rw', db.outbox, db.outboxBytes, async () => {
    const row = await db.outbox.get(id);
    if (!row || (row.state !== 'failed' && row.state !== 'waiting')) return null;
    await deleteRows(db, [id]);
    return row;
  });
}

/** Oldest first; rows only (the bytes stay in their own table). */
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

/** Confirmed messages listed long enough are dropped from the Outbox, bytes and all. */
export async function pruneSentOutbox(db: BuzonDb, now: number): Promise<void> {
  const sent = await db.outbox.where('state').equals('sent').toArray();
  const old = sent.filter((r) => now - r.sendAt > SENT_KEPT_MS).map((r) => r.id);
  if (old.length > 0)
    await db.transaction('rw', db.outbox, db.outboxBytes, () => deleteRows(db, old));
}

/** Bytes of messages already confirmed are not needed any more (kept rows are only a list). */
export async function dropSentBytes(db: BuzonDb, id: string): Promise<void> {
  await db.outboxBytes.delete(id);
}
