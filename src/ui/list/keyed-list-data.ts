import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscribable } from '../../state/observable.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { mergeHead } from './merge-head.js';
import { RowCache } from './row-cache.js';

/** Rows fetched for the first paint, before the view's keys are known: a screenful and more. */
export const FIRST_ROWS = 50;

/** Where one view's keys and rows come from (a folder's messages, its threads, …). */
export interface KeyedListSource<Row> {
  /** The view's keys in display order, live; absent for a fixed list of keys. */
  observeKeys?(): Subscribable<string[]>;
  /** The first rows, before the keys are known (first paint). */
  firstRows?(count: number): Promise<Row[]>;
  /**
   * The first `count` rows of the view, live. After a change they arrive before the whole
   * key list is read again, so the top of the view shows it at once (merge-head.ts); when
   * present, they are the first paint too (instead of `firstRows`).
   */
  observeHead?(count: number): Subscribable<Row[]>;
  /** The rows of these keys (fewer when some are gone). */
  rows(keys: string[]): Promise<Row[]>;
}

/**
 * A long list's data, for the message list and the threads view alike: the first rows of a
 * view at once, then its ordered keys, then the rows on screen through a small cache. The
 * element asks for a range with `ensure()` and reads `rowAt()`. A 100,000-row view costs
 * one key per row and a screenful of rows.
 */
export class KeyedListData<Row> implements ReactiveController {
  /** The view's keys in order, once known. */
  ids: readonly string[] | null = null;
  /** True from a new view until its first rows are on screen (the benchmark's mark). */
  firstPaintPending = false;
  private firstRows: Row[] = [];
  private readonly rows: RowCache<Row>;
  private source: KeyedListSource<Row> | null = null;
  private readonly keysSub: SubscribeController<string[]>;
  private readonly headSub: SubscribeController<Row[]>;
  /** The keys of the head's last emission, and the last whole key list (observeHead). */
  private headKeys: string[] | null = null;
  private allKeys: string[] | null = null;

  constructor(
    protected readonly host: ReactiveControllerHost,
    private readonly keyOf: (row: Row) => string,
    protected readonly onIds: (ids: readonly string[]) => void,
  ) {
    host.addController(this);
    this.rows = new RowCache<Row>(keyOf);
    this.keysSub = new SubscribeController<string[]>(host, (keys) => {
      this.allKeys = keys;
      this.rows.stale();
      this.showKeys(this.headKeys ? mergeHead(this.headKeys, keys, FIRST_ROWS) : keys);
    });
    this.headSub = new SubscribeController<Row[]>(host, (rows) => this.headChanged(rows));
  }

  private showKeys(keys: readonly string[]): void {
    this.ids = keys;
    this.onIds(keys);
  }

  /** The view's first rows, fresh: shown at once, on top of the last whole key list. */
  private headChanged(rows: Row[]): void {
    const keys = rows.map(this.keyOf);
    this.headKeys = keys;
    if (this.ids === null) this.firstRows = rows;
    this.rows.fresh(rows);
    if (rows.length < FIRST_ROWS) this.showKeys(keys);
    else if (this.allKeys) this.showKeys(mergeHead(keys, this.allKeys, FIRST_ROWS));
  }

  hostConnected(): void {}

  get error(): unknown {
    return this.keysSub.error;
  }

  get count(): number {
    return this.ids ? this.ids.length : this.firstRows.length;
  }

  /** True once the view's keys are known, so the count is exact. */
  get complete(): boolean {
    return this.ids !== null;
  }

  /**
   * Shows another view (null: none). With `fixedKeys`, those keys are the view (search
   * results): no first rows, no observed keys.
   */
  protected show(source: KeyedListSource<Row> | null, fixedKeys?: readonly string[]): void {
    this.source = source;
    const view = this.rows.reset();
    this.firstRows = [];
    this.ids = fixedKeys ?? null;
    this.firstPaintPending = source !== null && fixedKeys === undefined;
    this.headKeys = null;
    this.allKeys = null;
    // The head first: its reads are queued before the whole key list's.
    const head = fixedKeys === undefined ? source?.observeHead?.(FIRST_ROWS) : undefined;
    this.headSub.setSource(head);
    this.keysSub.setSource(fixedKeys === undefined ? source?.observeKeys?.() : undefined);
    if (fixedKeys !== undefined) {
      this.rows.stale();
      this.onIds(fixedKeys);
      return;
    }
    if (head) return;
    source?.firstRows?.(FIRST_ROWS).then(
      (rows) => {
        if (!this.rows.isCurrent(view)) return;
        this.firstRows = rows;
        this.rows.seed(rows);
        this.host.requestUpdate();
      },
      () => {
        // The keys subscription reports the same failure; first paint just waits for it.
      },
    );
  }

  /** The keys known so far: the view's, or the first rows' before those arrive. */
  knownIds(): readonly string[] {
    return this.ids ?? this.firstRows.map(this.keyOf);
  }

  rowAt(index: number): Row | undefined {
    if (!this.ids) return this.firstRows[index];
    const key = this.ids[index];
    return key === undefined ? undefined : this.rows.get(key);
  }

  /** Rows of the current view by key, for actions that need them (e.g. which are unread). */
  cachedRow(key: string): Row | undefined {
    return this.rows.get(key);
  }

  /** Marks the cached rows stale, so the rows on screen are fetched again. */
  protected staleRows(): void {
    this.rows.stale();
  }

  /** Fetches the rows of [start, end) that are missing or stale. */
  ensure(start: number, end: number): void {
    const source = this.source;
    if (!this.ids || !source) return;
    this.rows.ensure(
      this.ids,
      start,
      end,
      (wanted) => source.rows(wanted),
      (wanted, rows) => this.fetched(wanted, rows),
    );
  }

  /** Rows arrived for `wanted`; by default the host renders them. */
  protected fetched(_wanted: readonly string[], _rows: readonly Row[]): void {
    this.host.requestUpdate();
  }
}
