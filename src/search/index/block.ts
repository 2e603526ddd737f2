// A block: the terms of one segment that share a bucket (their first BUCKET_CHARS
// characters), sorted, with their posting lists concatenated. One IndexedDB record per
// (segment, bucket): a query reads one record per segment for each bucket it needs, and a
// prefix (`info*`, at least 4 characters) always falls in a single bucket. Fewer, larger
// records than one per term: IndexedDB's per-record cost dominated with one per term.
import type { Postings } from './postings.js';
import { decodePostings, EMPTY_POSTINGS, union } from './postings.js';

/** segment.ts's pair joiner (kept here too: segment.ts imports this module). */
const PAIR_JOINER = '\u0002';

/**
 * Three characters: a prefix query needs four (SEARCH-1), so it never spans buckets, and
 * the buckets of a 5,000-message segment stay a few KB (see ADR 0024 for the figures).
 */
export const BUCKET_CHARS = 3;

/** Terms never contain a line break (they are folded letter/digit runs). */
const TERM_SEPARATOR = '\n';

export interface BlockRecord {
  seg: number;
  bucket: string;
  /** The sorted terms, joined by TERM_SEPARATOR. */
  terms: string;
  /** offsets[i]..offsets[i+1] is term i's postings in `data`. */
  offsets: Uint32Array;
  data: Uint8Array;
}

/** A block's terms, in order. */
export function termsOf(record: Pick<BlockRecord, 'terms'>): string[] {
  return record.terms === '' ? [] : record.terms.split(TERM_SEPARATOR);
}

/**
 * A word's bucket is its first BUCKET_CHARS characters. A pair term (`a\u0002b`) goes to
 * its own bucket, the first word's followed by the joiner: pairs outnumber words about ten
 * to one, and only a phrase reads them, so a query for a word no longer reads (and splits)
 * every pair that starts with it.
 */
export function bucketOf(term: string): string {
  const joiner = term.indexOf(PAIR_JOINER);
  if (joiner < 0) return term.slice(0, BUCKET_CHARS);
  return `${term.slice(0, Math.min(joiner, BUCKET_CHARS))}${PAIR_JOINER}`;
}

/** Builds a block from terms and their encoded postings (any order). */
export function makeBlock(
  seg: number,
  bucket: string,
  entries: readonly (readonly [term: string, postings: Uint8Array])[],
): BlockRecord {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const offsets = new Uint32Array(sorted.length + 1);
  let size = 0;
  sorted.forEach(([, p], i) => {
    offsets[i] = size;
    size += p.length;
  });
  offsets[sorted.length] = size;
  const data = new Uint8Array(size);
  sorted.forEach(([, p], i) => data.set(p, offsets[i] as number));
  return { seg, bucket, terms: sorted.map(([t]) => t).join(TERM_SEPARATOR), offsets, data };
}

/** A block opened for lookups: its terms split once. */
export class OpenBlock {
  private readonly terms: string[];

  constructor(
    private readonly record: BlockRecord,
    private readonly base: number,
  ) {
    this.terms = termsOf(record);
  }

  /** The index of the first term ≥ `term`. */
  private lowerBound(term: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.terms[mid] as string) < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private postingsAt(i: number): Postings {
    const { offsets, data } = this.record;
    return decodePostings(data, offsets[i] as number, offsets[i + 1] as number, this.base);
  }

  /** The postings of exactly `term` (global document numbers). */
  exact(term: string): Postings {
    const i = this.lowerBound(term);
    return this.terms[i] === term ? this.postingsAt(i) : EMPTY_POSTINGS;
  }

  /** The union of the postings of every term starting with `prefix`. */
  prefix(prefix: string): Postings {
    let out = EMPTY_POSTINGS;
    for (let i = this.lowerBound(prefix); i < this.terms.length; i++) {
      const term = this.terms[i] as string;
      if (!term.startsWith(prefix)) break;
      // Pair terms live in buckets of their own (bucketOf); kept as a guard.
      if (term.includes(PAIR_JOINER)) continue;
      out = union(out, this.postingsAt(i));
    }
    return out;
  }
}
