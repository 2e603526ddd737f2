import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ThreadQuery, ThreadRow, ThreadService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { FIRST_ROWS } from '../list/list-data-controller.js';
import { RowCache } from '../list/row-cache.js';

/**
 * The threads view's data (THREAD-1), shaped like the message list's ListDataController:
 * the first rows at once (getFirstThreadRows), then the folder's ordered thread keys
 * (observeThreadKeys, which also starts threading what waits), then the rows on screen
 * (getThreadRows) through a small cache. A 100,000-message folder costs one key per
 * thread and a screenful of rows (ADR 0026's figures).
 */
export class ThreadListData implements ReactiveController {
  /** The view's thread keys in order (newest activity first), once known. */
  ids: readonly string[] | null = null;
  firstPaintPending = false;
  private firstRows: ThreadRow[] = [];
  private readonly rows = new RowCache<ThreadRow>((r) => r.key);
  private service: ThreadService | undefined;
  private query: ThreadQuery | null = null;
  private readonly keysSub: SubscribeController<string[]>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onIds: (ids: readonly string[]) => void,
  ) {
    host.addController(this);
    this.keysSub = new SubscribeController<string[]>(host, (keys) => {
      this.ids = keys;
      this.rows.stale();
      this.onIds(keys);
    });
  }

  hostConnected(): void {}

  get error(): unknown {
    return this.keysSub.error;
  }

  get count(): number {
    return this.ids ? this.ids.length : this.firstRows.length;
  }

  get complete(): boolean {
    return this.ids !== null;
  }

  /** The folder shown, or null. */
  get folderId(): string | null {
    return this.query?.folderId ?? null;
  }

  setQuery(service: ThreadService | undefined, query: ThreadQuery | null): void {
    const same =
      service === this.service &&
      query?.folderId === this.query?.folderId &&
      query?.unreadOnly === this.query?.unreadOnly;
    if (same && (query === null) === (this.query === null)) return;
    this.service = service;
    this.query = query;
    const view = this.rows.reset();
    this.ids = null;
    this.firstRows = [];
    this.firstPaintPending = query !== null;
    this.keysSub.setSource(service && query ? service.observeThreadKeys(query) : undefined);
    if (!service || !query) return;
    service.getFirstThreadRows(query, FIRST_ROWS).then(
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

  knownIds(): readonly string[] {
    return this.ids ?? this.firstRows.map((r) => r.key);
  }

  rowAt(index: number): ThreadRow | undefined {
    if (!this.ids) return this.firstRows[index];
    const key = this.ids[index];
    return key === undefined ? undefined : this.rows.get(key);
  }

  cachedRow(key: string): ThreadRow | undefined {
    return this.rows.get(key);
  }

  /** Fetches the rows of [start, end) that are missing or stale. */
  ensure(start: number, end: number): void {
    const keys = this.ids;
    const service = this.service;
    const folderId = this.query?.folderId;
    if (!keys || !service || !folderId) return;
    this.rows.ensure(
      keys,
      start,
      end,
      (wanted) => service.getThreadRows(folderId, wanted),
      () => this.host.requestUpdate(),
    );
  }
}
