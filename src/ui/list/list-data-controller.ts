import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ListQuery, MessageRow, MessageService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';

/** Rows fetched for the first paint, before the view's ids are known: a screenful and more. */
export const FIRST_ROWS = 50;
/**
 * Rows kept in memory. A 100,000-message view never holds all its rows; beyond this the
 * cache keeps only what is on screen and refetches the rest when scrolled back to.
 */
export const MAX_CACHED_ROWS = 4000;

interface CachedRow {
  row: MessageRow;
  /** The ids emission the row was fetched in; older rows are shown but refetched. */
  generation: number;
}

/**
 * The message list's data: the first rows of a view at once (getFirstRows), then its
 * ordered ids (observeMessageIds), then the rows on screen (getRows) through a small
 * cache. The element asks for a range with `ensure()` and reads `rowAt()`. A fixed id
 * list (search results, `setIds`) skips the first two steps.
 */
export class ListDataController implements ReactiveController {
  ids: readonly string[] | null = null;
  /** True from a new query until its first rows are on screen (the benchmark's mark). */
  firstPaintPending = false;
  private firstRows: MessageRow[] = [];
  private cache = new Map<string, CachedRow>();
  private inFlight = new Set<string>();
  private generation = 0;
  /** Replaced on every new view, so answers for an older one are dropped. */
  private view: object = {};
  /** A fixed id list (search results) rather than a folder's observed view. */
  private fixed = false;
  private service: MessageService | undefined;
  private readonly idsSub: SubscribeController<string[]>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onIds: (ids: readonly string[]) => void,
  ) {
    host.addController(this);
    this.idsSub = new SubscribeController<string[]>(host, (ids) => {
      this.ids = ids;
      this.generation++;
      this.onIds(ids);
    });
  }

  hostConnected(): void {}

  get error(): unknown {
    return this.idsSub.error;
  }

  get count(): number {
    return this.ids ? this.ids.length : this.firstRows.length;
  }

  /** True once the view's ids are known, so the count is exact. */
  get complete(): boolean {
    return this.ids !== null;
  }

  setQuery(service: MessageService | undefined, query: ListQuery | null): void {
    this.service = service;
    this.fixed = false;
    const view = (this.view = {});
    this.ids = null;
    this.firstRows = [];
    this.cache.clear();
    this.inFlight.clear();
    this.firstPaintPending = query !== null;
    this.idsSub.setSource(service && query ? service.observeMessageIds(query) : undefined);
    if (!service || !query) return;
    service.getFirstRows(query, FIRST_ROWS).then(
      (rows) => {
        if (this.view !== view) return;
        this.firstRows = rows;
        for (const row of rows)
          if (!this.cache.has(row.id)) this.cache.set(row.id, { row, generation: -1 });
        this.host.requestUpdate();
      },
      () => {
        // The ids subscription reports the same failure; first paint just waits for it.
      },
    );
  }

  /** SEARCH-4: shows these ids (search results) instead of observing a folder's view. */
  setIds(service: MessageService | undefined, ids: readonly string[]): void {
    this.service = service;
    this.fixed = true;
    this.view = {};
    this.idsSub.setSource(undefined);
    this.firstRows = [];
    this.cache.clear();
    this.inFlight.clear();
    this.firstPaintPending = false;
    this.ids = ids;
    this.generation++;
    this.onIds(ids);
  }

  /** Rows of a fixed list may have changed (read, moved): refetch those shown. */
  refresh(): void {
    if (!this.fixed) return;
    this.generation++;
    this.host.requestUpdate();
  }

  /** The ids known so far: the view's, or the first rows' before those arrive. */
  knownIds(): readonly string[] {
    return this.ids ?? this.firstRows.map((r) => r.id);
  }

  rowAt(index: number): MessageRow | undefined {
    if (!this.ids) return this.firstRows[index];
    const id = this.ids[index];
    return id === undefined ? undefined : this.cache.get(id)?.row;
  }

  /** Fetches the rows of [start, end) that are missing or stale. */
  ensure(start: number, end: number): void {
    const ids = this.ids;
    const service = this.service;
    if (!ids || !service) return;
    const wanted: string[] = [];
    for (let i = start; i < end && i < ids.length; i++) {
      const id = ids[i];
      if (id === undefined) break;
      const cached = this.cache.get(id);
      if ((!cached || cached.generation < this.generation) && !this.inFlight.has(id))
        wanted.push(id);
    }
    if (wanted.length === 0) return;
    if (this.cache.size + wanted.length > MAX_CACHED_ROWS) this.trim(ids.slice(start, end));
    const view = this.view;
    const generation = this.generation;
    for (const id of wanted) this.inFlight.add(id);
    service.getRows(wanted).then(
      (rows) => {
        for (const id of wanted) this.inFlight.delete(id);
        if (this.view !== view) return;
        for (const row of rows) this.cache.set(row.id, { row, generation });
        if (this.fixed) this.dropMissing(wanted, rows);
        this.host.requestUpdate();
      },
      () => {
        for (const id of wanted) this.inFlight.delete(id);
      },
    );
  }

  /** Rows of the current view by id, for actions that need them (e.g. which are unread). */
  cachedRow(id: string): MessageRow | undefined {
    return this.cache.get(id)?.row;
  }

  /** A found message deleted for good since the search has no row: it leaves the list. */
  private dropMissing(wanted: readonly string[], rows: readonly MessageRow[]): void {
    if (rows.length === wanted.length || !this.ids) return;
    const got = new Set(rows.map((r) => r.id));
    const gone = new Set(wanted.filter((id) => !got.has(id)));
    this.ids = this.ids.filter((id) => !gone.has(id));
    this.onIds(this.ids);
  }

  private trim(keep: readonly string[]): void {
    const keepSet = new Set(keep);
    for (const id of this.cache.keys()) if (!keepSet.has(id)) this.cache.delete(id);
  }
}
