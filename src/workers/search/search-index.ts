// The search index of one account's database, as the search worker holds it (ADR 0024):
// the written segments' maps in memory (ids and dates: a few MB at 100k messages), their
// blocks read from IndexedDB per query, and the segment being built, searchable before
// it is written. Messages are parsed here, off the page's thread.
import type { ParsedMessage, UnparseableMessage } from '../../mail/types.js';
import type { BuzonDb } from '../../store/db.js';
import {
  blocksOf,
  clearSearchIndex,
  emailRows,
  loadSegments,
  messageIdsByFolder,
  messagesNewestFirst,
  replaceSegments,
  segmentBlocks,
  writeSegment,
} from '../../store/repos/search-index.js';
import type { DocMap } from '../../search/engine/execute.js';
import type { TermSource } from '../../search/engine/candidates.js';
import { OpenBlock } from '../../search/index/block.js';
import { bodyToIndex, indexedText } from '../../search/index/doc-text.js';
import type { Postings } from '../../search/index/postings.js';
import { EMPTY_POSTINGS, union } from '../../search/index/postings.js';
import type { SegmentRecord } from '../../search/index/segment.js';
import {
  INDEX_FORMAT,
  MARKS,
  PAIR_JOINER,
  SEGMENT_DOCS,
  SegmentBuilder,
} from '../../search/index/segment.js';
import { mergeSegments } from '../../search/index/merge.js';
import { FOLDING_VERSION } from '../../search/query/normalize.js';

/**
 * From this many messages waiting, they are put in exact newest-first order (one walk of
 * the folder index's keys, seconds at 100k): a first build makes recent mail searchable
 * first. Fewer are new arrivals, already the newest of their folders.
 */
const EXACT_ORDER_FROM = 5_000;
/** Body texts kept between a search and its snippets (~4 KB each at most). */
const BODY_CACHE = 1_000;
/** Blocks kept decoded between queries: typing a query asks for the same buckets again. */
const BLOCK_CACHE = 512;
/**
 * Small segments (mail arriving a few at a time) allowed at the end before they are merged
 * into one: each costs one more read per query term.
 */
const MAX_SMALL_SEGMENTS = 8;

/** The marks of a message: facts that never change, searchable as index terms. */
function marksOf(row: { hasAttachment: boolean; priority: number }): string[] {
  const marks: string[] = [];
  if (row.hasAttachment) marks.push(MARKS.attachment);
  if (row.priority <= 2) marks.push(MARKS.highPriority);
  return marks;
}

export type Parse = (raw: Uint8Array) => Promise<ParsedMessage | UnparseableMessage>;

export class SearchIndex {
  private segments: SegmentRecord[] = [];
  private readonly indexed = new Set<string>();
  private builder = new SegmentBuilder();
  /** Body texts read for snippets and phrase checks, most recent last. */
  private readonly bodies = new Map<string, string>();
  /** When the oldest document of the builder was added (epoch ms), 0 when empty. */
  builderSince = 0;
  private readonly cache = new Map<string, OpenBlock>();
  /**
   * Each stored message's folder, as of the last look for work (ids and folders only: about
   * 10 MB of heap at 100k messages). Lets a search settle its folder conditions, and leave
   * out messages deleted since they were indexed, without reading rows.
   */
  private location = new Map<string, string>();

  constructor(
    private readonly db: BuzonDb,
    private readonly parse: Parse,
  ) {}

  /** Loads the written segments; an index made with another text folding is dropped. */
  async open(): Promise<void> {
    let segments = await loadSegments(this.db);
    if (segments.some((s) => s.folding !== FOLDING_VERSION || s.format !== INDEX_FORMAT)) {
      await clearSearchIndex(this.db);
      segments = [];
    }
    this.segments = segments.sort((a, b) => a.base - b.base);
    for (const s of this.segments) for (const id of s.ids) this.indexed.add(id);
  }

  /** Documents in the index (written or not), deleted messages included until merged away. */
  get size(): number {
    return this.indexed.size;
  }

  get unwritten(): number {
    return this.builder.size;
  }

  private nextBase(): number {
    const last = this.segments.at(-1);
    return last ? last.base + last.ids.length : 0;
  }

  /**
   * Messages not in the index yet, newest first (exactly when there are many, as in a first
   * build; folder by folder when a few arrived); refreshes where every message is.
   */
  async pending(): Promise<string[]> {
    const byFolder = await messageIdsByFolder(this.db);
    const location = new Map<string, string>();
    const missing: string[] = [];
    for (const [mailboxId, ids] of byFolder) {
      for (let i = ids.length - 1; i >= 0; i--) {
        const id = ids[i] as string;
        location.set(id, mailboxId);
        if (!this.indexed.has(id)) missing.push(id);
      }
    }
    this.location = location;
    if (missing.length < EXACT_ORDER_FROM) return missing;
    const newest = await messagesNewestFirst(this.db, null);
    return newest.filter((m) => !this.indexed.has(m.id)).map((m) => m.id);
  }

  /** The folder of a stored message as of the last look, undefined when it is gone. */
  folderOf(id: string): string | undefined {
    return this.location.get(id);
  }

