// Tests' access to stored message bytes, through the store's own body repository (schema
// v14 packs them several to a record): what a test seeds is stored as the app stores it.
import type { BuzonDb } from '../../src/store/db.js';
import type { EmailRecord } from '../../src/store/records.js';
import {
  bodyTables,
  dropBodies,
  getBodiesOf,
  packInto,
  type BodyInput,
} from '../../src/store/repos/bodies.js';

/** Writes rows with their bytes, as one write of the app would (one pack per ~60 KB). */
export async function putRowsWithBodies(
  db: BuzonDb,
  rows: readonly EmailRecord[],
  bodies: readonly BodyInput[],
): Promise<void> {
  await db.transaction('rw', [db.emails, ...bodyTables(db)], async () => {
    const copies = rows.map((r) => ({ ...r }));
    await packInto(db, copies, bodies);
    await db.emails.bulkPut(copies);
  });
}

/** The stored bytes of a message, or undefined. */
export async function bodyOf(db: BuzonDb, id: string): Promise<Uint8Array | undefined> {
  return (await getBodiesOf(db, [id]))[0];
}

/** How many messages' bytes are on disk: every pack's entries (and v13 records left). */
export async function storedBodyCount(db: BuzonDb): Promise<number> {
  const packs = await db.bodyPacks.toArray();
  return packs.reduce((n, p) => n + p.ids.length, 0) + (await db.bodies.count());
}

/** The ids whose bytes are on disk, sorted. */
export async function storedBodyIdsOnDisk(db: BuzonDb): Promise<string[]> {
  const packs = await db.bodyPacks.toArray();
  return [...packs.flatMap((p) => p.ids), ...(await db.bodies.toCollection().primaryKeys())].sort();
}

/** A message whose bytes are not on this device (yet): its row stays, its bytes go. */
export async function removeBody(db: BuzonDb, id: string): Promise<void> {
  await db.transaction('rw', [db.emails, ...bodyTables(db)], async () => {
    const row = await db.emails.get(id);
    if (!row) return;
    await dropBodies(db, [row]);
    delete row.bodyPack;
    await db.emails.put(row);
  });
}

/** A message deleted as the sync deletes one the server no longer has: row and bytes. */
export async function deleteWithBody(db: BuzonDb, id: string): Promise<void> {
  await db.transaction('rw', [db.emails, ...bodyTables(db)], async () => {
    await dropBodies(db, [await db.emails.get(id)]);
    await db.emails.delete(id);
  });
}
