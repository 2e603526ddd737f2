// Merging segments that follow each other in document numbers into one: the same
// postings, fewer records to read per query. Small segments come from mail arriving a
// few messages at a time; without merging, a year of it would mean thousands of reads
// per query term.
import type { BlockRecord } from './block.js';
import { makeBlock, termsOf } from './block.js';
import { decodePostings, encodePostings, putVarint } from './postings.js';
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
  const entries: [string, Uint8Array][] = [];
  for (const [term, parts] of termParts(segments, blocks, base)) {
    // Nothing dropped: the bytes are copied (splicePostings); else decoded and filtered.
    const postings = drop.size === 0 ? splicePostings(parts) : filteredPostings(parts, base, drop);
    if (postings.length > 0) entries.push([term, postings]);
  }
  return entries.length === 0 ? null : makeBlock(seg, bucket, entries);
}

/** Where one term's postings sit in one segment's block. */
interface Part {
  block: BlockRecord;
  start: number;
  end: number;
  /** How far this segment's documents are from the merged segment's base. */
  shift: number;
}

/** Each term of the blocks with where its postings sit in each segment, in segment order. */
function termParts(
  segments: readonly SegmentRecord[],
  blocks: readonly (BlockRecord | undefined)[],
  base: number,
): Map<string, Part[]> {
  const terms = new Map<string, Part[]>();
  segments.forEach((segment, k) => {
    const block = blocks[k];
    if (!block) return;
    // Block data holds positions relative to its segment; the merged one counts from `base`.
    const shift = segment.base - base;
    termsOf(block).forEach((term, i) => {
      const part = {
        block,
        start: block.offsets[i] as number,
        end: block.offsets[i + 1] as number,
        shift,
      };
      const parts = terms.get(term);
      if (parts) parts.push(part);
      else terms.set(term, [part]);
    });
  });
  return terms;
}

/** One term's postings without the documents in `drop`: every posting decoded and encoded. */
function filteredPostings(
  parts: readonly Part[],
  base: number,
  drop: ReadonlySet<number>,
): Uint8Array {
  const docs: number[] = [];
  const masks: number[] = [];
  // Segments come in ascending order, so appending keeps the list ascending.
  for (const { block, start, end, shift } of parts) {
    const p = decodePostings(block.data, start, end, shift);
    for (let j = 0; j < p.docs.length; j++) {
      const doc = p.docs[j] as number;
      if (drop.has(base + doc)) continue;
      docs.push(doc);
      masks.push(p.masks[j] as number);
    }
  }
  return encodePostings(docs, masks);
}

/**
 * One term's merged postings from its parts, in segment order, when nothing is dropped:
 * the segments' bytes one after another, documents ascending across them, so only the
 * first document delta of each later part is written again (against the last document
 * before it); every other byte is copied. The same bytes as decoding and encoding every
 * posting (filteredPostings), at the cost of a scan for each part's last document.
 */
function splicePostings(parts: readonly Part[]): Uint8Array {
  const only = parts[0] as Part;
  if (parts.length === 1 && only.shift === 0) return only.block.data.slice(only.start, only.end);
  // A rewritten first delta takes at most 5 bytes where the old one took at least 1.
  const out = new Uint8Array(parts.reduce((n, p) => n + p.end - p.start + 4, 0));
  let at = 0;
  let last = 0;
  for (const { block, start, end, shift } of parts) {
    if (end <= start) continue;
    const bytes = block.data;
    // The part's first document, relative to its own segment, and where its mask byte is.
    let first = 0;
    let scale = 1;
    let i = start;
    for (;;) {
      const b = bytes[i++] as number;
      first += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
    }
    at = putVarint(out, at, first + shift - last);
    out.set(bytes.subarray(i, end), at);
    at += end - i;
    last = shift + lastDoc(bytes, start, end);
  }
  return out.slice(0, at);
}

/** The last document of the encoded postings `bytes[start, end)`: the sum of their deltas. */
function lastDoc(bytes: Uint8Array, start: number, end: number): number {
  let doc = 0;
  let i = start;
  while (i < end) {
    let delta = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[i++] as number;
      delta += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
    }
    doc += delta;
    i++; // the mask byte
  }
  return doc;
}
