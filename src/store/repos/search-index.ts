// The search index's tables (ADR 0024): segments, their blocks, the indexed text, and the
// ordered message ids the index is built from. The index is a cache of the messages:
// clearing it loses nothing, the worker builds it again.
import Dexie from 'dexie';
import type { BuzonDb } from '../db.js';
import type { EmailRecord } from '../records.js';
import type { BlockRecord } from '../../search/index/block.js';
import type { SegmentRecord } from '../../search/index/segment.js';

export async function loadSegments(db: BuzonDb): Promise<SegmentRecord[]> {
  return db.searchSegments.orderBy('seg').toArray();
}

/** Writes a whole segment at once: either it is there with all its blocks, or not. */
export async function writeSegment(
  db: BuzonDb,
  segment: SegmentRecord,
  blocks: readonly BlockRecord[],
): Promise<void> {
  await db.transaction('rw', [db.searchSegments, db.searchBlocks], async () => {
    await db.searchBlocks.bulkPut(blocks as BlockRecord[]);
    await db.searchSegments.put(segment);
  });
}

/** The blocks of `bucket` in each of `segs` (absent where a segment has no such terms). */
export async function blocksOf(
  db: BuzonDb,
  segs: readonly number[],
  bucket: string,
): Promise<BlockRecord[]> {
  const got = await db.searchBlocks.bulkGet(segs.map((s) => [s, bucket] as [number, string]));
  return got.filter((b): b is BlockRecord => b !== undefined);
}

/** Every block of one segment. */
export async function segmentBlocks(db: BuzonDb, seg: number): Promise<BlockRecord[]> {
  return db.searchBlocks
    .where('[seg+bucket]')
    .between([seg, Dexie.minKey], [seg, Dexie.maxKey])
    .toArray();
}

/** Deletes segments' records and blocks (inside the caller's transaction). */
async function deleteSegments(db: BuzonDb, segs: readonly number[]): Promise<void> {
  for (const seg of segs) {
    await db.searchBlocks
      .where('[seg+bucket]')
      .between([seg, Dexie.minKey], [seg, Dexie.maxKey])
      .delete();
  }
  await db.searchSegments.bulkDelete([...segs]);
}

/** Replaces segments by the one merged from them, in one transaction. */
export async function replaceSegments(
  db: BuzonDb,
  old: readonly number[],
  merged: SegmentRecord,
  blocks: readonly BlockRecord[],
): Promise<void> {
  await db.transaction('rw', [db.searchSegments, db.searchBlocks], async () => {
    await deleteSegments(db, old);
    await db.searchBlocks.bulkPut(blocks as BlockRecord[]);
    await db.searchSegments.put(merged);
  });
}

/** Forgets the whole index (a new folding version): it is built again. */
export async function clearSearchIndex(db: BuzonDb): Promise<void> {
  await db.transaction('rw', [db.searchSegments, db.searchBlocks], async () => {
    await db.searchSegments.clear();
    await db.searchBlocks.clear();
  });
}

export async function emailRows(
  db: BuzonDb,
  ids: readonly string[],
): Promise<(EmailRecord | undefined)[]> {
  return db.emails.bulkGet([...ids]);
}

/** The ids of every folder. */
export function folderIds(db: BuzonDb): Promise<string[]> {
  return db.mailboxes.toCollection().primaryKeys();
}

/** What the index reads of a message's row: its date, header fields and marks. */
export type IndexRowFields = Pick<
  EmailRecord,
  'id' | 'receivedAt' | 'subject' | 'from' | 'to' | 'cc' | 'hasAttachment' | 'priority' | 'bodyPack'
>;

/** A row trimmed to what the index reads, so the rest of it can be collected. */
export function indexRowFields(row: EmailRecord): IndexRowFields {
  const { id, receivedAt, subject, from, to, cc, hasAttachment, priority, bodyPack } = row;
  const fields = { id, receivedAt, subject, from, to, cc, hasAttachment, priority };
  return bodyPack === undefined ? fields : { ...fields, bodyPack };
}

/**
 * Every row, in primary-key order, `chunk` per read (one getAll each): a first build's
 * rows without one IndexedDB request per message.
 */
export async function eachEmailRow(
  db: BuzonDb,
  chunk: number,
  onRows: (rows: EmailRecord[]) => void,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: EmailRecord[] = await (
      after === null ? db.emails.toCollection() : db.emails.where(':id').above(after)
    )
      .limit(chunk)
      .toArray();
    if (rows.length > 0) onRows(rows);
    if (rows.length < chunk) return;
    after = (rows[rows.length - 1] as EmailRecord).id;
  }
}

