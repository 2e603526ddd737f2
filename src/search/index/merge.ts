// Merging segments that follow each other in document numbers into one: the same
// postings, fewer records to read per query. Small segments come from mail arriving a
// few messages at a time; without merging, a year of it would mean thousands of reads
// per query term.
import type { BlockRecord } from './block.js';
import { makeBlock, termsOf } from './block.js';
import { decodePostings, encodePostings } from './postings.js';
import type { SegmentRecord } from './segment.js';

/** One of the segments to merge, with every one of its blocks. */
export interface SegmentWithBlocks {
  segment: SegmentRecord;
  blocks: readonly BlockRecord[];
}

/**
 * Merges consecutive segments (ascending base, no gaps) into segment number `seg`. The
 * documents in `drop` (global numbers) lose every posting: their words leave the disk, their
 * numbers stay (ADR 0031: a deleted kept copy's text).
 */
export function mergeSegments(
  parts: readonly SegmentWithBlocks[],
  seg: number,
  drop: ReadonlySet<number> = new Set(),
): { segment: SegmentRecord; blocks: BlockRecord[] } {
  const segments = parts.map((p) => p.segment);
  const byBucket = new Map<string, (BlockRecord | undefined)[]>();
  parts.forEach(({ blocks }, i) => {
    for (const block of blocks) {
      let row = byBucket.get(block.bucket);
      if (!row) {
        row = new Array<BlockRecord | undefined>(parts.length);
        byBucket.set(block.bucket, row);
      }
      row[i] = block;
    }
  });
  const blocks: BlockRecord[] = [];
  for (const [bucket, row] of byBucket) {
    const merged = mergeBucket(segments, row, seg, bucket, drop);
    if (merged) blocks.push(merged);
  }
  return { segment: mergedSegment(segments, seg), blocks };
}

/** The record of the segment merged from `segments` (ascending base, no gaps). */
export function mergedSegment(segments: readonly SegmentRecord[], seg: number): SegmentRecord {
  const first = segments[0];
  if (!first) throw new RangeError('nothing to merge');
  const ids = segments.flatMap((s) => s.ids);
  const dates = new Float64Array(ids.length);
  let at = 0;
  for (const s of segments) {
    dates.set(s.dates, at);
    at += s.ids.length;
  }
  return {
    seg,
    base: first.base,
    ids,
    dates,
    folding: first.folding,
    format: first.format,
  };
}

/**
 * One bucket of the merged segment: `blocks[i]` is that bucket's block in `segments[i]`
 * (undefined where it has none). Null when no posting is left. A merge can go bucket by
 * bucket this way, holding one bucket's terms at a time rather than the whole index's.
 */
export function mergeBucket(
  segments: readonly SegmentRecord[],
  blocks: readonly (BlockRecord | undefined)[],
  seg: number,
  bucket: string,
  drop: ReadonlySet<number> = new Set(),
): BlockRecord | null {
  const base = segments[0]?.base ?? 0;
  const terms = new Map<string, { docs: number[]; masks: number[] }>();
  segments.forEach((segment, k) => {
    const block = blocks[k];
    if (!block) return;
    // Block data holds positions relative to its segment; the merged one counts from `base`.
    const shift = segment.base - base;
    termsOf(block).forEach((term, i) => {
      const p = decodePostings(
        block.data,
        block.offsets[i] as number,
        block.offsets[i + 1] as number,
        shift,
      );
      // Segments come in ascending order, so appending keeps every list ascending.
      for (let j = 0; j < p.docs.length; j++) {
        const doc = p.docs[j] as number;
        if (drop.size > 0 && drop.has(base + doc)) continue;
        let entry = terms.get(term);
        if (!entry) {
          entry = { docs: [], masks: [] };
          terms.set(term, entry);
        }
        entry.docs.push(doc);
        entry.masks.push(p.masks[j] as number);
      }
    });
  });
  if (terms.size === 0) return null;
  const entries: [string, Uint8Array][] = [];
  for (const [term, { docs, masks }] of terms) entries.push([term, encodePostings(docs, masks)]);
  return makeBlock(seg, bucket, entries);
}
