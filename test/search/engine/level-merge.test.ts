// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SEARCH-1 at scale (ADR 0024, session 8): full segments are merged four at a time, bucket
// by bucket, into one whose blocks are exactly those a single build of the same messages
// makes — so every query answers the same, from 4× fewer reads per word — and a merge cut
// short by a stop leaves nothing behind at the next open.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { BlockRecord } from '../../../src/search/index/block.js';
import {
  SEGMENT_DOCS,
  SegmentBuilder,
  type IndexedText,
  type SegmentRecord,
} from '../../../src/search/index/segment.js';
import { FOLDING_VERSION } from '../../../src/search/query/normalize.js';
import { openDb, type BuzonDb } from '../../../src/store/db.js';
import {
  loadSegments,
  putBlocks,
  segmentBlocks,
  writeSegment,
} from '../../../src/store/repos/search-index.js';
import { mergeLevel, planLevelMerge } from '../../../src/workers/search/level-merge.js';
import { SearchIndex } from '../../../src/workers/search/search-index.js';
import { inlineBodyReader } from '../../../src/search/index/inline-reader.js';

let db: BuzonDb | undefined;
afterEach(() => db?.close());

async function freshDb(): Promise<BuzonDb> {
  db = await openDb(`buzon-account-merge-${crypto.randomUUID()}`, {
    indexedDB: new IDBFactory(),
    IDBKeyRange,
  });
  return db;
}

const WORDS = ['camión', 'factura', 'reunión', 'pedido', 'Málaga', 'envío', 'hola', 'gracias'];

/** Message `n`: a few words from a small vocabulary, so terms repeat across segments. */
function text(n: number): IndexedText {
  const w = (k: number) => WORDS[(n * 7 + k * 3) % WORDS.length] as string;
  return {
    subject: `${w(0)} ${w(1)} ${n}`,
    from: `Ana García ${n % 3}\nana${n % 3}@correo.es`,
    to: 'equipo@buzon.test',
    cc: '',
    body: `${w(2)} ${w(3)} ${w(4)} del pedido ${n}. ${w(5)} y ${w(1)}.`,
  };
}

function built(from: number, count: number, seg: number): ReturnType<SegmentBuilder['build']> {
  const b = new SegmentBuilder();
  for (let n = from; n < from + count; n++)
    b.add(`m${n}`, 1_700_000_000_000 + n, text(n), n % 5 ? [] : ['\u0001attachment']);
  return b.build(seg, from, FOLDING_VERSION);
}

const byBucket = (blocks: readonly BlockRecord[]) =>
  [...blocks].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));

const segmentOf = (seg: number, base: number, size: number): SegmentRecord => ({
  seg,
  base,
  ids: Array.from({ length: size }, (_, i) => `s${seg}-${i}`),
  dates: new Float64Array(size),
  folding: FOLDING_VERSION,
  format: 5,
});

describe('merging full segments four at a time (ADR 0024)', () => {
  it('SEARCH-1 picks the oldest four full segments of one size; never small ones or mixed sizes', () => {
    const full = SEGMENT_DOCS;
    const segs = [
      segmentOf(1, 0, full * 4),
      segmentOf(2, full * 4, full),
      segmentOf(3, full * 5, full),
      segmentOf(4, full * 6, full),
      segmentOf(5, full * 7, full),
      segmentOf(6, full * 8, full),
      segmentOf(7, full * 9, 300),
    ];
    expect(planLevelMerge(segs)?.map((s) => s.seg)).toEqual([2, 3, 4, 5]);
    expect(planLevelMerge(segs.slice(0, 4))).toBeNull();
    const small = [1, 2, 3, 4, 5].map((i) => segmentOf(i, i * 300, 300));
    expect(planLevelMerge(small)).toBeNull();
  });

  it('SEARCH-1 the merged segment holds exactly the blocks one build of the same messages makes', async () => {
    const d = await freshDb();
    const per = 40;
    for (let i = 0; i < 4; i++) {
      const { segment, blocks } = built(i * per, per, i + 1);
      await writeSegment(d, segment, blocks);
    }
    const parts = await loadSegments(d);
    const merged = await mergeLevel(d, parts, 5, () => Promise.resolve());
    expect((await loadSegments(d)).map((s) => s.seg)).toEqual([5]);
    for (let seg = 1; seg <= 4; seg++) expect(await segmentBlocks(d, seg)).toEqual([]);
    const once = built(0, per * 4, 5);
    expect(merged.ids).toEqual(once.segment.ids);
    expect([...merged.dates]).toEqual([...once.segment.dates]);
    expect(byBucket(await segmentBlocks(d, 5))).toEqual(byBucket(once.blocks));
  });

  it('SEARCH-1 a merge stopped before its commit leaves no blocks once the index opens again', async () => {
    const d = await freshDb();
    const { segment, blocks } = built(0, 20, 1);
    await writeSegment(d, segment, blocks);
    // What a merge into segment 2 had written when the tab closed.
    await putBlocks(d, built(0, 20, 2).blocks);
    const index = new SearchIndex(d, inlineBodyReader);
    await index.open();
    expect(await segmentBlocks(d, 2)).toEqual([]);
    expect((await segmentBlocks(d, 1)).length).toBe(blocks.length);
  });
});
