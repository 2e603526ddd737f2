// Building a segment: a batch of messages indexed together, immutable once written.
// Each message gets a document number (the segment's base plus its position); the
// segment record maps numbers back to message ids and dates, and its blocks hold the
// postings. Newest mail is indexed first, so early segments make recent mail searchable
// within seconds of a sync.
import { foldTokens } from '../query/normalize.js';
import type { BlockRecord } from './block.js';
import { bucketOf, makeBlock } from './block.js';
import type { IndexedField } from './postings.js';
import { encodePostings, FIELD_BITS } from './postings.js';

/** What is indexed of one message: its text fields, already extracted. */
export interface IndexedText {
  subject: string;
  /** Names and addresses, as one text per field ("Ana García ana.garcia@correo.es"). */
  from: string;
  to: string;
  cc: string;
  /** The body's text, at most MAX_BODY_CHARS. */
  body: string;
}

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
  private readonly terms = new Map<string, TermDocs>();
  readonly ids: string[] = [];
  readonly dates: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  add(id: string, receivedAt: number, text: IndexedText): void {
    const doc = this.ids.length;
    this.ids.push(id);
    this.dates.push(receivedAt);
    for (const field of FIELDS) {
      const bit = FIELD_BITS[field];
      const tokens = foldTokens(text[field]);
      const n = Math.min(tokens.length, MAX_TOKENS_PER_FIELD);
      for (let i = 0; i < n; i++) {
        const token = tokens[i] as string;
        let entry = this.terms.get(token);
        if (!entry) {
          entry = { docs: [], masks: [] };
          this.terms.set(token, entry);
        }
        const last = entry.docs.length - 1;
        if (entry.docs[last] === doc) entry.masks[last] = (entry.masks[last] as number) | bit;
        else {
          entry.docs.push(doc);
          entry.masks.push(bit);
        }
      }
    }
  }

  /** The in-memory terms (for searching what is not written yet). */
  termMap(): ReadonlyMap<string, TermDocs> {
    return this.terms;
  }

  /** The segment record and its blocks, for segment number `seg` starting at `base`. */
  build(
    seg: number,
    base: number,
    folding: number,
  ): { segment: SegmentRecord; blocks: BlockRecord[] } {
    const buckets = new Map<string, [string, Uint8Array][]>();
    for (const [term, { docs, masks }] of this.terms) {
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
      segment: { seg, base, ids: [...this.ids], dates: Float64Array.from(this.dates), folding },
      blocks,
    };
  }
}
