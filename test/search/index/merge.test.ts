// SEARCH-1: merging segments copies each term's encoded postings and rewrites only the
// first document delta of each later segment; the blocks must be byte for byte those of
// decoding and encoding every posting, and those of one build of the same messages.
import { describe, expect, it } from 'vitest';
import type { BlockRecord } from '../../../src/search/index/block.js';
import { mergeSegments } from '../../../src/search/index/merge.js';
import { SegmentBuilder, type IndexedText } from '../../../src/search/index/segment.js';
import { random } from '../../support/random.js';

const WORDS = Array.from({ length: 300 }, (_, i) => `w${(i * 7919) % 1000}`);

function texts(count: number, seed: number): IndexedText[] {
  const next = random(seed);
  const word = () => WORDS[Math.floor(next() ** 2 * WORDS.length)] as string;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: count }, () => ({
    subject: words(1 + Math.floor(next() * 6)),
    from: `${word()} ${word()}\n${word()}@correo.es`,
    to: next() < 0.5 ? `${word()}@buzon.test` : '',
    cc: '',
    body: words(Math.floor(next() * 120)),
  }));
}

function build(docs: readonly IndexedText[], from: number, to: number, seg: number) {
  const b = new SegmentBuilder();
  for (let n = from; n < to; n++)
    b.add(
      `m${n}`,
      1_700_000_000_000 + n,
      docs[n] as IndexedText,
      n % 9 ? [] : ['\u0001attachment'],
    );
  return b.build(seg, from, 1);
}

/** The blocks as comparable text, in bucket order (deep equality of typed arrays is slow). */
const text = (blocks: readonly BlockRecord[]) =>
  [...blocks]
    .sort((a, b) => (a.bucket < b.bucket ? -1 : 1))
    .map(
      (b) =>
        `${b.bucket}|${b.terms}|${[...b.offsets].join(',')}|${Buffer.from(b.data).toString('base64')}`,
    );

describe('SEARCH-1 merging segments', () => {
  it(
    'copies postings into the blocks one build makes, and the blocks decoding every posting makes',
    {
      timeout: 30_000,
    },
    () => {
      for (const seed of [1, 2, 3]) {
        const docs = texts(1_200, seed);
        // Uneven segments, so documents deltas past a segment's edge take one to two bytes.
        const cuts = [0, 100, 290, 1_000, 1_200];
        const parts = cuts.slice(0, -1).map((from, i) => {
          const built = build(docs, from, cuts[i + 1] as number, i + 1);
          return { segment: built.segment, blocks: built.blocks };
        });
        const spliced = mergeSegments(parts, 9);
        // Dropping a document no segment has takes the decoding path with the same postings.
        const decoded = mergeSegments(parts, 9, new Set([-1]));
        const whole = build(docs, 0, 1_200, 9);
        expect(text(spliced.blocks)).toEqual(text(decoded.blocks));
        expect(text(spliced.blocks)).toEqual(text(whole.blocks));
        expect(spliced.segment.ids).toEqual(whole.segment.ids);
      }
    },
  );
});
