// SEARCH-4 results best first: relevance, then newest (ADR 0024). The ranking computes the
// order a chunk at a time as the answer reads on; it must give exactly the order a full
// sort by (score, date) gives, ties kept in candidate order.
import { describe, expect, it } from 'vitest';
import { rankKey, rankedPositions } from '../../../src/search/engine/rank.js';
import { random } from '../../support/random.js';

/** The reference: every candidate sorted by score, then date, both descending; stable. */
function fullSort(scores: readonly number[], dates: readonly number[]): number[] {
  return scores
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (scores[b] as number) - (scores[a] as number) ||
        (dates[b] as number) - (dates[a] as number),
    );
}

describe('ranking (SEARCH-4)', () => {
  it('SEARCH-4 gives the full sort’s order, chunk after chunk, with ties and equal dates', () => {
    const next = random(7);
    for (const n of [0, 1, 5, 255, 256, 257, 1_000, 5_000]) {
      // Few distinct scores and dates, so ties straddle the chunks' bounds.
      const scores = Array.from({ length: n }, () => Math.floor(next() * 9) / 2 + 1);
      const dates = Array.from(
        { length: n },
        () => Date.UTC(2020, 0, 1) + Math.floor(next() * 50) * 86_400_000,
      );
      const keys = Float64Array.from(scores, (s, i) => rankKey(s, dates[i] as number));
      expect([...rankedPositions(keys)], `n=${n}`).toEqual(fullSort(scores, dates));
    }
  });

  it('SEARCH-4 a better score wins over any date; old, negative and unknown dates sort last', () => {
    const far = Date.UTC(2090, 0, 1);
    expect(rankKey(1.5, 0)).toBeGreaterThan(rankKey(1, far));
    expect(rankKey(1, far)).toBeGreaterThan(rankKey(1, Date.UTC(2024, 0, 1)));
    expect(rankKey(1, 0)).toBeGreaterThan(rankKey(1, Date.UTC(1900, 0, 1)));
    expect(rankKey(1, Date.UTC(1900, 0, 1))).toBeGreaterThan(rankKey(1, Number.NaN));
    expect(Number.isSafeInteger(rankKey(500, far))).toBe(true);
  });

  it('SEARCH-4 the first page of 100,000 candidates, read alone, is the newest 200', () => {
    const keys = Float64Array.from({ length: 100_000 }, (_, i) => rankKey(1, i));
    const first: number[] = [];
    for (const at of rankedPositions(keys)) {
      first.push(at);
      if (first.length === 200) break;
    }
    expect(first).toEqual(Array.from({ length: 200 }, (_, i) => 99_999 - i));
  });
});
