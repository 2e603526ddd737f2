// The first download's write groups (sync/bodies.ts pairBatches, ADR 0012 session 21): two
// batches of small mail go in one transaction, large mail one batch at a time, so a group
// never holds more bytes than one batch may.
import { describe, expect, it } from 'vitest';
import { pairBatches } from '../../src/sync/bodies.js';

const MB = 1024 * 1024;

describe('bootstrap write groups', () => {
  it('bootstrap: batches of small mail are written two by two, an odd last one alone', () => {
    expect(pairBatches([2 * MB, 2 * MB, 2 * MB, 2 * MB, 1 * MB])).toEqual([
      { first: 0, last: 1 },
      { first: 2, last: 3 },
      { first: 4, last: 4 },
    ]);
  });

  it('bootstrap: a batch of large mail is written alone; its neighbours still pair', () => {
    expect(pairBatches([11 * MB, 2 * MB, 3 * MB, 12 * MB])).toEqual([
      { first: 0, last: 0 },
      { first: 1, last: 2 },
      { first: 3, last: 3 },
    ]);
  });

  it('bootstrap: nothing to write, no group; one batch, one group', () => {
    expect(pairBatches([])).toEqual([]);
    expect(pairBatches([5 * MB])).toEqual([{ first: 0, last: 0 }]);
  });
});
