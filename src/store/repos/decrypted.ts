// PGP-4 (ADR 0031): decrypted copies the user chose to keep, one per message, in the
// database of the mailbox the message is in (beside it and its search index). Written only
// by the PgpService, for an own key whose opt-in is on; read by the reader (through the
// service) and by the search worker (the text it indexes instead of the ciphertext).
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { DecryptedRecord } from '../records.js';

export function putDecrypted(db: BuzonDb, row: DecryptedRecord): Promise<void> {
  return storeCall(async () => {
    await db.decrypted.put(row);
  });
}

export function getDecrypted(db: BuzonDb, id: string): Promise<DecryptedRecord | undefined> {
  return storeCall(() => db.decrypted.get(id));
}

/** The ids of every kept copy (a key-only read: the table is small, usually empty). */
export function decryptedIds(db: BuzonDb): Promise<string[]> {
  return storeCall(() => db.decrypted.toCollection().primaryKeys());
}

/** The kept text of each message, undefined where none is kept (one read for a batch). */
export async function decryptedTexts(
  db: BuzonDb,
  ids: readonly string[],
): Promise<(string | undefined)[]> {
  const rows = await storeCall(() => db.decrypted.bulkGet([...ids]));
  return rows.map((r) => r?.text);
}

/** Deletes the kept copies of these messages (deleted for good, or gone from the mailbox). */
export async function deleteDecrypted(db: BuzonDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await storeCall(() => db.decrypted.bulkDelete([...ids]));
}

/** The opt-in was turned off, or the key deleted: every copy it decrypted goes at once. */
export function deleteDecryptedForKey(db: BuzonDb, fingerprint: string): Promise<number> {
  return storeCall(() => db.decrypted.where('fingerprint').equals(fingerprint).delete());
}

/**
 * Deletes the copies made by keys that no longer keep (opt-in off, or deleted) while this
 * mailbox's database was closed: keys live in the device's database, and an opt-out purges
 * only the mailbox shown then. Run when a mailbox opens; costs one count when none is kept.
 * Returns how many were deleted.
 */
export async function dropUnwantedDecrypted(mailDb: BuzonDb, deviceDb: BuzonDb): Promise<number> {
  if ((await storeCall(() => mailDb.decrypted.count())) === 0) return 0;
  const keys = await storeCall(() => deviceDb.pgpKeys.toArray());
  const keeping = new Set(
    keys.filter((k) => k.kind === 'own' && k.storeDecrypted).map((k) => k.fingerprint),
  );
  return storeCall(() => mailDb.decrypted.filter((row) => !keeping.has(row.fingerprint)).delete());
}
