// Posting lists: for one term, the documents that have it and in which fields. Stored as
// (document delta as an unsigned LEB128 varint, field mask byte) pairs, documents
// ascending: a typical mail term costs 2 bytes per document instead of 8 as two Uint32s.
// Decoded lists are two parallel typed arrays, so merging and intersecting allocate
// nothing per entry.

/** Which field of a message a token came from (bits of the mask byte). */
export const FIELD_BITS = {
  subject: 1,
  from: 2,
  to: 4,
  cc: 8,
  body: 16,
} as const;

export type IndexedField = keyof typeof FIELD_BITS;

/** Every field: what an unfielded word may match. */
export const ANY_FIELD = 31;

/**
 * A mark, not a word: facts about a message that never change (it has an attachment, it
 * is high priority) indexed as terms no word can spell, so `has:attachment invoice` is an
 * intersection instead of reading rows until 200 qualify.
 */
export const MARK_BIT = 32;

export interface Postings {
  /** Document numbers, strictly ascending. */
  docs: Uint32Array;
  /** The fields each document has the term in (FIELD_BITS). */
  masks: Uint8Array;
}

export const EMPTY_POSTINGS: Postings = { docs: new Uint32Array(0), masks: new Uint8Array(0) };

/** Writes `delta` as an unsigned LEB128 varint at `at`; returns the position after it. */
export function putVarint(out: Uint8Array, at: number, delta: number): number {
  while (delta >= 0x80) {
    out[at++] = (delta & 0x7f) | 0x80;
    delta >>>= 7;
  }
  out[at++] = delta;
  return at;
}

/** Encodes ascending `docs` with their masks; `docs` must be strictly ascending. */
export function encodePostings(docs: ArrayLike<number>, masks: ArrayLike<number>): Uint8Array {
  // A varint of a delta < 2^28 takes at most 4 bytes, plus the mask byte.
  const out = new Uint8Array(docs.length * 5);
  let at = 0;
  let last = 0;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as number;
    at = putVarint(out, at, doc - last);
    last = doc;
    out[at++] = masks[i] as number;
  }
  return out.slice(0, at);
}

/**
 * The same bytes as encodePostings for postings packed one integer each, document number
 * times 2^maskBits plus mask (the segment builder's form), documents strictly ascending.
 */
export function encodePackedPostings(packed: ArrayLike<number>, maskBits: number): Uint8Array {
  const out = new Uint8Array(packed.length * 5);
  const mask = (1 << maskBits) - 1;
  let at = 0;
  let last = 0;
  for (let i = 0; i < packed.length; i++) {
    const v = packed[i] as number;
    const doc = v >>> maskBits;
    at = putVarint(out, at, doc - last);
    last = doc;
    out[at++] = v & mask;
  }
  return out.slice(0, at);
}

/** Decodes `bytes[start, end)` into postings, adding `base` to every document number. */
export function decodePostings(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  base = 0,
): Postings {
  // At most one entry per two bytes.
  const docs = new Uint32Array((end - start) >>> 1);
  const masks = new Uint8Array(docs.length);
  let n = 0;
  let doc = 0;
  let at = start;
  while (at < end) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++] as number;
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80 && at < end);
    doc += delta;
    docs[n] = doc + base;
    masks[n] = bytes[at++] as number;
    n++;
  }
  return { docs: docs.subarray(0, n), masks: masks.subarray(0, n) };
}

/** Only the entries having one of `fields` (masks keep only those bits). */
export function restrict(p: Postings, fields: number): Postings {
  if (fields === ANY_FIELD) return p;
  const docs = new Uint32Array(p.docs.length);
  const masks = new Uint8Array(p.docs.length);
  let n = 0;
  for (let i = 0; i < p.docs.length; i++) {
    const m = (p.masks[i] as number) & fields;
    if (m === 0) continue;
    docs[n] = p.docs[i] as number;
    masks[n++] = m;
  }
  return { docs: docs.subarray(0, n), masks: masks.subarray(0, n) };
}

/** Documents in either list; a document in both has both masks. */
export function union(a: Postings, b: Postings): Postings {
  if (a.docs.length === 0) return b;
  if (b.docs.length === 0) return a;
  const docs = new Uint32Array(a.docs.length + b.docs.length);
  const masks = new Uint8Array(docs.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.docs.length || j < b.docs.length) {
    const x = i < a.docs.length ? (a.docs[i] as number) : Infinity;
    const y = j < b.docs.length ? (b.docs[j] as number) : Infinity;
    if (x === y) {
      docs[n] = x;
      masks[n++] = (a.masks[i++] as number) | (b.masks[j++] as number);
    } else if (x < y) {
      docs[n] = x;
      masks[n++] = a.masks[i++] as number;
    } else {
      docs[n] = y;
      masks[n++] = b.masks[j++] as number;
    }
  }
  return { docs: docs.subarray(0, n), masks: masks.subarray(0, n) };
}

/** Documents in both lists; the mask is the fields both have (a phrase's words share a field). */
export function intersect(a: Postings, b: Postings, masks: 'and' | 'or' = 'and'): Postings {
  const small = a.docs.length <= b.docs.length ? a : b;
  const large = small === a ? b : a;
  const docs = new Uint32Array(small.docs.length);
  const out = new Uint8Array(small.docs.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < small.docs.length; i++) {
    const d = small.docs[i] as number;
    // Galloping would help for very skewed lists; a linear walk is fine at mail sizes.
    while (j < large.docs.length && (large.docs[j] as number) < d) j++;
    if (j === large.docs.length) break;
    if (large.docs[j] !== d) continue;
    const m =
      masks === 'and'
        ? (small.masks[i] as number) & (large.masks[j] as number)
        : (small.masks[i] as number) | (large.masks[j] as number);
    if (masks === 'and' && m === 0) continue;
    docs[n] = d;
    out[n++] = m;
  }
  return { docs: docs.subarray(0, n), masks: out.subarray(0, n) };
}
