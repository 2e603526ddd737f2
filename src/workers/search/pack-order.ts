// The order of a first build: newest first, by windows in which the messages stored in one
// pack are taken together (schema v14 stores bodies ~14 to a record, ADR 0004).
//
// Strict newest-first order reads a pack once for every batch that has one of its
// messages. Messages stored together are close in date when they came one sync or one
// archive at a time, but not when several archives covering the same years were imported:
// the 100k bench mailbox (ten imports of 10k) read 55,459 packs of 7,326 in batches of 50.
// Grouped by pack inside windows of 5,000, it reads 10,026; a window is ~1.5 s of
// indexing, so recent mail still becomes searchable first.

/** Messages per window inside which the order follows the packs. */
export const PACK_WINDOW = 5_000;

export interface PackOrdered {
  id: string;
  bodyPack?: number;
}

/**
 * `rows` (newest first) in windows of `window`; inside each, the messages of one pack
 * together, packs in the order of their newest message there, and each pack's messages
 * newest first. Rows whose bytes have no pack keep their place among themselves.
 */
export function packOrder(rows: readonly PackOrdered[], window = PACK_WINDOW): string[] {
  const out: string[] = [];
  for (let start = 0; start < rows.length; start += window) {
    const slice = rows.slice(start, start + window);
    const rank = new Map<number | undefined, number>();
    slice.forEach((row, i) => {
      if (!rank.has(row.bodyPack)) rank.set(row.bodyPack, i);
    });
    // Array.prototype.sort is stable: within a pack, newest first as given.
    slice.sort((a, b) => (rank.get(a.bodyPack) as number) - (rank.get(b.bodyPack) as number));
    for (const row of slice) out.push(row.id);
  }
  return out;
}
