// The search worker's work, without the worker: builds the index in the background,
// newest mail first, in batches that let searches in between; answers searches and
// snippets. Node tests drive it directly over fake-indexeddb; search-worker.ts wires it
// to messages.
import type { BuzonDb } from '../../store/db.js';
import type { IndexingStatus, SearchSnippet } from '../../state/types.js';
import { emailRows } from '../../store/repos/search-index.js';
import { mailVolume } from '../../store/repos/saved-searches.js';
import { decryptedIds, deleteDecrypted } from '../../store/repos/decrypted.js';
import { executeSearch, type SearchOutcome } from '../../search/engine/execute.js';
import { parseQuery } from '../../search/query/parse.js';
import { highlight, snippet } from '../../search/query/snippet.js';
import type { BodyReader } from '../../search/index/doc-text.js';
import { SearchIndex } from './search-index.js';
import { searchData } from './search-data.js';

/** Messages parsed per step: a few hundred ms of work, so a search never waits long. */
const BATCH = 50;
/**
 * Batches read and parsed ahead of the one being added: one per parse worker the search
 * worker starts (search-worker.ts, two from four cores), so each has a batch while this
 * one adds. On two cores (one parse worker) 1, 2 and 6 ahead built at the same rate.
 */
const READ_AHEAD = 2;
/**
 * What a quiet index searches for itself once after a start or a build, answers dropped:
 * the first search a user types otherwise runs code V8 has not compiled yet (38–60 ms at
 * 100k against ~15 once warm, ADR 0024). A word of most messages' addresses, and a mark:
 * between them every step of a search runs over many postings.
 */
const WARM_UP_QUERIES = ['com', 'has:attachment'] as const;
/** A quiet index writes what it holds once this many messages wait… */
const MIN_FLUSH_DOCS = 200;
/** …or once the oldest has waited this long (a restart before then re-indexes them). */
const FLUSH_AFTER_MS = 30_000;

