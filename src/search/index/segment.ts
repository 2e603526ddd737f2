// Building a segment: a batch of messages indexed together, immutable once written.
// Each message gets a document number (the segment's base plus its position); the
// segment record maps numbers back to message ids and dates, and its blocks hold the
// postings. Newest mail is indexed first, so early segments make recent mail searchable
// within seconds of a sync.
import { foldTokens } from '../query/normalize.js';
import type { BlockRecord } from './block.js';
import { bucketOf, makeBlock } from './block.js';
import type { IndexedField } from './postings.js';
import { encodePackedPostings, FIELD_BITS, MARK_BIT } from './postings.js';

/** What is indexed of one message: its text fields, already extracted. */
export interface IndexedText {
  subject: string;
  /** Names and addresses, as one text per field ("Ana García ana.garcia@correo.es"). */
  from: string;
  to: string;
  cc: string;
  /**
   * The body's text, at most MAX_BODY_CHARS, or its folded tokens when the parse worker
   * folded them already (doc-text.ts BodyReader).
   */
  body: string | readonly string[];
}

/** Joins the two words of a pair term: a control character no folded word contains. */
export const PAIR_JOINER = '\u0002';

/** The term for two adjacent words: a phrase is found by its pairs, not by every word. */
export const pairTerm = (a: string, b: string): string => `${a}${PAIR_JOINER}${b}`;

/** Mark terms (postings.ts MARK_BIT): a control character no folded word contains. */
export const MARKS = {
  attachment: '\u0001attachment',
  highPriority: '\u0001priority-high',
  /** PGP-4 (ADR 0031): indexed from its kept decrypted copy, not from its ciphertext. */
  kept: '\u0001kept',
} as const;

/**
 * What the stored terms mean beyond the folding: bumped when terms or postings change, so
 * an older index is dropped and built again (2: marks; 3: pairs of adjacent words; 4: pairs
 * in buckets of their own; 5: no pairs across names and addresses).
 */
export const INDEX_FORMAT = 5;

/**
 * Separates runs in an address field's text (doc-text.ts addressText): word pairs are made
 * within a run only, so a pair in the index is exactly an adjacency the matcher sees and a
 * two-word phrase needs no check on the message.
 */
export const RUN_BREAK = '\n';

/** Fields whose text holds several runs (names and addresses); subject and body are one. */
const RUN_FIELDS: ReadonlySet<IndexedField> = new Set(['from', 'to', 'cc']);

export interface SegmentRecord {
  seg: number;
  /** The first document number of this segment. */
  base: number;
  /** Message ids by position (document number − base). */
  ids: string[];
  /** receivedAt (epoch ms) by position: results are ordered by date without reading rows. */
  dates: Float64Array;
  /** The text folding the terms were made with (query/normalize.ts FOLDING_VERSION). */
  folding: number;
  /** INDEX_FORMAT when written. */
  format: number;
}

/**
 * Messages per written segment, and the size below which segments are merged: large
 * segments mean fewer blocks to read per query (ADR 0024); 5,000 messages keep one write
 * under ~1 s. A first build writes segments of four times this (search-index.ts
 * segmentTarget), the size the level merges would make of them.
 */
export const SEGMENT_DOCS = 5_000;

/**
 * Tokens kept per field of one message: the body is bounded by its characters already;
 * this bounds the token work a hostile subject or address list can cause.
 */
const MAX_TOKENS_PER_FIELD = 2_000;

const FIELDS: readonly IndexedField[] = ['subject', 'from', 'to', 'cc', 'body'];

/** A term's documents and the fields each has it in (postings.ts), as the builder keeps them. */
export interface TermDocs {
  docs: number[];
  masks: number[];
}

/**
 * A term's postings while the segment is built: one small integer per document, its
 * number times 64 plus its field mask (6 bits: FIELD_BITS and MARK_BIT), in one array —
 * one allocation and one push per posting instead of an object and two arrays per term
 * and two pushes. Small integers stay unboxed in V8 up to 2^30, so 2^24 documents fit.
 */
type Packed = number[];

const MASK_BITS = 6;
const MASK = (1 << MASK_BITS) - 1;

function unpack(packed: Packed): TermDocs {
  const docs = new Array<number>(packed.length);
  const masks = new Array<number>(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const v = packed[i] as number;
    docs[i] = v >>> MASK_BITS;
    masks[i] = v & MASK;
  }
  return { docs, masks };
}

