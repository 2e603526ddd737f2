import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ListQuery, MessageRow, MessageService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { RowCache } from './row-cache.js';

/** Rows fetched for the first paint, before the view's ids are known: a screenful and more. */
export const FIRST_ROWS = 50;

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
  private readonly rows = new RowCache<MessageRow>((r) => r.id);
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
      this.rows.stale();
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
    const view = this.rows.reset();
    this.ids = null;
    this.firstRows = [];
    this.firstPaintPending = query !== null;
    this.idsSub.setSource(service && query ? service.observeMessageIds(query) : undefined);
    if (!service || !query) return;
    service.getFirstRows(query, FIRST_ROWS).then(
      (rows) => {
        if (!this.rows.isCurrent(view)) return;
        this.firstRows = rows;
        this.rows.seed(rows);
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
    this.rows.reset();
    this.idsSub.setSource(undefined);
    this.firstRows = [];
    this.firstPaintPending = false;
    this.ids = ids;
    this.rows.stale();
    this.onIds(ids);
  }

  /** Rows of a fixed list may have changed (read, moved): refetch those shown. */
  refresh(): void {
    if (!this.fixed) return;
    this.rows.stale();
    this.host.requestUpdate();
  }

  /** The ids known so far: the view's, or the first rows' before those arrive. */
  knownIds(): readonly string[] {
    return this.ids ?? this.firstRows.map((r) => r.id);
  }

  rowAt(index: number): MessageRow | undefined {
    if (!this.ids) return this.firstRows[index];
    const id = this.ids[index];
    return id === undefined ? undefined : this.rows.get(id);
  }

  /** Fetches the rows of [start, end) that are missing or stale. */
  ensure(start: number, end: number): void {
    const service = this.service;
    if (!this.ids || !service) return;
    this.rows.ensure(
      this.ids,
      start,
      end,
      (wanted) => service.getRows(wanted),
      (wanted, rows) => {
        if (this.fixed) this.dropMissing(wanted, rows);
        this.host.requestUpdate();
      },
    );
  }

  /** Rows of the current view by id, for actions that need them (e.g. which are unread). */
  cachedRow(id: string): MessageRow | undefined {
    return this.rows.get(id);
  }

  /** A found message deleted for good since the search has no row: it leaves the list. */
  private dropMissing(wanted: readonly string[], rows: readonly MessageRow[]): void {
    if (rows.length === wanted.length || !this.ids) return;
    const got = new Set(rows.map((r) => r.id));
    const gone = new Set(wanted.filter((id) => !got.has(id)));
    this.ids = this.ids.filter((id) => !gone.has(id));
    this.onIds(this.ids);
  }
}