/** The ids of one folder's messages. */
export async function folderMessageIds(db: BuzonDb, mailboxId: string): Promise<Set<string>> {
  const keys = await db.emails
    .where('[mailboxId+receivedAt]')
    .between([mailboxId, Dexie.minKey], [mailboxId, Dexie.maxKey])
    .primaryKeys();
  return new Set(keys);
}

/** The ids of every unread message (one index range per folder). */
export async function unreadMessageIds(db: BuzonDb): Promise<Set<string>> {
  const out = new Set<string>();
  for (const box of await db.mailboxes.toArray()) {
    const keys = await db.emails
      .where('[mailboxId+seen+receivedAt]')
      .between([box.id, 0, Dexie.minKey], [box.id, 0, Dexie.maxKey])
      .primaryKeys();
    for (const id of keys) out.add(id);
  }
  return out;
}

/** Every message (or one folder's), newest first, as ids with their dates. */
/**
 * Every message id by folder, oldest first within each: one key-only read per folder
 * (IndexedDB getAllKeys), never a cursor. Walking the folder index's keys with a cursor to
 * get dates as well took seconds of the worker's time at 100k messages, one callback per
 * message, and held up the first search after a start.
 */
export async function messageIdsByFolder(db: BuzonDb): Promise<Map<string, string[]>> {
  const boxes = await folderIds(db);
  const lists = await Promise.all(
    boxes.map((mailboxId) =>
      db.emails
        .where('[mailboxId+receivedAt]')
        .between([mailboxId, Dexie.minKey], [mailboxId, Dexie.maxKey])
        .primaryKeys(),
    ),
  );
  return new Map(boxes.map((mailboxId, i) => [mailboxId, lists[i] ?? []]));
}

export async function messagesNewestFirst(
  db: BuzonDb,
  mailboxId: string | null,
): Promise<{ id: string; receivedAt: number }[]> {
  const range =
    mailboxId === null
      ? db.emails.orderBy('[mailboxId+receivedAt]')
      : db.emails
          .where('[mailboxId+receivedAt]')
          .between([mailboxId, Dexie.minKey], [mailboxId, Dexie.maxKey]);
  // Keys and primary keys of one index walk come in the same order.
  const [keys, ids] = await Promise.all([range.keys(), range.primaryKeys()]);
  const out = ids.map((id, i) => ({ id, receivedAt: (keys[i] as unknown as [string, number])[1] }));
  return out.sort((a, b) => b.receivedAt - a.receivedAt);
}

/** The buckets one segment has blocks for (keys only). */
export async function segmentBuckets(db: BuzonDb, seg: number): Promise<string[]> {
  const keys = await db.searchBlocks
    .where('[seg+bucket]')
    .between([seg, Dexie.minKey], [seg, Dexie.maxKey])
    .primaryKeys();
  return keys.map((k) => (k as unknown as [number, string])[1]);
}

/** `out[i * buckets.length + j]`: the block of `buckets[j]` in `segs[i]`, or undefined. */
export async function blocksOfBuckets(
  db: BuzonDb,
  segs: readonly number[],
  buckets: readonly string[],
): Promise<(BlockRecord | undefined)[]> {
  return db.searchBlocks.bulkGet(
    segs.flatMap((s) => buckets.map((b) => [s, b] as [number, string])),
  );
}

/** Blocks of a segment not yet recorded (a merge writing its result bucket by bucket). */
export async function putBlocks(db: BuzonDb, blocks: readonly BlockRecord[]): Promise<void> {
  await db.searchBlocks.bulkPut(blocks as BlockRecord[]);
}

/**
 * Makes a merge written bucket by bucket visible: the merged segment's record replaces the
 * old segments' records, and their blocks go, in one transaction.
 */
export async function commitMerge(
  db: BuzonDb,
  old: readonly number[],
  merged: SegmentRecord,
): Promise<void> {
  await db.transaction('rw', [db.searchSegments, db.searchBlocks], async () => {
    await deleteSegments(db, old);
    await db.searchSegments.put(merged);
  });
}

/**
 * Deletes blocks of segments numbered after `lastSeg`: what a merge had written when the
 * app stopped before its commit (a new segment always takes the next number).
 */
export async function dropBlocksAfter(db: BuzonDb, lastSeg: number): Promise<void> {
  await db.searchBlocks
    .where('[seg+bucket]')
    .between([lastSeg + 1, Dexie.minKey], [Infinity, Dexie.maxKey], true, true)
    .delete();
}
