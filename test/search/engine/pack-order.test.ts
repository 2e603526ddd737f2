// The first build's order over packed bodies (src/workers/search/pack-order.ts): newest
// first by windows, each pack's messages together inside a window.
import { describe, expect, it } from 'vitest';
import { packOrder } from '../../../src/workers/search/pack-order.js';

describe('first build order over packed bodies', () => {
  it('SEARCH-1 two imports whose dates interleave: each pack is taken whole inside a window, windows stay newest first', () => {
    // Newest first: packs 1 and 2 alternate (two archives of the same months), then pack 3.
    const rows = [
      { id: 'a1', bodyPack: 1 },
      { id: 'b1', bodyPack: 2 },
      { id: 'a2', bodyPack: 1 },
      { id: 'b2', bodyPack: 2 },
      { id: 'c1', bodyPack: 3 },
      { id: 'n1' },
      { id: 'a3', bodyPack: 1 },
      { id: 'n2' },
    ];
    expect(packOrder(rows, 100)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'c1', 'n1', 'n2']);
    // A window of four: the first four messages come before anything older.
    expect(packOrder(rows, 4)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'n1', 'n2', 'a3']);
    expect(packOrder(rows, 1)).toEqual(rows.map((r) => r.id));
  });

  it('SEARCH-1 every message comes exactly once', () => {
    const rows = Array.from({ length: 1_234 }, (_, i) => ({ id: `m${i}`, bodyPack: (i * 7) % 50 }));
    const order = packOrder(rows, 300);
    expect(order).toHaveLength(rows.length);
    expect(new Set(order).size).toBe(rows.length);
  });
});