export interface RunnerOptions {
  db: BuzonDb;
  /** How bodies are parsed: a parse worker in the browser, this thread in Node. */
  reader: BodyReader;
  /**
   * With an index already built: how long the first look for work waits after a start, or
   * until the first search is answered. The look reads every message key (seconds at
   * 100k), and a search sent meanwhile would queue behind it in IndexedDB.
   */
  startGraceMs?: number;
  /** From how many waiting messages a look reads their rows ahead (search-index.ts). */
  newestOrderFrom?: number;
  onStatus?: (status: IndexingStatus) => void;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class SearchRunner {
  readonly index: SearchIndex;
  private pendingIds: string[] = [];
  private paused = false;
  private running = false;
  private dirty = true;
  private error: string | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;
  /** The mail volume signal as the last look for work began (changed()). */
  private lookedAt: string | null = null;
  /** Ends the start-up grace early (the first search was answered, or stop()). */
  private endGrace: (() => void) | null = null;
  /** The warm-up searches ran since the index last changed (WARM_UP_QUERIES). */
  private warm = false;

  constructor(private readonly opts: RunnerOptions) {
    this.index = new SearchIndex(opts.db, opts.reader, opts.newestOrderFrom);
  }

  async open(): Promise<void> {
    await this.index.open();
  }

  status(): IndexingStatus {
    return {
      indexed: this.index.size,
      total: this.index.size + this.pendingIds.length,
      running: this.running,
      error: this.error,
    };
  }

  private report(): void {
    this.opts.onStatus?.(this.status());
  }

  /** Looks for messages not indexed yet now (tests; the loop does it by itself). */
  refresh(): Promise<void> {
    return this.refreshPending();
  }

  /**
   * New or removed messages: the next step looks again. `volume`, the mail volume signal the
   * page saw the change at: when the look under way (or the last one) began at that very
   * volume, it has seen the change already. The page's first signal after a start is such
   * a change: it used to make every start look twice, the second look dropping the batches
   * read ahead (ADR 0024, session 12).
   */
  changed(volume?: string): void {
    if (volume !== undefined && volume === this.lookedAt) return;
    this.dirty = true;
    this.wake?.();
  }

  pause(): void {
    this.paused = true;
    this.report();
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
    this.report();
  }

  stop(): void {
    this.stopped = true;
    this.endGrace?.();
    this.wake?.();
  }

  private refreshing: Promise<void> | null = null;
  /** Searches being answered; the background work waits for them (step()). */
  private searching = 0;

  /** One look at a time; a search waits for the look in progress (its count is the answer). */
  private refreshPending(): Promise<void> {
    this.refreshing ??= this.lookForWork()
      .catch((err: unknown) => {
        // A look that failed covers nothing: the next signal looks again, whatever its volume.
        this.lookedAt = null;
        throw err;
      })
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async lookForWork(): Promise<void> {
    this.dirty = false;
    // Read first: what the look reads after it is at least as new (changed()).
    this.lookedAt = await mailVolume(this.opts.db);
    this.index.dropReadAhead();
    // Read before the messages: a copy kept after this is never taken for an orphan below.
    const kept = await decryptedIds(this.opts.db);
    await this.index.syncKept(kept);
    const pending = await this.index.pending();
    // ADR 0031: a kept copy whose message left this mailbox (deleted on the server or by
    // another client, moved out of the offline window) goes with it.
    await deleteDecrypted(
      this.opts.db,
      kept.filter((id) => this.index.folderOf(id) === undefined),
    );
    // Only what can be indexed now: a message whose bytes are not here yet waits for them.
    this.pendingIds = pending.length === 0 ? [] : await this.index.withBytes(pending);
    // A row read ahead for a message still without its bytes waits for the next look.
    this.index.keepRowsAhead(this.pendingIds);
  }

  /** One step of work; false when there is nothing to do now. */
  async step(): Promise<boolean> {
    // A search goes first: the look reads every message key, and IndexedDB would make the
    // search wait behind it (2 s at 100k messages when a search came in at start-up).
    if (this.searching > 0) return false;
    if (this.dirty) await this.refreshPending();
    if (this.pendingIds.length > 0) {
      const batch = this.pendingIds.splice(0, BATCH);
      const next = Array.from({ length: READ_AHEAD }, (_, i) =>
        this.pendingIds.slice(i * BATCH, (i + 1) * BATCH),
      );
      await this.index.add(batch, undefined, next);
      if (this.index.unwritten >= this.index.segmentTarget) await this.index.flush();
      this.warm = false;
      return true;
    }
    // ADR 0031: a deleted kept copy's words leave the disk, one segment per step.
    if (await this.index.scrubStep()) return true;
    // Fewer, larger segments: fewer reads per word on a query's first run.
    if (await this.index.levelMergeStep()) return true;
    // Not work of its own: the loop sleeps after it as after any quiet step.
    if (!this.warm) {
      this.warm = true;
      await this.warmUp();
    }
    const waited = this.index.builderSince > 0 && Date.now() - this.index.builderSince;
    if (this.index.unwritten >= MIN_FLUSH_DOCS || (waited !== false && waited >= FLUSH_AFTER_MS)) {
      await this.index.flush();
    }
    return false;
  }

  /** Indexes everything there is, then writes it (tests, benchmarks). */
  async indexAll(): Promise<void> {
    while (await this.step());
    await this.index.flush();
    while (await this.index.scrubStep());
  }

  /** The background loop: works while there is work, sleeps until changed() or a timeout. */
  async run(): Promise<void> {
    const grace = this.opts.startGraceMs ?? 0;
    if (grace > 0 && this.index.size > 0) await this.startGrace(grace);
    while (!this.stopped) {
      let busy = false;
      if (!this.paused) {
        try {
          this.running = true;
          busy = await this.step();
          this.error = null;
        } catch (err) {
          this.error = err instanceof Error ? err.message : String(err);
        }
      }
      this.running = busy;
      this.report();
      if (busy) await tick();
      else
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, FLUSH_AFTER_MS);
          this.wake = () => {
            clearTimeout(timer);
            this.wake = null;
            resolve();
          };
        });
    }
  }

  /** Waits `ms`, or less when a search is answered first (search() ends it). */
  private startGrace(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.endGrace = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.endGrace = done;
    });
  }

  /** Searches nobody asked for, so that the first one asked for runs compiled code. */
  private async warmUp(): Promise<void> {
    for (const text of WARM_UP_QUERIES) {
      if (this.searching > 0 || this.stopped) return;
      await executeSearch(
        { text, folderId: null, utcOffsetMinutes: 0 },
        this.index.termSource(),
        this.index.docMap(),
        await this.data(!this.dirty),
      );
    }
  }

  /** The rows, body texts and locations a search reads; locations only when current. */
  private data(located: boolean): ReturnType<typeof searchData> {
    return searchData(
      this.opts.db,
      (ids) => this.index.bodyTexts(ids),
      () => (located ? (id: string) => this.index.folderOf(id) : null),
    );
  }

  async search(
    text: string,
    folderId: string | null,
    utcOffsetMinutes: number,
    signal?: AbortSignal,
  ): Promise<SearchOutcome & { pending: number }> {
    // Locations are current only when no change came in since the last look finished.
    const located = !this.dirty && this.refreshing === null;
    this.searching++;
    try {
      // ADR 0031: a deleted kept copy stops matching before this search; the message is
      // indexed again from its bytes next.
      const again = await this.index.syncKept(await decryptedIds(this.opts.db));
      if (again.length > 0) this.pendingIds.unshift(...again);
      const outcome = await executeSearch(
        { text, folderId, utcOffsetMinutes, ...(signal ? { signal } : {}) },
        this.index.termSource(),
        this.index.docMap(),
        await this.data(located),
      );
      // "N messages not indexed yet" is the last count: the look for work after a change
      // (seconds at 100k) runs after the answer, in the background loop.
      return { ...outcome, pending: this.pendingIds.length };
    } finally {
      this.searching--;
      // The first answer is out: the background work may start now.
      if (this.searching === 0) this.endGrace?.();
      if (this.searching === 0) this.wake?.();
      // Paused indexing still looks for work, so the count and locations stay current.
      if (this.paused && this.dirty) void this.refreshPending().catch(() => undefined);
    }
  }

  async snippets(
    text: string,
    ids: readonly string[],
    utcOffsetMinutes: number,
  ): Promise<Record<string, SearchSnippet>> {
    const { query } = parseQuery(text, { utcOffsetMinutes });
    const [rows, bodies] = await Promise.all([
      emailRows(this.opts.db, ids),
      this.index.bodyTexts(ids),
    ]);
    const out: Record<string, SearchSnippet> = {};
    ids.forEach((id, i) => {
      const row = rows[i];
      if (!row) return;
      out[id] = {
        subject: highlight(row.subject, query),
        body: snippet(bodies[i] ?? row.preview, query),
      };
    });
    return out;
  }
}
