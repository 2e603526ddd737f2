// Message bytes, several to a record (schema v14, ADR 0004). Every reader and writer of
// bodies goes through here: the pack a row names, or the v13 body record it still has.
//
// Writes pack the bodies of one write together (a sync batch, an import batch), in the
// order given: messages stored together are mostly read together (newest first by the
// search build, a folder by an archive). Deleting a message rewrites its pack without it,
// in the same transaction, so deleted bytes leave the disk at once and nothing needs
// compacting. The in-transaction helpers must run in a transaction over `bodyTables(db)`
// (and `db.emails` where they read rows).
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { BodyPackRecord, BodyRecord, EmailRecord } from '../records.js';

/**
 * A pack is closed before it passes this many bytes; a larger body gets a pack of its own.
 * Chromium stores a value under 64 KB inline in its database (compressed) and a larger one
 * as a blob of its own. Session 25 (ADR 0004 amendment) measured packs of 256 KB against
 * 60 KB: writing the 10k corpus's rows and bodies 4.3–4.7 → 3.4–3.8 s, the sync bootstrap
 * 10.2 → 8.8 s (median of 4 interleaved rounds). Reading one message reads its pack, so
 * packs stay far below what a reader or a deletion's rewrite would notice.
 */
export const PACK_BYTES = 256_000;

/** What locates a message's bytes: its id and the pack its row names. */
export type BodyRef = Pick<EmailRecord, 'id' | 'bodyPack'>;

export interface BodyInput {
  id: string;
  raw: Uint8Array;
}

/**
 * Databases known to hold no v13 body record: code since v14 never writes one, so once
 * none is left (`noteLegacyBodies` at open, or the repack's last step) readers and
 * deleters stop asking that table. Until then a row without a pack costs one request there.
 */
const withoutLegacy = new WeakSet<BuzonDb>();

const mayHaveLegacy = (db: BuzonDb): boolean => !withoutLegacy.has(db);

/** Reads whether v13 body records are left (once, at open). */
export async function noteLegacyBodies(db: BuzonDb): Promise<void> {
  if ((await db.bodies.count()) === 0) withoutLegacy.add(db);
}

/** The ids of `refs` whose bytes may still be in a v13 record (none once the table is empty). */
function legacyIdsOf(db: BuzonDb, refs: readonly (BodyRef | undefined)[]): string[] {
  if (!mayHaveLegacy(db)) return [];
  return refs.flatMap((r) => (r && r.bodyPack === undefined ? [r.id] : []));
}

/** The tables a body read or write touches. */
export function bodyTables(db: BuzonDb) {
  return [db.bodyPacks, db.bodies];
}

/** Bodies as pack records, in order, each closed before it passes `cap` bytes. */
export function packBodies(items: readonly BodyInput[], cap = PACK_BYTES): BodyPackRecord[] {
  const packs: BodyPackRecord[] = [];
  let start = 0;
  while (start < items.length) {
    let bytes = (items[start] as BodyInput).raw.byteLength;
    let end = start + 1;
    while (end < items.length && bytes + (items[end] as BodyInput).raw.byteLength <= cap) {
      bytes += (items[end] as BodyInput).raw.byteLength;
      end++;
    }
    packs.push(joinPack(items.slice(start, end)));
    start = end;
  }
  return packs;
}

function joinPack(items: readonly BodyInput[]): BodyPackRecord {
  const bytes = new Uint8Array(items.reduce((n, i) => n + i.raw.byteLength, 0));
  const ends: number[] = [];
  let at = 0;
  for (const item of items) {
    bytes.set(item.raw, at);
    at += item.raw.byteLength;
    ends.push(at);
  }
  return { ids: items.map((i) => i.id), ends, bytes };
}

/** Message `i` of a pack, as bytes that own their buffer. */
function bodyAt(pack: BodyPackRecord, i: number): Uint8Array {
  const start = i === 0 ? 0 : (pack.ends[i - 1] as number);
  return pack.bytes.slice(start, pack.ends[i]);
}

