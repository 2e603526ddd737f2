// The search index of one account's database, as the search worker holds it (ADR 0024):
// the written segments' maps in memory (ids and dates: a few MB at 100k messages), their
// blocks read from IndexedDB per query, and the segment being built, searchable before
// it is written. Messages are parsed and their words folded off the page's thread, by a
// parse worker of this worker's own in the browser, while this one adds the batch before.
import type { BuzonDb } from '../../store/db.js';
import {
  blocksOf,
  clearSearchIndex,
  dropBlocksAfter,
  eachEmailRow,
  emailRows,
  folderIds,
  indexRowFields,
  type IndexRowFields,
  loadSegments,
  messageIdsByFolder,
  writeSegment,
} from '../../store/repos/search-index.js';
import { readBodies, withStoredBodies } from '../../store/repos/bodies.js';
import { decryptedTexts } from '../../store/repos/decrypted.js';
import type { DocMap } from '../../search/engine/execute.js';
import type { TermSource } from '../../search/engine/candidates.js';
import { OpenBlock } from '../../search/index/block.js';
import { indexedText, sourceTextToIndex } from '../../search/index/doc-text.js';
import type { BodyReader } from '../../search/index/doc-text.js';
import type { SegmentRecord } from '../../search/index/segment.js';
import { INDEX_FORMAT, MARKS, SEGMENT_DOCS, SegmentBuilder } from '../../search/index/segment.js';
import { FOLDING_VERSION } from '../../search/query/normalize.js';
import { BodyTexts } from './body-texts.js';
import { builderPostings } from './builder-postings.js';
import { packOrder } from './pack-order.js';
import { mergeSmallTail } from './tail-merge.js';
import { LEVEL_FANOUT, mergeLevel, planLevelMerge } from './level-merge.js';
import { currentDoc, KeptDocs, keptMarkDocs, scrubOne } from './kept-docs.js';

/**
 * From this many messages waiting, and at least half of all, a look reads the waiting rows
 * ahead and puts them in newest-first order across folders: a first build makes recent
 * mail searchable first. Fewer are new arrivals, already the newest of their folders, and
 * are taken folder by folder with their rows read batch by batch.
 */
const NEWEST_ORDER_FROM = 5_000;
/** Rows per read when a first build reads every waiting row ahead (pending()). */
const ROW_CHUNK = 1_000;
/** A turn of the worker's event loop: a search request that came in is read first. */
const yieldToSearches = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Blocks kept decoded between queries: typing a query asks for the same buckets again. */
const BLOCK_CACHE = 512;

/** The marks of a message: facts that never change, searchable as index terms. */
function marksOf(row: { hasAttachment: boolean; priority: number }): string[] {
  const marks: string[] = [];
  if (row.hasAttachment) marks.push(MARKS.attachment);
  if (row.priority <= 2) marks.push(MARKS.highPriority);
  return marks;
}

const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** A batch read and handed to the parser, ready to add. */
interface Prepared {
  rows: (IndexRowFields | undefined)[];
  kept: (string | undefined)[];
  /** The bytes of the messages given to the parser (the fallback when it fails on one). */
  raws: (Uint8Array | null)[];
  /** The folded body tokens of the messages with `raws`, as the parser gives them. */
  tokens: Promise<(string[] | null)[]>;
}

export class SearchIndex {
  private segments: SegmentRecord[] = [];
  private readonly indexed = new Set<string>();
  private builder = new SegmentBuilder();
  /** When the oldest document of the builder was added (epoch ms), 0 when empty. */
  builderSince = 0;
  private readonly cache = new Map<string, OpenBlock>();
  /**
   * Each stored message's folder, as of the last look for work (ids and folders only: about
   * 10 MB of heap at 100k messages). Lets a search settle its folder conditions, and leave
   * out messages deleted since they were indexed, without reading rows.
   */
  private location = new Map<string, string>();
  /** ADR 0031: documents indexed from kept decrypted copies, and superseded ones. */
  private readonly keptDocs = new KeptDocs();
  /** Body texts read for snippets and phrase checks. */
  private readonly bodies: BodyTexts;
  /** Messages with a kept decrypted copy as of the last look (syncKept); null: not looked. */
  private keptIds: ReadonlySet<string> | null = null;
  /** The next batches, read and being parsed while the current one is added (oldest first). */
  private readAhead: { ids: string[]; prepared: Promise<Prepared> }[] = [];
  /**
   * Rows of a first build read ahead by the look (pending()), trimmed to what the index
   * reads and dropped as they are used: ~200 bytes a message until indexed.
   */
  private rowsAhead = new Map<string, IndexRowFields>();
  /**
   * Messages per written segment for the work of the last look: SEGMENT_DOCS, or for a
   * first build LEVEL_FANOUT times that, the size the level merges would make of them.
   */
  segmentTarget = SEGMENT_DOCS;
  /** Adding and writing one at a time: a kept copy may be indexed during a search. */
  private lock: Promise<unknown> = Promise.resolve();

