// Merging segments that follow each other in document numbers into one: the same
// postings, fewer records to read per query. Small segments come from mail arriving a
// few messages at a time; without merging, a year of it would mean thousands of reads
// per query term.
import type { BlockRecord } from './block.js';
import { bucketOf, makeBlock, termsOf } from './block.js';
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
  const first = parts[0];
  if (!first) throw new RangeError('nothing to merge');
  const base = first.segment.base;
  const terms = new Map<string, { docs: number[]; masks: number[] }>();
  for (const { segment, blocks } of parts) {
    // Block data holds positions relative to its segment; the merged one counts from `base`.
    const shift = segment.base - base;
    for (const block of blocks) {
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
    }
  }
  const buckets = new Map<string, [string, Uint8Array][]>();
  for (const [term, { docs, masks }] of terms) {
    const bucket = bucketOf(term);
    const list = buckets.get(bucket) ?? [];
    list.push([term, encodePostings(docs, masks)]);
    buckets.set(bucket, list);
  }
  const ids = parts.flatMap((p) => p.segment.ids);
  const dates = new Float64Array(ids.length);
  let at = 0;
  for (const p of parts) {
    dates.set(p.segment.dates, at);
    at += p.segment.ids.length;
  }
  return {
    segment: {
      seg,
      base,
      ids,
      dates,
      folding: first.segment.folding,
      format: first.segment.format,
    },
    blocks: [...buckets].map(([bucket, entries]) => makeBlock(seg, bucket, entries)),
  };
}