/** The pack without the messages `drop`, or null when none is left. */
function withoutIds(pack: BodyPackRecord, drop: ReadonlySet<string>): BodyPackRecord | null {
  const kept: BodyInput[] = [];
  pack.ids.forEach((id, i) => {
    if (!drop.has(id)) kept.push({ id, raw: bodyAt(pack, i) });
  });
  if (kept.length === 0) return null;
  return { ...joinPack(kept), key: pack.key as number };
}

/**
 * Writes `bodies` in packs and names each one's pack on its row in `rows` (changed in
 * place): the caller writes the rows after, in the same transaction. A body whose id has
 * no row in `rows` is not written.
 */
export async function packInto(
  db: BuzonDb,
  rows: readonly EmailRecord[],
  bodies: readonly BodyInput[],
): Promise<void> {
  if (bodies.length === 0) return;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = bodies.filter((b) => byId.has(b.id));
  const packs = packBodies(items);
  const keys = await db.bodyPacks.bulkAdd(packs, { allKeys: true });
  packs.forEach((pack, p) => {
    for (const id of pack.ids) (byId.get(id) as EmailRecord).bodyPack = keys[p] as number;
  });
}

/**
 * Removes the bytes of these messages: each pack touched is rewritten without them (or
 * deleted when nothing is left), v13 records are deleted. Rows are not touched.
 */
export async function dropBodies(
  db: BuzonDb,
  refs: readonly (BodyRef | undefined)[],
): Promise<void> {
  const byPack = new Map<number, Set<string>>();
  const legacy: string[] = [];
  for (const ref of refs) {
    if (!ref) continue;
    if (ref.bodyPack === undefined) {
      if (mayHaveLegacy(db)) legacy.push(ref.id);
      continue;
    }
    const ids = byPack.get(ref.bodyPack) ?? new Set<string>();
    ids.add(ref.id);
    byPack.set(ref.bodyPack, ids);
  }
  if (legacy.length > 0) await db.bodies.bulkDelete(legacy);
  if (byPack.size === 0) return;
  const keys = [...byPack.keys()];
  const packs = await db.bodyPacks.bulkGet(keys);
  const rewritten: BodyPackRecord[] = [];
  const emptied: number[] = [];
  packs.forEach((pack, i) => {
    if (!pack) return;
    const next = withoutIds(pack, byPack.get(keys[i] as number) as Set<string>);
    if (next) rewritten.push(next);
    else emptied.push(keys[i] as number);
  });
  await db.bodyPacks.bulkPut(rewritten);
  await db.bodyPacks.bulkDelete(emptied);
}

/** `dropBodies` for messages known by id: their rows are read first (still there). */
export async function dropBodiesOf(db: BuzonDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await dropBodies(db, await db.emails.bulkGet([...ids]));
}

/**
 * The bytes of these messages, in order (undefined where they are not on this device).
 * One read per pack, however many of its messages are asked for.
 */
export async function readBodies(
  db: BuzonDb,
  refs: readonly (BodyRef | undefined)[],
): Promise<(Uint8Array | undefined)[]> {
  const keys = [...new Set(refs.flatMap((r) => (r?.bodyPack === undefined ? [] : [r.bodyPack])))];
  const legacyIds = legacyIdsOf(db, refs);
  const [packs, legacy] = await Promise.all([
    keys.length > 0 ? db.bodyPacks.bulkGet(keys) : [],
    legacyIds.length > 0 ? db.bodies.bulkGet(legacyIds) : [],
  ]);
  const packByKey = new Map(keys.map((k, i) => [k, packs[i]]));
  const legacyById = new Map(legacyIds.map((id, i) => [id, legacy[i]?.raw]));
  return refs.map((ref) => {
    if (!ref) return undefined;
    if (ref.bodyPack === undefined) return legacyById.get(ref.id);
    const pack = packByKey.get(ref.bodyPack);
    const i = pack ? pack.ids.indexOf(ref.id) : -1;
    return pack && i >= 0 ? bodyAt(pack, i) : undefined;
  });
}

