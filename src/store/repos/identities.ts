// The cached sender identities (SEND-7): replaced as a whole by each refresh from the
// server, read by the composer and Settings, online or not.
import { liveQuery } from 'dexie';
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { IdentityRecord } from '../records.js';
import type { Subscribable } from '../../state/observable.js';

/** Default first, then the server's order. */
function ordered(rows: IdentityRecord[]): IdentityRecord[] {
  return rows.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.order - b.order);
}

export async function listIdentities(db: BuzonDb): Promise<IdentityRecord[]> {
  return ordered(await storeCall(() => db.identities.toArray()));
}

export function observeIdentities(db: BuzonDb): Subscribable<IdentityRecord[]> {
  return liveQuery(async () => ordered(await db.identities.toArray()));
}

/** The server's whole list, in one transaction (what it no longer has goes). */
export async function replaceIdentities(
  db: BuzonDb,
  rows: readonly IdentityRecord[],
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.identities, async () => {
      await db.identities.clear();
      await db.identities.bulkPut([...rows]);
    }),
  );
}
