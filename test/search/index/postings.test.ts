// SEARCH-1: the segment builder keeps each posting as one packed integer and encodes that
// form directly; its bytes must be exactly those of the two-array encoding that merges and
// queries decode.
import { describe, expect, it } from 'vitest';
import { random } from '../../support/random.js';
import {
  decodePostings,
  encodePackedPostings,
  encodePostings,
} from '../../../src/search/index/postings.js';

describe('SEARCH-1 packed postings', () => {
  it('encode to the same bytes as documents and masks apart, over 500 random lists', () => {
    const next = random(2026);
    for (let run = 0; run < 500; run++) {
      const docs: number[] = [];
      const masks: number[] = [];
      let doc = -1;
      const length = Math.floor(next() * 60);
      for (let i = 0; i < length; i++) {
        // Gaps from 1 to past 2^14, so one- to three-byte varints all occur.
        doc += 1 + Math.floor(next() ** 4 * 40_000);
        docs.push(doc);
        masks.push(1 + Math.floor(next() * 63));
      }
      const packed = docs.map((d, i) => d * 64 + (masks[i] as number));
      const bytes = encodePackedPostings(packed, 6);
      expect(bytes).toEqual(encodePostings(docs, masks));
      const back = decodePostings(bytes);
      expect([...back.docs]).toEqual(docs);
      expect([...back.masks]).toEqual(masks);
    }
  });
});