/** Whether each message's bytes are on this device (without reading them). */
export async function haveBodies(
  db: BuzonDb,
  refs: readonly (BodyRef | undefined)[],
): Promise<boolean[]> {
  const legacyIds = legacyIdsOf(db, refs);
  const legacy = new Set(
    legacyIds.length > 0 ? await db.bodies.where(':id').anyOf(legacyIds).primaryKeys() : [],
  );
  return refs.map((r) => r !== undefined && (r.bodyPack !== undefined || legacy.has(r.id)));
}

/** `readBodies` for messages known by id (their rows are read first). */
export async function readBodiesOf(
  db: BuzonDb,
  ids: readonly string[],
): Promise<(Uint8Array | undefined)[]> {
  if (ids.length === 0) return [];
  return readBodies(db, await db.emails.bulkGet([...ids]));
}

/** The stored bytes of messages, outside any transaction. */
export function getBodiesOf(
  db: BuzonDb,
  ids: readonly string[],
): Promise<(Uint8Array | undefined)[]> {
  return storeCall(() =>
    db.transaction('r', [db.emails, ...bodyTables(db)], () => readBodiesOf(db, ids)),
  );
}

/** The stored bytes of messages whose rows the caller has, outside any transaction. */
export function getBodiesFor(
  db: BuzonDb,
  rows: readonly (BodyRef | undefined)[],
): Promise<(Uint8Array | undefined)[]> {
  return storeCall(() => db.transaction('r', bodyTables(db), () => readBodies(db, rows)));
}

/**
 * The message `row` now has the id `to` (a local message created on the server): its
 * bytes are filed under the new id in the same pack. Returns the row's new pack key.
 */
export async function renameBody(
  db: BuzonDb,
  row: BodyRef,
  to: string,
): Promise<number | undefined> {
  if (row.bodyPack === undefined) {
    if (!mayHaveLegacy(db)) return undefined;
    const old = await db.bodies.get(row.id);
    if (!old) return undefined;
    await db.bodies.delete(row.id);
    const [key] = await db.bodyPacks.bulkAdd(packBodies([{ id: to, raw: old.raw }]), {
      allKeys: true,
    });
    return key as number;
  }
  const pack = await db.bodyPacks.get(row.bodyPack);
  const i = pack ? pack.ids.indexOf(row.id) : -1;
  if (!pack || i < 0) return undefined;
  await db.bodyPacks.put({ ...pack, ids: pack.ids.map((id, j) => (j === i ? to : id)) });
  return row.bodyPack;
}

/** Bodies moved from v13 records into packs per `repackLegacyBodiesStep`. */
const REPACK_BATCH = 500;

/**
 * Packs the v13 records of `rows` (those without a pack yet, in the order given) and
 * writes the rows naming their packs. Returns the ids moved (their records are deleted
 * by the caller).
 */
async function moveLegacy(
  db: BuzonDb,
  rows: readonly (EmailRecord | undefined)[],
  records: readonly (BodyRecord | undefined)[],
): Promise<string[]> {
  const moved: EmailRecord[] = [];
  const items: BodyInput[] = [];
  rows.forEach((row, i) => {
    const raw = records[i]?.raw;
    if (!row || !raw || row.bodyPack !== undefined) return;
    moved.push(row);
    items.push({ id: row.id, raw });
  });
  await packInto(db, moved, items);
  await db.emails.bulkPut(moved);
  return moved.map((r) => r.id);
}

/**
 * Moves up to `batch` v13 body records into packs, in one transaction with their rows
 * (which then name their pack), in date order so that packs hold neighbours. A record whose
 * message is gone is deleted. Returns how many records are left.
 */
