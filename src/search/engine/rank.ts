// Candidates best first — relevance, then newest — given out only as far as the answer
// reads. A common word is in tens of thousands of messages at 100k and the answer needs
// the first 200 that pass the filters; sorting them all with a comparator took a few ms
// warm, and several times that in a first query still running uncompiled code.
//
// Each candidate gets one number holding both orders (its score above its date), so one
// native sort of a copy of those numbers, with no JS comparator, says where the best K
// end; the candidates above that bound are picked in one pass and only they are sorted.

// Why these widths: a score is a sum of field weights, multiples of 0.5 (candidates.ts),
// so twice it is an integer; dates get 43 bits (±139 years around 1970 in ms), the score
// the 10 bits left of a double's 53. Both are clamped, so a corrupt date cannot reorder
// scores.
const DATE_BITS = 2 ** 43;
const DATE_OFFSET = 2 ** 42;
const MAX_SCORE_STEPS = 2 ** 10 - 1;
/** Candidates sorted per pick: a page of results plus some left out by the filters. */
const CHUNK = 256;

/** One number ordering by score, then date (ms); larger is better. */
export function rankKey(score: number, date: number): number {
  const steps = score > 0 ? Math.min(MAX_SCORE_STEPS, Math.round(score * 2)) : 0;
  // Not a number (no date known) sorts as the oldest.
  const when = date > -DATE_OFFSET ? Math.min(DATE_BITS - 1, Math.floor(date) + DATE_OFFSET) : 0;
  return steps * DATE_BITS + when;
}

/**
 * Positions in `keys`, largest key first (ties in position order), computed a chunk at a
 * time as the caller reads on.
 */
export function* rankedPositions(keys: Float64Array): Generator<number> {
  const n = keys.length;
  if (n === 0) return;
  const sorted = keys.slice().sort();
  let taken = 0;
  let upper = Infinity;
  while (taken < n) {
    const lower = sorted[Math.max(0, n - taken - CHUNK)] as number;
    const picked: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = keys[i] as number;
      if (k >= lower && k < upper) picked.push(i);
    }
    picked.sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
    yield* picked;
    taken += picked.length;
    upper = lower;
  }
}
