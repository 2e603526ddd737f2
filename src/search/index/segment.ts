// Building a segment: a batch of messages indexed together, immutable once written.
// Each message gets a document number (the segment's base plus its position); the
// segment record maps numbers back to message ids and dates, and its blocks hold the
// postings. Newest mail is indexed first, so early segments make recent mail searchable
// within seconds of a sync.
import { foldTokens } from '../query/normalize.js';
import type { BlockRecord } from './block.js';
import { bucketOf, makeBlock } from './block.js';
import type { IndexedField } from './postings.js';
import { encodePostings, FIELD_BITS, MARK_BIT } from './postings.js';

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
 * Messages per segment while catching up, and the size below which segments are merged:
 * large segments mean fewer blocks to read per query (ADR 0024); 5,000 messages keep one
 * write under ~1 s.
 */
export const SEGMENT_DOCS = 5_000;

/**
 * Tokens kept per field of one message: the body is bounded by its characters already;
 * this bounds the token work a hostile subject or address list can cause.
 */
const MAX_TOKENS_PER_FIELD = 2_000;

const FIELDS: readonly IndexedField[] = ['subject', 'from', 'to', 'cc', 'body'];

interface TermDocs {
  docs: number[];
  masks: number[];
}

export class SegmentBuilder {
  /** Words and marks. */
  private readonly terms = new Map<string, TermDocs>();
  /**
   * Pairs by first word, then second: no joined string is made (and hashed) per posting —
   * the words' own strings, already hashed as words, are the keys. Half of all postings are
   * pairs; joining them was the build's largest single cost (ADR 0024, session 7).
   */
  private readonly pairs = new Map<string, Map<string, TermDocs>>();
  readonly ids: string[] = [];
  readonly dates: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  add(id: string, receivedAt: number, text: IndexedText, marks: readonly string[] = []): void {
    const doc = this.ids.length;
    this.ids.push(id);
    this.dates.push(receivedAt);
    for (const mark of marks)
      this.terms.set(mark, this.withDoc(this.terms.get(mark), doc, MARK_BIT));
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
        for (let i = 0; i < n; i++) {
          const token = tokens[i] as string;
          this.post(token, doc, bit);
          if (i > 0) this.postPair(tokens[i - 1] as string, token, doc, bit);
        }
        if (budget === 0) break;
      }
    }
  }

  private post(term: string, doc: number, bit: number): void {
    const entry = this.terms.get(term);
    if (entry) this.withDoc(entry, doc, bit);
    else this.terms.set(term, this.withDoc(undefined, doc, bit));
  }

  private postPair(first: string, second: string, doc: number, bit: number): void {
    let inner = this.pairs.get(first);
    if (!inner) {
      inner = new Map();
      this.pairs.set(first, inner);
    }
    const entry = inner.get(second);
    if (entry) this.withDoc(entry, doc, bit);
    else inner.set(second, this.withDoc(undefined, doc, bit));
  }

  /** Adds `doc` with `bit` to a term's postings (the doc being added is always the last). */
  private withDoc(entry: TermDocs | undefined, doc: number, bit: number): TermDocs {
    const out = entry ?? { docs: [], masks: [] };
    const last = out.docs.length - 1;
    if (out.docs[last] === doc) out.masks[last] = (out.masks[last] as number) | bit;
    else {
      out.docs.push(doc);
      out.masks.push(bit);
    }
    return out;
  }

  /** One in-memory term's postings, a pair term included (for searching what is not written yet). */
  termDocs(term: string): TermDocs | undefined {
    const at = term.indexOf(PAIR_JOINER);
    if (at < 0) return this.terms.get(term);
    return this.pairs.get(term.slice(0, at))?.get(term.slice(at + PAIR_JOINER.length));
  }

  /** Every in-memory term with its postings, pair terms joined as written. */
  *entries(): IterableIterator<[string, TermDocs]> {
    yield* this.terms;
    for (const [first, inner] of this.pairs)
      for (const [second, docs] of inner) yield [pairTerm(first, second), docs];
  }

  /** The segment record and its blocks, for segment number `seg` starting at `base`. */
  build(
    seg: number,
    base: number,
    folding: number,
  ): { segment: SegmentRecord; blocks: BlockRecord[] } {
    const buckets = new Map<string, [string, Uint8Array][]>();
    for (const [term, { docs, masks }] of this.entries()) {
      const bucket = bucketOf(term);
      let list = buckets.get(bucket);
      if (!list) {
        list = [];
        buckets.set(bucket, list);
      }
      list.push([term, encodePostings(docs, masks)]);
    }
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