async function repackLegacyBodiesStep(db: BuzonDb, batch = REPACK_BATCH): Promise<number> {
  const left = await storeCall(() =>
    db.transaction('rw', [db.emails, ...bodyTables(db)], async () => {
      const ids = await db.bodies.limit(batch).primaryKeys();
      if (ids.length === 0) return 0;
      const [records, rows] = await Promise.all([db.bodies.bulkGet(ids), db.emails.bulkGet(ids)]);
      const byDate = ids
        .map((_, i) => ({ row: rows[i], record: records[i] }))
        .sort((a, b) => (b.row?.receivedAt ?? 0) - (a.row?.receivedAt ?? 0));
      await moveLegacy(
        db,
        byDate.map((x) => x.row),
        byDate.map((x) => x.record),
      );
      // Moved, or without a message any more.
      await db.bodies.bulkDelete(ids);
      return db.bodies.count();
    }),
  );
  // Only once committed: readers stop looking in the old table.
  if (left === 0) withoutLegacy.add(db);
  return left;
}

/**
 * Moves the v13 body records of `batch` rows in folder and date order (newest first) from
 * `offset` into packs, in one transaction with the rows. Returns how many rows it read.
 */
function repackRowsStep(db: BuzonDb, offset: number, batch: number): Promise<number> {
  return storeCall(() =>
    db.transaction('rw', [db.emails, ...bodyTables(db)], async () => {
      const rows = await db.emails
        .orderBy('[mailboxId+receivedAt]')
        .reverse()
        .offset(offset)
        .limit(batch)
        .toArray();
      const legacy = rows.filter((r) => r.bodyPack === undefined);
      const records = await db.bodies.bulkGet(legacy.map((r) => r.id));
      await db.bodies.bulkDelete(await moveLegacy(db, legacy, records));
      return rows.length;
    }),
  );
}

/**
 * Moves every v13 body record into packs, a batch per transaction (see the migration):
 * first walking the rows folder by folder, newest first, so that a pack holds messages
 * read together (a folder's page, the search build's newest first); then, in key order,
 * whatever that walk missed (rows written or moved meanwhile, records without a row).
 */
export async function repackLegacyBodies(db: BuzonDb, signal?: AbortSignal): Promise<void> {
  if (!mayHaveLegacy(db)) return;
  for (let offset = 0; !signal?.aborted; offset += REPACK_BATCH) {
    if ((await repackRowsStep(db, offset, REPACK_BATCH)) < REPACK_BATCH) break;
  }
  while (!signal?.aborted && mayHaveLegacy(db) && (await repackLegacyBodiesStep(db)) > 0) {
    /* one transaction per batch */
  }
}

/** Rows read per request by `withStoredBodies`. */
const ROWS_PER_READ = 1_000;

/**
 * Those of `ids` whose bytes are stored, in their order. A row names its pack; `known`
 * holds rows already read (the search index's first build reads every row), the rest are
 * read here. A row without a pack may still have a v13 body record until the repack ends.
 */
export async function withStoredBodies(
  db: BuzonDb,
  ids: readonly string[],
  known: ReadonlyMap<string, BodyRef> = new Map(),
): Promise<string[]> {
  const rows = new Map<string, BodyRef>(known);
  const unread = ids.filter((id) => !rows.has(id));
  for (let i = 0; i < unread.length; i += ROWS_PER_READ) {
    for (const row of await db.emails.bulkGet(unread.slice(i, i + ROWS_PER_READ))) {
      if (row) rows.set(row.id, row);
    }
  }
  const legacy = legacyIdsOf(
    db,
    ids.map((id) => rows.get(id)),
  );
  const inLegacy = new Set<string>();
  for (let i = 0; i < legacy.length; i += ROWS_PER_READ) {
    const keys = await db.bodies
      .where(':id')
      .anyOf(legacy.slice(i, i + ROWS_PER_READ))
      .primaryKeys();
    for (const key of keys) inLegacy.add(key);
  }
  return ids.filter((id) => rows.get(id)?.bodyPack !== undefined || inLegacy.has(id));
}
