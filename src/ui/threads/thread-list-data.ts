import type { ReactiveControllerHost } from 'lit';
import type { ThreadQuery, ThreadRow, ThreadService } from '../../state/types.js';
import { KeyedListData } from '../list/keyed-list-data.js';

/**
 * The threads view's data (THREAD-1; list/keyed-list-data.ts): a folder's first thread rows
 * (observeFirstThreadRows, live: a change shows at the top at once), then its ordered thread
 * keys (observeThreadKeys, which also starts threading what waits), then the rows on screen
 * (getThreadRows). A 100,000-message folder
 * costs one key per thread and a screenful of rows (ADR 0026's figures).
 */
export class ThreadListData extends KeyedListData<ThreadRow> {
  private service: ThreadService | undefined;
  private query: ThreadQuery | null = null;

  constructor(host: ReactiveControllerHost, onIds: (ids: readonly string[]) => void) {
    super(host, (r) => r.key, onIds);
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
    this.show(
      service && query
        ? {
            observeKeys: () => service.observeThreadKeys(query),
            firstRows: (count) => service.getFirstThreadRows(query, count),
            observeHead: (count) => service.observeFirstThreadRows(query, count),
            rows: (keys) => service.getThreadRows(query.folderId, keys),
          }
        : null,
    );
  }
}
