// PGP-4, SEARCH-1 (ADR 0031): the index's view of kept decrypted copies. A message whose
// copy is kept is indexed from its decrypted text (marked MARKS.kept); when the copy is
// deleted (opt-out, key deleted) its document must stop matching at once. Segments are
// immutable, so a message indexed again gets a new document and the old one is superseded:
// never a result again. Nothing is stored for this — after a restart the later document of
// an id wins, and the kept mark's postings say which documents came from a copy.
import type { BuzonDb } from '../../store/db.js';
import { blocksOf, replaceSegments, segmentBlocks } from '../../store/repos/search-index.js';
import { mergeSegments } from '../../search/index/merge.js';
import { bucketOf, OpenBlock } from '../../search/index/block.js';
import { EMPTY_POSTINGS, union } from '../../search/index/postings.js';
import { MARKS, type SegmentRecord } from '../../search/index/segment.js';

/** The written documents carrying the kept mark: one read at open (a bucket per segment). */
export async function keptMarkDocs(
  db: BuzonDb,
  segments: readonly SegmentRecord[],
): Promise<Uint32Array> {
  const bases = new Map(segments.map((s) => [s.seg, s.base]));
  const records = await blocksOf(
    db,
    segments.map((s) => s.seg),
    bucketOf(MARKS.kept),
  );
  let docs = EMPTY_POSTINGS;
  for (const r of records)
    docs = union(docs, new OpenBlock(r, bases.get(r.seg) ?? 0).exact(MARKS.kept));
  return docs.docs;
}

export class KeptDocs {
  /** Documents of messages indexed again since: they map to no message. */
  readonly superseded = new Set<number>();
  /** Messages whose current document was indexed from their kept copy: id → document. */
  readonly kept = new Map<string, number>();
  /**
   * Documents indexed from a copy that was deleted since: superseded, and their words still
   * to be removed from the segment on disk (scrubbed) — the decrypted text must not stay.
   */
  readonly toScrub = new Set<number>();

  /**
   * At open: earlier documents of a message indexed twice are superseded, and the current
   * documents carrying the kept mark (`keptDocs`, ascending) are the kept ones.
   */
  load(segments: readonly SegmentRecord[], keptDocs: ArrayLike<number>): void {
    this.superseded.clear();
    this.kept.clear();
    this.toScrub.clear();
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const s of segments) for (const id of s.ids) (seen.has(id) ? twice : seen).add(id);
    const current = new Map<string, number>();
    // Only when some message was indexed twice (rare): one more walk of the ids.
    if (twice.size > 0) {
      for (const s of segments)
        s.ids.forEach((id, i) => {
          if (!twice.has(id)) return;
          const before = current.get(id);
          if (before !== undefined) this.superseded.add(before);
          current.set(id, s.base + i);
        });
    }
    for (let i = 0; i < keptDocs.length; i++) {
      const doc = keptDocs[i] as number;
      if (this.superseded.has(doc)) {
        // Indexed again since, but its copy's words are still on disk (a scrub cut short).
        this.toScrub.add(doc);
        continue;
      }
      const id = idAt(segments, doc);
      if (id !== undefined) this.kept.set(id, doc);
    }
  }

  /** The message is indexed again: its document (`current`, kept or not) stops answering. */
  supersede(id: string, current: number | undefined): void {
    const fromCopy = this.kept.get(id);
    const doc = fromCopy ?? current;
    if (doc !== undefined) this.superseded.add(doc);
    if (fromCopy !== undefined) this.toScrub.add(fromCopy);
    this.kept.delete(id);
  }

  /**
   * Against the copies kept now: `purged` were indexed from a copy that is gone, `fresh`
   * have a copy but were indexed from their ciphertext (`indexed` says which are indexed).
   */
  diff(
    keptNow: ReadonlySet<string>,
    indexed: (id: string) => boolean,
  ): { purged: string[]; fresh: string[] } {
    const purged = [...this.kept.keys()].filter((id) => !keptNow.has(id));
    const fresh = [...keptNow].filter((id) => indexed(id) && !this.kept.has(id));
    return { purged, fresh };
  }
}

/** The message id of a written document (segments ascending by base). */
function idAt(segments: readonly SegmentRecord[], doc: number): string | undefined {
  for (const s of segments)
    if (doc >= s.base && doc < s.base + s.ids.length) return s.ids[doc - s.base];
  return undefined;
}

/** The current document of a message: its last one, in the builder (from `base`) or a segment. */
export function currentDoc(
  id: string,
  segments: readonly SegmentRecord[],
  building: readonly string[],
  base: number,
): number | undefined {
  const b = building.lastIndexOf(id);
  if (b >= 0) return base + b;
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i] as SegmentRecord;
    const at = s.ids.lastIndexOf(id);
    if (at >= 0) return s.base + at;
  }
  return undefined;
}

const within = (s: SegmentRecord, doc: number) => doc >= s.base && doc < s.base + s.ids.length;

/**
 * Rewrites one written segment holding documents of `toScrub` without their postings (same
 * base and ids, a new segment number), and forgets those documents from `toScrub`. Returns
 * the segments after it, or null when none of them is written yet (the builder's are
 * written with the next flush, then scrubbed).
 */
export async function scrubOne(
  db: BuzonDb,
  segments: readonly SegmentRecord[],
  toScrub: Set<number>,
): Promise<SegmentRecord[] | null> {
  const at = segments.findIndex((s) => [...toScrub].some((d) => within(s, d)));
  const segment = segments[at];
  if (!segment) return null;
  const seg = Math.max(...segments.map((s) => s.seg)) + 1;
  const blocks = await segmentBlocks(db, segment.seg);
  const clean = mergeSegments([{ segment, blocks }], seg, toScrub);
  await replaceSegments(db, [segment.seg], clean.segment, clean.blocks);
  for (const d of [...toScrub]) if (within(segment, d)) toScrub.delete(d);
  return segments.map((s, i) => (i === at ? clean.segment : s));
}