  /** `newestOrderFrom`: NEWEST_ORDER_FROM, smaller in tests. */
  constructor(
    private readonly db: BuzonDb,
    private readonly reader: BodyReader,
    private readonly newestOrderFrom = NEWEST_ORDER_FROM,
  ) {
    this.bodies = new BodyTexts(db, reader.text, (id) => this.keptDocs.kept.has(id));
  }

  /** Loads the written segments; an index made with another text folding is dropped. */
  async open(): Promise<void> {
    let segments = await loadSegments(this.db);
    if (segments.some((s) => s.folding !== FOLDING_VERSION || s.format !== INDEX_FORMAT)) {
      await clearSearchIndex(this.db);
      segments = [];
    }
    this.segments = segments.sort((a, b) => a.base - b.base);
    // A merge stopped before its commit left blocks after the last recorded segment.
    await dropBlocksAfter(this.db, Math.max(0, ...this.segments.map((s) => s.seg)));
    for (const s of this.segments) for (const id of s.ids) this.indexed.add(id);
    this.keptDocs.load(this.segments, await keptMarkDocs(this.db, this.segments));
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * ADR 0031: catches up with the kept copies (`keptIds`, all of them): a message whose
   * copy was deleted stops matching now and is returned, to be indexed again from its
   * bytes; a message kept since is indexed again from its copy (no parse: the text is kept).
   */
  async syncKept(keptIds: readonly string[]): Promise<string[]> {
    this.keptIds = new Set(keptIds);
    const indexed = (id: string) => this.indexed.has(id);
    const quick = this.keptDocs.diff(new Set(keptIds), indexed);
    // The usual case (nothing kept, nothing changed) takes no turn of the lock.
    if (quick.purged.length === 0 && quick.fresh.length === 0) return [];
    return this.exclusive(async () => {
      const { purged, fresh } = this.keptDocs.diff(new Set(keptIds), indexed);
      for (const id of [...purged, ...fresh]) {
        this.keptDocs.supersede(
          id,
          currentDoc(id, this.segments, this.builder.ids, this.nextBase()),
        );
        this.indexed.delete(id);
        this.bodies.forget(id);
      }
      await this.addNow(fresh);
      return purged;
    });
  }

  /**
   * Merges four full segments of one size into one (level-merge.ts), when there are such;
   * false: nothing to merge. New mail waits for it (one merge at a time, like a flush).
   */
  levelMergeStep(): Promise<boolean> {
    if (planLevelMerge(this.segments) === null) return Promise.resolve(false);
    return this.exclusive(async () => {
      const parts = planLevelMerge(this.segments);
      if (!parts) return false;
      const seg = Math.max(0, ...this.segments.map((s) => s.seg)) + 1;
      const merged = await mergeLevel(this.db, parts, seg, yieldToSearches);
      const gone = new Set(parts.map((p) => p.seg));
      this.segments = [...this.segments.filter((s) => !gone.has(s.seg)), merged].sort(
        (a, b) => a.base - b.base,
      );
      this.cache.clear();
      return true;
    });
  }

  /** ADR 0031: a deleted kept copy's words leave one written segment; false: nothing to do. */
  scrubStep(): Promise<boolean> {
    if (this.keptDocs.toScrub.size === 0) return Promise.resolve(false);
    return this.exclusive(async () => {
      const after = await scrubOne(this.db, this.segments, this.keptDocs.toScrub);
      if (!after) return false;
      this.segments = after;
      this.cache.clear();
      return true;
    });
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
   * Messages not in the index yet, newest first across folders when there are many, as in
   * a first build (folder by folder when a few arrived); refreshes where every message is.
   */
  async pending(): Promise<string[]> {
    this.rowsAhead = new Map();
    this.segmentTarget = SEGMENT_DOCS;
    // A first build reads every row anyway: where each message is comes with it, and the
    // folder index's keys (0.9 s at 100k) are not read first.
    if (this.indexed.size === 0) return this.pendingFromRows(null);
    const byFolder = await messageIdsByFolder(this.db);
    const location = new Map<string, string>();
    const missing: string[] = [];
    let total = 0;
    for (const [mailboxId, ids] of byFolder) {
      for (let i = ids.length - 1; i >= 0; i--) {
        const id = ids[i] as string;
        location.set(id, mailboxId);
        if (!this.indexed.has(id)) missing.push(id);
      }
      total += ids.length;
    }
    this.location = location;
    if (missing.length < this.newestOrderFrom || missing.length * 2 < total) return missing;
    return this.pendingFromRows(new Set(missing));
  }

  /**
   * The look of a first build (or of one as large): every row is read, a thousand per
   * request, instead of one request per message as batches come (half of a build's
   * IndexedDB requests); the waiting ones (`waiting`, or all not indexed) are kept, trimmed
   * to what the index reads, and their dates give the newest-first order (by windows in
   * which each pack's messages come together: pack-order.ts).
   */
  private async pendingFromRows(waiting: ReadonlySet<string> | null): Promise<string[]> {
    const folders = new Set(await folderIds(this.db));
    const location = new Map<string, string>();
    const ahead = new Map<string, IndexRowFields>();
    await eachEmailRow(this.db, ROW_CHUNK, (rows) => {
      for (const row of rows) {
        // As the folder index's keys are read: rows of folders that exist.
        if (!folders.has(row.mailboxId)) continue;
        location.set(row.id, row.mailboxId);
        if (this.indexed.has(row.id) || (waiting !== null && !waiting.has(row.id))) continue;
        ahead.set(row.id, indexRowFields(row));
      }
    });
    this.location = location;
    this.rowsAhead = ahead;
    // Written straight at the next size class: a first build of 100k no longer writes
    // twenty segments only to merge them four by four, rewriting every posting once.
    if (ahead.size >= this.newestOrderFrom) this.segmentTarget = SEGMENT_DOCS * LEVEL_FANOUT;
    // Newest first, the messages of a pack together within windows (pack-order.ts).
    return packOrder([...ahead.values()].sort((a, b) => b.receivedAt - a.receivedAt));
  }

  /**
   * Of `ids` (the last look's), those whose bytes are here: each row names its pack, and
   * the rows a first build read ahead are not read again.
   */
  withBytes(ids: readonly string[]): Promise<string[]> {
    return withStoredBodies(this.db, ids, this.rowsAhead);
  }

  /** Keeps rows read ahead only for `ids` (those whose bytes are here to index now). */
  keepRowsAhead(ids: readonly string[]): void {
    if (this.rowsAhead.size === 0 || this.rowsAhead.size === ids.length) return;
    const kept = new Map<string, IndexRowFields>();
    for (const id of ids) {
      const row = this.rowsAhead.get(id);
      if (row) kept.set(id, row);
    }
    this.rowsAhead = kept;
  }

  /** The folder of a stored message as of the last look, undefined when it is gone. */
  folderOf(id: string): string | undefined {
    return this.location.get(id);
  }

  /**
   * Indexes these messages (those whose bytes are here; the rest wait for their body).
   * `next`, the batches that will follow, are read and handed to the parser meanwhile, so the
   * parse worker never waits for this one to be added. Returns how many were added.
   */
  add(
    ids: readonly string[],
    signal?: AbortSignal,
    next: readonly (readonly string[])[] = [],
  ): Promise<number> {
    return this.exclusive(() => this.addNow(ids, signal, next));
  }

  /** Forgets a batch read ahead (a look for work found the mailbox changed). */
  dropReadAhead(): void {
    this.readAhead = [];
  }

  /** Rows, bodies and kept copies of `ids`, each body already given to the parser. */
  private async prepare(ids: readonly string[]): Promise<Prepared> {
    const known = this.keptIds;
    // The rows name the packs the bytes are in: one read per pack, not per message.
    const read = this.rowsOf(ids).then(async (rows) => ({
      rows,
      raws: await readBodies(
        this.db,
        rows.map((row) => (row && !this.indexed.has(row.id) ? row : undefined)),
      ),
    }));
    const [{ rows, raws: bodies }, kept] = await Promise.all([
      read,
      // ADR 0031: a kept decrypted copy is indexed instead of the ciphertext. Only those
      // the last look saw are read; one kept since is indexed again at the next (syncKept).
      known === null || ids.some((id) => known.has(id))
        ? decryptedTexts(this.db, ids)
        : ids.map(() => undefined),
    ]);
    // The batch goes to the parser in one message; the parse worker parses and folds it
    // while this worker adds the batch before (two cores, one pipeline).
    const raws = ids.map((_, i) => {
      const raw = bodies[i];
      const row = rows[i];
      return !row || !raw || kept[i] !== undefined || this.indexed.has(row.id) ? null : raw;
    });
    const tokens = this.reader.tokens(raws.filter((r): r is Uint8Array => r !== null));
    tokens.catch(() => undefined);
    return { rows, kept, raws, tokens };
  }

  /** The rows of `ids`: those read ahead by the look, the others from the database. */
  private async rowsOf(ids: readonly string[]): Promise<(IndexRowFields | undefined)[]> {
    const out = ids.map((id) => this.rowsAhead.get(id));
    for (const id of ids) this.rowsAhead.delete(id);
    const unread = ids.filter((_, i) => out[i] === undefined);
    if (unread.length === 0) return out;
    const got = await emailRows(this.db, unread);
    let next = 0;
    return out.map((row) => row ?? got[next++]);
  }

  private takePrepared(ids: readonly string[]): Promise<Prepared> {
    const at = this.readAhead.findIndex((a) => sameIds(a.ids, ids));
    if (at < 0) return this.prepare(ids);
    const [ahead] = this.readAhead.splice(at, 1);
    return (ahead as (typeof this.readAhead)[number]).prepared;
  }

  private async addNow(
    ids: readonly string[],
    signal?: AbortSignal,
    next: readonly (readonly string[])[] = [],
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const { rows, kept, raws, tokens } = await this.takePrepared(ids);
    // The batches after this one: read (and parsed) ahead unless they are already.
    this.readAhead = this.readAhead.filter((a) => next.some((n) => sameIds(a.ids, n)));
    for (const n of next) {
      if (n.length === 0 || this.readAhead.some((a) => sameIds(a.ids, n))) continue;
      const prepared = this.prepare(n);
      prepared.catch(() => undefined);
      this.readAhead.push({ ids: [...n], prepared });
    }
    const parsed = await tokens;
    let nextParsed = 0;
    let added = 0;
    for (let i = 0; i < ids.length; i++) {
      signal?.throwIfAborted();
      const row = rows[i];
      const keptText = kept[i];
      const raw = raws[i];
      const fromParser = raw ? parsed[nextParsed++] : undefined;
      if (!row || this.indexed.has(row.id)) continue;
      // The parser failed on it: the start of its source, as the reader shows it.
      const body = keptText ?? (raw ? (fromParser ?? sourceTextToIndex(raw)) : undefined);
      if (body === undefined) continue;
      if (this.builder.size === 0) this.builderSince = Date.now();
      const marks = marksOf(row);
      if (keptText !== undefined) {
        marks.push(MARKS.kept);
        this.keptDocs.kept.set(row.id, this.nextBase() + this.builder.size);
      }
      this.builder.add(row.id, row.receivedAt, indexedText(row, body), marks);
      this.indexed.add(row.id);
      added++;
    }
    return added;
  }

  /** Writes the segment being built (one transaction). */
  flush(): Promise<void> {
    return this.exclusive(() => this.flushNow());
  }

  private async flushNow(): Promise<void> {
    if (this.builder.size === 0) return;
    const seg = Math.max(0, ...this.segments.map((s) => s.seg)) + 1;
    const { segment, blocks } = this.builder.build(seg, this.nextBase(), FOLDING_VERSION);
    await writeSegment(this.db, segment, blocks);
    this.segments.push(segment);
    this.builder = new SegmentBuilder();
    this.builderSince = 0;
    const merged = await mergeSmallTail(this.db, this.segments);
    if (!merged) return;
    this.segments = merged;
    this.cache.clear();
  }

  /** The indexed body text of each message (body-texts.ts). */
  bodyTexts(ids: readonly string[]): Promise<(string | undefined)[]> {
    return this.bodies.get(ids);
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
    const { superseded } = this.keptDocs;
    return {
      idOf: (doc) => {
        // ADR 0031: a message indexed again answers only through its current document.
        if (superseded.size > 0 && superseded.has(doc)) return undefined;
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

  termSource(): TermSource {
    return {
      blocks: (bucket) => this.openBlocks(bucket),
      pendingExact: (term) => builderPostings(this.builder, this.nextBase(), () => false, term),
      pendingPrefix: (prefix) =>
        builderPostings(this.builder, this.nextBase(), (t) => t.startsWith(prefix), null),
    };
  }
}