/**
 * Adds `doc` with `bit` to a term's postings, never empty (the doc being added is always
 * the last).
 */
function withDoc(packed: Packed, doc: number, bit: number): void {
  const last = packed.length - 1;
  const v = packed[last] as number;
  if (v >>> MASK_BITS === doc) packed[last] = v | bit;
  else packed.push((doc << MASK_BITS) | bit);
}

/**
 * A word (or mark) of the segment: its postings, and the pairs it is the first word of,
 * by second word. A pair is posted through the entry of its first word, just posted
 * itself, so no joined string is made (and hashed) per pair (ADR 0024, session 7) and the
 * first word is not looked up a second time. Half of all postings are pairs.
 */
interface WordEntry {
  postings: Packed;
  pairs: Map<string, Packed> | null;
}

export class SegmentBuilder {
  /** Words and marks, each with the pairs it starts. */
  private readonly terms = new Map<string, WordEntry>();
  readonly ids: string[] = [];
  readonly dates: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  add(id: string, receivedAt: number, text: IndexedText, marks: readonly string[] = []): void {
    const doc = this.ids.length;
    this.ids.push(id);
    this.dates.push(receivedAt);
    for (const mark of marks) this.post(mark, doc, MARK_BIT);
    for (const field of FIELDS) {
      const bit = FIELD_BITS[field];
      const value = text[field];
      const runs =
        typeof value === 'string' && RUN_FIELDS.has(field) ? value.split(RUN_BREAK) : [value];
      let budget = MAX_TOKENS_PER_FIELD;
      for (const run of runs) {
        const tokens = typeof run === 'string' ? foldTokens(run) : run;
        const n = Math.min(tokens.length, budget);
        budget -= n;
        let before: WordEntry | null = null;
        for (let i = 0; i < n; i++) {
          const token = tokens[i] as string;
          const entry = this.post(token, doc, bit);
          if (before) {
            const pairs = before.pairs ?? (before.pairs = new Map());
            const packed = pairs.get(token);
            if (packed) withDoc(packed, doc, bit);
            else pairs.set(token, [(doc << MASK_BITS) | bit]);
          }
          before = entry;
        }
        if (budget === 0) break;
      }
    }
  }

  private post(term: string, doc: number, bit: number): WordEntry {
    const entry = this.terms.get(term);
    if (entry) {
      withDoc(entry.postings, doc, bit);
      return entry;
    }
    const made = { postings: [(doc << MASK_BITS) | bit], pairs: null };
    this.terms.set(term, made);
    return made;
  }

  /** One in-memory term's postings, a pair term included (for searching what is not written yet). */
  termDocs(term: string): TermDocs | undefined {
    const at = term.indexOf(PAIR_JOINER);
    const packed =
      at < 0
        ? this.terms.get(term)?.postings
        : this.terms.get(term.slice(0, at))?.pairs?.get(term.slice(at + PAIR_JOINER.length));
    return packed && unpack(packed);
  }

  /**
   * Every in-memory word and mark, with a reader of its postings. Pair terms are left out,
   * as a prefix read on disk leaves them out (their buckets are their own): they are
   * reached only by name (termDocs). A first build holds 20,000 messages' pairs, millions
   * of them, and a prefix search during it joined each one's name to reject it.
   */
  *words(): IterableIterator<[string, () => TermDocs]> {
    for (const [term, { postings }] of this.terms) yield [term, () => unpack(postings)];
  }

  /** The segment record and its blocks, for segment number `seg` starting at `base`. */
  build(
    seg: number,
    base: number,
    folding: number,
  ): { segment: SegmentRecord; blocks: BlockRecord[] } {
    const buckets = new Map<string, [string, Uint8Array][]>();
    const put = (term: string, packed: Packed) => {
      const bucket = bucketOf(term);
      let list = buckets.get(bucket);
      if (!list) {
        list = [];
        buckets.set(bucket, list);
      }
      list.push([term, encodePackedPostings(packed, MASK_BITS)]);
    };
    for (const [term, { postings }] of this.terms) put(term, postings);
    for (const [first, { pairs }] of this.terms)
      for (const [second, packed] of pairs ?? []) put(pairTerm(first, second), packed);
    const blocks = [...buckets].map(([bucket, entries]) => makeBlock(seg, bucket, entries));
    return {
      segment: {
        seg,
        base,
        ids: [...this.ids],
        dates: Float64Array.from(this.dates),
        folding,
        format: INDEX_FORMAT,
      },
      blocks,
    };
  }
}
