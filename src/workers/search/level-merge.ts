// Merging full segments into larger ones, four at a time (5,000 → 20,000 → 80,000
// messages): a query reads one block per segment for each bucket it needs, so at 100k
// messages twenty 5,000-message segments meant twenty reads per word on a query's first
// run (ADR 0024, session 8). The merge goes bucket by bucket, a few hundred at a time, so
// it holds one chunk's terms in memory, never the whole index's, and a search waiting in
// between is served. Its blocks are written under the next segment number, invisible to
// queries until one transaction swaps the segment records; a merge cut short by a stop
// leaves blocks after the last recorded segment, which the next open deletes.
import type { BuzonDb } from '../../store/db.js';
import {
  blocksOfBuckets,
  commitMerge,
  putBlocks,
  segmentBuckets,
} from '../../store/repos/search-index.js';
import type { BlockRecord } from '../../search/index/block.js';
import { mergeBucket, mergedSegment } from '../../search/index/merge.js';
import { SEGMENT_DOCS, type SegmentRecord } from '../../search/index/segment.js';

/** Segments of one size class merged into one: each merge makes reads per word 4× fewer. */
export const LEVEL_FANOUT = 4;
/**
 * Buckets merged per read and write: a few hundred keep each step's reads, memory and write
 * small (a few MB at the 80,000-message level), so a search never waits long behind one.
 */
const BUCKETS_PER_CHUNK = 400;

/** A full segment's size class: 0 for 5,000–19,999 messages, 1 up to 79,999, …; −1 below. */
function levelOf(segment: SegmentRecord): number {
  const n = segment.ids.length;
  if (n < SEGMENT_DOCS) return -1;
  return Math.floor(Math.log(n / SEGMENT_DOCS) / Math.log(LEVEL_FANOUT) + 1e-9);
}

/** The oldest run of LEVEL_FANOUT consecutive full segments of one size class, or null. */
export function planLevelMerge(segments: readonly SegmentRecord[]): SegmentRecord[] | null {
  for (let i = 0; i + LEVEL_FANOUT <= segments.length; i++) {
    const run = segments.slice(i, i + LEVEL_FANOUT);
    const level = levelOf(run[0] as SegmentRecord);
    if (level >= 0 && run.every((s) => levelOf(s) === level)) return run;
  }
  return null;
}

/**
 * Merges `parts` (consecutive, ascending) into segment number `seg` and commits it; answers
 * the merged record. `pause` runs between chunks (a search goes first).
 */
export async function mergeLevel(
  db: BuzonDb,
  parts: readonly SegmentRecord[],
  seg: number,
  pause: () => Promise<void>,
): Promise<SegmentRecord> {
  const segs = parts.map((p) => p.seg);
  const all = new Set<string>();
  for (const s of segs) for (const bucket of await segmentBuckets(db, s)) all.add(bucket);
  const buckets = [...all].sort();
  for (let at = 0; at < buckets.length; at += BUCKETS_PER_CHUNK) {
    const chunk = buckets.slice(at, at + BUCKETS_PER_CHUNK);
    const got = await blocksOfBuckets(db, segs, chunk);
    const merged: BlockRecord[] = [];
    chunk.forEach((bucket, j) => {
      const row = segs.map((_, i) => got[i * chunk.length + j]);
      const block = mergeBucket(parts, row, seg, bucket);
      if (block) merged.push(block);
    });
    await putBlocks(db, merged);
    await pause();
  }
  const segment = mergedSegment(parts, seg);
  await commitMerge(db, segs, segment);
  return segment;
}
