// Sync bookkeeping in the account's database: JMAP state strings and the bootstrap
// cursor by name (`syncState`), the whole id list (recovery), and eviction when the
// offline window shrinks.
import Dexie from 'dexie';
import type { BuzonDb } from '../db.js';
import { CountDeltas } from '../counts.js';
import { storeCall } from '../errors.js';
import type { StateKey } from './server-types.js';
import { ThreadChanges } from '../repos/thread-changes.js';
import { bodyTables, dropBodies } from '../repos/bodies.js';

export async function readState(db: BuzonDb, key: StateKey): Promise<string | null> {
  const rec = await storeCall(() => db.syncState.get(key));
  return typeof rec?.value === 'string' ? rec.value : null;
}

export async function writeState(db: BuzonDb, key: StateKey, value: string): Promise<void> {
  await storeCall(() => db.syncState.put({ key, value }));
}

export async function clearState(db: BuzonDb, key: StateKey): Promise<void> {
  await storeCall(() => db.syncState.delete(key));
}

/** Writes `values` and removes `cleared` in one transaction (all or nothing). */
export async function writeStates(
  db: BuzonDb,
  values: Partial<Record<StateKey, string>>,
  cleared: readonly StateKey[] = [],
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.syncState, async () => {
      await db.syncState.bulkPut(Object.entries(values).map(([key, value]) => ({ key, value })));
      await db.syncState.bulkDelete([...cleared]);
    }),
  );
}

/** Every message id on this device (recovery compares them with the server's). */
export function listAllEmailIds(db: BuzonDb): Promise<string[]> {
  return storeCall(() => db.emails.toCollection().primaryKeys());
}

/**
 * The offline window shrank: messages received before `cutoff` leave this device (they
 * stay on the server). Messages with a pending change stay until it is sent. Returns how
 * many left.
 */
export async function evictOlderThan(db: BuzonDb, cutoff: number): Promise<number> {
  return storeCall(() =>
    db.transaction(
      'rw',
      [db.mailboxes, db.emails, ...bodyTables(db), db.bodyQueue, db.ops, db.threads],
      async () => {
        const pending = new Set((await db.ops.toArray()).map((o) => o.target));
        const deltas = new CountDeltas();
        const threads = new ThreadChanges();
        let evicted = 0;
        for (const mb of await db.mailboxes.toArray()) {
          const rows = await db.emails
            .where('[mailboxId+receivedAt]')
            .between([mb.id, Dexie.minKey], [mb.id, cutoff])
            .toArray();
          const gone = rows.filter((r) => !pending.has(r.id));
          for (const r of gone) {
            deltas.row(r, -1);
            threads.remove(r);
          }
          const ids = gone.map((r) => r.id);
          await dropBodies(db, gone);
          await db.emails.bulkDelete(ids);
          await db.bodyQueue.bulkDelete(ids);
          evicted += ids.length;
        }
        await deltas.apply(db);
        await threads.apply(db);
        return evicted;
      },
    ),
  );
}
