// The postings of the segment being built (not written yet, but already searchable), with
// global document numbers (from `base`, where the builder's segment will start).
import type { Postings } from '../../search/index/postings.js';
import { EMPTY_POSTINGS, union } from '../../search/index/postings.js';
import type { SegmentBuilder } from '../../search/index/segment.js';

/**
 * `exact`: that one term, a pair term included; else the union of every word `match`
 * accepts (pair terms are reached only exactly, as on disk).
 */
export function builderPostings(
  builder: SegmentBuilder,
  base: number,
  match: (term: string) => boolean,
  exact: string | null,
): Postings {
  const one = (docs: readonly number[], masks: readonly number[]): Postings => ({
    docs: Uint32Array.from(docs, (d) => d + base),
    masks: Uint8Array.from(masks),
  });
  if (exact !== null) {
    const hit = builder.termDocs(exact);
    return hit ? one(hit.docs, hit.masks) : EMPTY_POSTINGS;
  }
  let out = EMPTY_POSTINGS;
  for (const [term, postings] of builder.words()) {
    if (!match(term)) continue;
    const hit = postings();
    out = union(out, one(hit.docs, hit.masks));
  }
  return out;
}