  /**
   * Indexes these messages (those whose bytes are here; the rest wait for their body).
   * Returns how many were added.
   */
  async add(ids: readonly string[], signal?: AbortSignal): Promise<number> {
    const [rows, bodies] = await Promise.all([
      emailRows(this.db, ids),
      this.db.bodies.bulkGet([...ids]),
    ]);
    let added = 0;
    for (let i = 0; i < ids.length; i++) {
      signal?.throwIfAborted();
      const row = rows[i];
      const raw = bodies[i]?.raw;
      if (!row || !raw || this.indexed.has(row.id)) continue;
      const body = bodyToIndex(await this.parse(raw));
      if (this.builder.size === 0) this.builderSince = Date.now();
      this.builder.add(row.id, row.receivedAt, indexedText(row, body), marksOf(row));
      this.indexed.add(row.id);
      added++;
    }
    return added;
  }

  /** Writes the segment being built (one transaction). */
  async flush(): Promise<void> {
    if (this.builder.size === 0) return;
    const seg = Math.max(0, ...this.segments.map((s) => s.seg)) + 1;
    const { segment, blocks } = this.builder.build(seg, this.nextBase(), FOLDING_VERSION);
    await writeSegment(this.db, segment, blocks);
    this.segments.push(segment);
    this.builder = new SegmentBuilder();
    this.builderSince = 0;
    await this.mergeSmallTail();
  }

  /** Merges the trailing small segments into one once there are too many of them. */
  private async mergeSmallTail(): Promise<void> {
    let from = this.segments.length;
    while (from > 0 && (this.segments[from - 1] as SegmentRecord).ids.length < SEGMENT_DOCS) from--;
    const small = this.segments.slice(from);
    if (small.length <= MAX_SMALL_SEGMENTS) return;
    const parts = [];
    for (const segment of small)
      parts.push({ segment, blocks: await segmentBlocks(this.db, segment.seg) });
    const seg = Math.max(...this.segments.map((s) => s.seg)) + 1;
    const merged = mergeSegments(parts, seg);
    await replaceSegments(
      this.db,
      small.map((s) => s.seg),
      merged.segment,
      merged.blocks,
    );
    this.segments = [...this.segments.slice(0, from), merged.segment];
    this.cache.clear();
  }

  /**
   * The indexed body text of each message, parsed again from its bytes: kept text would
   * cost ~2 KB per message on disk (ADR 0024) for what only the rows shown and phrase
   * checks need. Recent ones are remembered.
   */
  async bodyTexts(ids: readonly string[]): Promise<(string | undefined)[]> {
    const missing = ids.filter((id) => !this.bodies.has(id));
    if (missing.length > 0) {
      const raws = await this.db.bodies.bulkGet([...missing]);
      for (let i = 0; i < missing.length; i++) {
        const raw = raws[i]?.raw;
        if (!raw) continue;
        if (this.bodies.size >= BODY_CACHE)
          this.bodies.delete(this.bodies.keys().next().value as string);
        this.bodies.set(missing[i] as string, bodyToIndex(await this.parse(raw)));
      }
    }
    return ids.map((id) => this.bodies.get(id));
  }

  private segmentOf(doc: number): SegmentRecord | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.segments[mid] as SegmentRecord;
      if (doc < s.base) hi = mid - 1;
      else if (doc >= s.base + s.ids.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  docMap(): DocMap {
    const base = this.nextBase();
    const building = this.builder;
    return {
      idOf: (doc) => {
        if (doc >= base) return building.ids[doc - base];
        const s = this.segmentOf(doc);
        return s?.ids[doc - s.base];
      },
      dateOf: (doc) => {
        if (doc >= base) return building.dates[doc - base] ?? 0;
        const s = this.segmentOf(doc);
        return s ? (s.dates[doc - s.base] ?? 0) : 0;
      },
    };
  }

  private async openBlocks(bucket: string): Promise<OpenBlock[]> {
    const out: OpenBlock[] = [];
    const missing: SegmentRecord[] = [];
    for (const s of this.segments) {
      const hit = this.cache.get(`${s.seg}\n${bucket}`);
      if (hit) out.push(hit);
      else missing.push(s);
    }
    if (missing.length === 0) return out;
    const bases = new Map(missing.map((s) => [s.seg, s.base]));
    for (const record of await blocksOf(
      this.db,
      missing.map((s) => s.seg),
      bucket,
    )) {
      const block = new OpenBlock(record, bases.get(record.seg) ?? 0);
      if (this.cache.size >= BLOCK_CACHE)
        this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(`${record.seg}\n${bucket}`, block);
      out.push(block);
    }
    return out;
  }

  private builderPostings(match: (term: string) => boolean, exact: string | null): Postings {
    const base = this.nextBase();
    const terms = this.builder.termMap();
    const one = (docs: readonly number[], masks: readonly number[]): Postings => ({
      docs: Uint32Array.from(docs, (d) => d + base),
      masks: Uint8Array.from(masks),
    });
    if (exact !== null) {
      const hit = terms.get(exact);
      return hit ? one(hit.docs, hit.masks) : EMPTY_POSTINGS;
    }
    let out = EMPTY_POSTINGS;
    for (const [term, hit] of terms) if (match(term)) out = union(out, one(hit.docs, hit.masks));
    return out;
  }

  termSource(): TermSource {
    return {
      blocks: (bucket) => this.openBlocks(bucket),
      pendingExact: (term) => this.builderPostings(() => false, term),
      pendingPrefix: (prefix) =>
        this.builderPostings((t) => t.startsWith(prefix) && !t.includes(PAIR_JOINER), null),
    };
  }
}
