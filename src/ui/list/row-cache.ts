// The rows of a virtual list, fetched a window at a time and kept in a bounded cache: one
// implementation for long lists (keyed-list-data.ts: the message list and the threads view),
// which differ only in how rows are fetched and keyed.

/**
 * Rows kept in memory. A 100,000-message view never holds all its rows; beyond this the
 * cache keeps only what is on screen and refetches the rest when scrolled back to.
 */
export const MAX_CACHED_ROWS = 4000;

interface CachedRow<Row> {
  row: Row;
  /** The keys emission the row was fetched in; older rows are shown but refetched. */
  generation: number;
}

export class RowCache<Row> {
  private cache = new Map<string, CachedRow<Row>>();
  private inFlight = new Set<string>();
  private generation = 0;
  /** Replaced on every new view, so answers for an older one are dropped. */
  private view: object = {};

  constructor(private readonly keyOf: (row: Row) => string) {}

  /** A new view: everything cached or asked for belongs to the old one. */
  reset(): object {
    this.view = {};
    this.cache.clear();
    this.inFlight.clear();
    return this.view;
  }

  /** The keys changed (a new emission): cached rows are shown, but fetched again. */
  stale(): void {
    this.generation++;
  }

  isCurrent(view: object): boolean {
    return this.view === view;
  }

  /** First-paint rows, known before the view's keys: kept, but stale once keys arrive. */
  seed(rows: readonly Row[]): void {
    for (const row of rows) {
      const key = this.keyOf(row);
      if (!this.cache.has(key)) this.cache.set(key, { row, generation: -1 });
    }
  }

  /** Rows read fresh just now (the view's head): shown and not fetched again. */
  fresh(rows: readonly Row[]): void {
    for (const row of rows) this.cache.set(this.keyOf(row), { row, generation: this.generation });
  }

  get(key: string): Row | undefined {
    return this.cache.get(key)?.row;
  }

  /**
   * Fetches the rows of keys[start, end) that are missing or stale; `done` runs with what
   * came back when it still belongs to the current view.
   */
  ensure(
    keys: readonly string[],
    start: number,
    end: number,
    load: (wanted: string[]) => Promise<Row[]>,
    done: (wanted: readonly string[], rows: readonly Row[]) => void,
  ): void {
    const wanted: string[] = [];
    for (let i = start; i < end && i < keys.length; i++) {
      const key = keys[i];
      if (key === undefined) break;
      const cached = this.cache.get(key);
      if ((!cached || cached.generation < this.generation) && !this.inFlight.has(key))
        wanted.push(key);
    }
    if (wanted.length === 0) return;
    if (this.cache.size + wanted.length > MAX_CACHED_ROWS) this.trim(keys.slice(start, end));
    const view = this.view;
    const generation = this.generation;
    for (const key of wanted) this.inFlight.add(key);
    load(wanted).then(
      (rows) => {
        for (const key of wanted) this.inFlight.delete(key);
        if (this.view !== view) return;
        for (const row of rows) this.cache.set(this.keyOf(row), { row, generation });
        done(wanted, rows);
      },
      () => {
        for (const key of wanted) this.inFlight.delete(key);
      },
    );
  }

  private trim(keep: readonly string[]): void {
    const keepSet = new Set(keep);
    for (const key of this.cache.keys()) if (!keepSet.has(key)) this.cache.delete(key);
  }
}
