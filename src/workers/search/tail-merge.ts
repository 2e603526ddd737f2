// Merging the small segments at the end of the index (mail arriving a few at a time) into
// one once there are too many of them, so a query reads few records per term (ADR 0024).
import type { BuzonDb } from '../../store/db.js';
import { replaceSegments, segmentBlocks } from '../../store/repos/search-index.js';
import { mergeSegments } from '../../search/index/merge.js';
import { SEGMENT_DOCS, type SegmentRecord } from '../../search/index/segment.js';

/**
 * Small segments allowed at the end before they are merged into one: each costs one more
 * read per query term.
 */
const MAX_SMALL_SEGMENTS = 8;

/** The segments after merging their small tail (document numbers unchanged); null: nothing merged. */
export async function mergeSmallTail(
  db: BuzonDb,
  segments: readonly SegmentRecord[],
): Promise<SegmentRecord[] | null> {
  let from = segments.length;
  while (from > 0 && (segments[from - 1] as SegmentRecord).ids.length < SEGMENT_DOCS) from--;
  const small = segments.slice(from);
  if (small.length <= MAX_SMALL_SEGMENTS) return null;
  const parts = [];
  for (const segment of small)
    parts.push({ segment, blocks: await segmentBlocks(db, segment.seg) });
  const seg = Math.max(...segments.map((s) => s.seg)) + 1;
  const merged = mergeSegments(parts, seg);
  await replaceSegments(
    db,
    small.map((s) => s.seg),
    merged.segment,
    merged.blocks,
  );
  return [...segments.slice(0, from), merged.segment];
}
