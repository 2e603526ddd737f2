import type { ReactiveControllerHost } from 'lit';
import type { ListQuery, MessageRow, MessageService } from '../../state/types.js';
import { KeyedListData } from './keyed-list-data.js';

export { FIRST_ROWS } from './keyed-list-data.js';

/**
 * The message list's data (keyed-list-data.ts): a folder's first rows (getFirstRows), then
 * its ordered ids (observeMessageIds), then the rows on screen (getRows). A fixed id list
 * (search results, `setIds`) skips the first two steps and drops what was deleted meanwhile.
 */
export class ListDataController extends KeyedListData<MessageRow> {
  /** A fixed id list (search results) rather than a folder's observed view. */
  private fixed = false;

  constructor(host: ReactiveControllerHost, onIds: (ids: readonly string[]) => void) {
    super(host, (r) => r.id, onIds);
  }

  setQuery(service: MessageService | undefined, query: ListQuery | null): void {
    this.fixed = false;
    const head = service?.observeFirstRows?.bind(service);
    this.show(
      service && query
        ? {
            observeKeys: () => service.observeMessageIds(query),
            firstRows: (count) => service.getFirstRows(query, count),
            ...(head ? { observeHead: (count: number) => head(query, count) } : {}),
            rows: (ids) => service.getRows(ids),
          }
        : null,
    );
  }

  /** SEARCH-4: shows these ids (search results) instead of observing a folder's view. */
  setIds(service: MessageService | undefined, ids: readonly string[]): void {
    this.fixed = true;
    this.show(service ? { rows: (wanted) => service.getRows(wanted) } : null, ids);
  }

  /**
   * Found messages whose id changed (taken by the server, ADR 0012) keep their place under
   * the new id instead of leaving the list as if deleted. False when none is listed here.
   */
  renameFixed(renamed: ReadonlyMap<string, string>): boolean {
    if (!this.fixed || !this.ids) return false;
    let moved = false;
    const ids = this.ids.map((id) => {
      const to = renamed.get(id);
      if (to === undefined) return id;
      moved = true;
      return to;
    });
    if (!moved) return false;
    this.ids = ids;
    this.onIds(ids);
    this.staleRows();
    this.host.requestUpdate();
    return true;
  }

  /** Rows of a fixed list may have changed (read, moved): refetch those shown. */
  refresh(): void {
    if (!this.fixed) return;
    this.staleRows();
    this.host.requestUpdate();
  }

  protected override fetched(wanted: readonly string[], rows: readonly MessageRow[]): void {
    if (this.fixed) this.dropMissing(wanted, rows);
    this.host.requestUpdate();
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
