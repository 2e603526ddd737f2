// The op queue's bookkeeping (ADR 0012): which ops are due, and what happens to them once
// the server answered. Ops of one target replay in order: while the oldest waits on a
// backoff, the later ones wait too.
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import { observeQuery } from '../live.js';
import type { EmailRecord, OpRecord } from '../records.js';
import { bodyTables, renameBody } from '../repos/bodies.js';
import { journal } from './journal.js';
import { noteRenamed } from '../repos/renames.js';
import { ThreadChanges } from '../repos/thread-changes.js';
import { queueForThreading } from '../repos/thread-queue.js';

// Why these: a flaky server is retried quickly at first, then every few minutes at most,
// so a long outage neither hammers it nor leaves a change waiting for an hour.
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** Ops ready to send now, oldest first, at most `limit`. */
export async function listDueOps(db: BuzonDb, now: number, limit: number): Promise<OpRecord[]> {
  return storeCall(async () => {
    const blocked = new Set<string>();
    const due: OpRecord[] = [];
    await db.ops
      .orderBy('seq')
      .until(() => due.length >= limit)
      .each((rec) => {
        if (blocked.has(rec.target)) return;
        if (rec.notBefore > now) {
          blocked.add(rec.target);
          return;
        }
        due.push(rec);
      });
    return due;
  });
}

export function countOps(db: BuzonDb): Promise<number> {
  return storeCall(() => db.ops.count());
}

export function observeOpCount(db: BuzonDb): Subscribable<number> {
  return observeQuery(() => db.ops.count());
}

/** The earliest time a waiting op may be retried, or null when none waits. */
export async function nextRetryAt(db: BuzonDb): Promise<number | null> {
  return storeCall(async () => {
    let min: number | null = null;
    await db.ops.each((rec) => {
      if (rec.notBefore > 0 && (min === null || rec.notBefore < min)) min = rec.notBefore;
    });
    return min;
  });
}

/**
 * The server applied these ops. An op changed meanwhile (a newer change was coalesced
 * in, `rev` moved on) stays, to be sent again: patches are idempotent.
 */
export async function completeOps(db: BuzonDb, sent: readonly OpRecord[]): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.ops, async () => {
      for (const rec of sent) {
        const now = await db.ops.get(rec.seq as number);
        if (now && now.rev === rec.rev) await db.ops.delete(rec.seq as number);
      }
    }),
  );
}

/** A temporary failure: retried after a backoff, never dropped. */
export async function retryOpsLater(
  db: BuzonDb,
  sent: readonly OpRecord[],
  error: string,
  now: number,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.ops, async () => {
      for (const rec of sent) {
        const cur = await db.ops.get(rec.seq as number);
        if (!cur) continue;
        const attempts = cur.attempts + 1;
        await db.ops.put({
          ...cur,
          attempts,
          notBefore: now + backoffMs(attempts),
          lastError: error,
        });
      }
    }),
  );
}

/** The server refused for good: the op goes (the caller tells the user and refetches). */
export async function dropOps(db: BuzonDb, seqs: readonly number[]): Promise<void> {
  await storeCall(() => db.ops.bulkDelete([...seqs]));
}

/**
 * A folder created offline now exists on the server. Also rewrites pending ops that name
 * it as a parent, so they resolve.
 */
export async function setMailboxServerId(
  db: BuzonDb,
  localId: string,
  serverId: string,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.mailboxes, async () => {
      const mb = await db.mailboxes.get(localId);
      if (mb) await db.mailboxes.put({ ...mb, serverId });
    }),
  );
}

/**
 * A message imported here now exists on the server as `serverId`: the row, its body and
 * its pending ops move to the server's id in one transaction (the list shows it under its
 * new id at once), which leaves a note for whatever still holds the old id (an open
 * reader, a click in flight: repos/renames.ts). Returns false when the row was deleted
 * meanwhile.
 */
export async function rekeyEmail(
  db: BuzonDb,
  localId: string,
  serverId: string,
  extra: { blobId: string; threadId: string },
  at: number,
): Promise<boolean> {
  return storeCall(() =>
    db.transaction(
      'rw',
      [
        db.emails,
        ...bodyTables(db),
        db.ops,
        db.bodyQueue,
        db.threads,
        db.threadQueue,
        db.emailRenames,
      ],
      async () => {
        const row = await db.emails.get(localId);
        if (!row) return false;
        const bodyPack = await renameBody(db, row, serverId);
        await db.emails.delete(localId);
        await db.bodyQueue.delete(localId);
        const next: EmailRecord = { ...row, id: serverId, ...extra };
        delete next.bodyPack;
        if (bodyPack !== undefined) next.bodyPack = bodyPack;
        const threads = new ThreadChanges();
        // Not threaded yet (queued, or stored before v10): queued under its new id.
        if (next.threadKey === undefined) {
          await db.threadQueue.where('id').equals(localId).delete();
          await queueForThreading(db, [serverId]);
        } else threads.change(row, next); // the row may name the old id as newest/oldest/sender
        await db.emails.put(next);
        await noteRenamed(db, localId, serverId, at);
        await threads.apply(db);
        await db.ops
          .where('target')
          .equals(localId)
          .modify((rec) => {
            rec.target = serverId;
            rec.op = { ...rec.op, target: serverId };
          });
        return true;
      },
    ),
  );
}

/** Queues the server-side delete of a message that is already gone here. */
export async function journalDestroy(db: BuzonDb, id: string): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.ops, () =>
      journal(db, [{ kind: 'email-destroy', target: id }], Date.now()),
    ),
  );
}
