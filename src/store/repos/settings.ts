// Settings as key/value rows, and the senders whose remote content the user trusts (VIEW-2).
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import { observeQuery } from '../live.js';

export function observeSettingValues(db: BuzonDb): Subscribable<Map<string, unknown>> {
  return observeQuery(
    async () => new Map((await db.settings.toArray()).map((r) => [r.key, r.value])),
  );
}

export async function listSettingValues(db: BuzonDb): Promise<Map<string, unknown>> {
  return storeCall(async () => new Map((await db.settings.toArray()).map((r) => [r.key, r.value])));
}

export async function putSettingValues(
  db: BuzonDb,
  values: Readonly<Record<string, unknown>>,
): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => ({ key, value }));
  await storeCall(() => db.settings.bulkPut(rows));
}

export async function getTrustedSender(db: BuzonDb, address: string): Promise<boolean> {
  return (await storeCall(() => db.trustedSenders.get(address.toLowerCase()))) !== undefined;
}

export async function putTrustedSender(db: BuzonDb, address: string, now: number): Promise<void> {
  await storeCall(() => db.trustedSenders.put({ address: address.toLowerCase(), addedAt: now }));
}
