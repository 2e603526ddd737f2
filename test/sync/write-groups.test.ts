// The first download's write groups (sync/bodies.ts groupBatches, ADR 0012 session 21):
// batches of small mail go several to a transaction, large mail one batch at a time, so a
// group never holds more bytes than one batch may (12 MB).
import { describe, expect, it } from 'vitest';
import { groupBatches } from '../../src/sync/bodies.js';

const MB = 1024 * 1024;

describe('bootstrap write groups', () => {
  it('bootstrap: batches of small mail are written up to four at a time, the rest after', () => {
    expect(groupBatches([2 * MB, 2 * MB, 2 * MB, 2 * MB, 1 * MB], 4)).toEqual([
      { first: 0, last: 3 },
      { first: 4, last: 4 },
    ]);
    expect(groupBatches([2 * MB, 2 * MB, 2 * MB], 2)).toEqual([
      { first: 0, last: 1 },
      { first: 2, last: 2 },
    ]);
  });

  it('bootstrap: a group stops before it would hold more than one batch’s bytes', () => {
    expect(groupBatches([11 * MB, 2 * MB, 3 * MB, 8 * MB, 12 * MB], 4)).toEqual([
      { first: 0, last: 0 },
      { first: 1, last: 2 },
      { first: 3, last: 3 },
      { first: 4, last: 4 },
    ]);
  });

  it('bootstrap: nothing to write, no group; one batch, one group', () => {
    expect(groupBatches([], 4)).toEqual([]);
    expect(groupBatches([5 * MB], 4)).toEqual([{ first: 0, last: 0 }]);
  });
});
