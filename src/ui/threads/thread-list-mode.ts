// The threads view inside the message list (THREAD-1, SETTINGS-2), loaded only when the
// setting is on so the start-up bundle does not carry it. The list keeps its grid,
// selection, keyboard and drag; this mode supplies the rows (thread keys as item ids),
// what opening one does, and the message ids the toolbar acts on.
import { html, nothing } from 'lit';
import type { ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import type { ThreadingStatus, ThreadQuery, ThreadRow, ThreadService } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzSelectionChangeEvent } from '../events/bz-selection-change.js';
import { BzThreadOpenEvent } from './bz-thread-open.js';
import { ThreadListData } from './thread-list-data.js';
import { renderThreadRowContent } from './thread-row.js';
import { adoptLater, threadRowStyles } from './thread-row-styles.js';

/**
 * Rows (and threads' message ids) asked for at once when a selection is told: a select-all
 * over thousands of threads becomes a few index reads, not one read per thread.
 */
const ROWS_PER_READ = 500;

type Host = ReactiveControllerHost & EventTarget & { renderRoot?: Element | ShadowRoot };

export class ThreadListMode {
  readonly data: ThreadListData;
  /** True once threading was seen done since the mode started: the view stays grouped then. */
  grouped = false;
  private readonly status: SubscribeController<ThreadingStatus>;
  private service: ThreadService | undefined;
  /** Message ids of this folder per thread key, for this keys emission. */
  private idsOf = new Map<string, readonly string[]>();
  private told = 0;

  constructor(
    private readonly host: Host,
    onKeys: (keys: readonly string[]) => void,
  ) {
    this.data = new ThreadListData(host, (keys) => {
      this.idsOf.clear();
      onKeys(keys);
    });
    if (host.renderRoot) adoptLater(host.renderRoot, threadRowStyles);
    this.status = new SubscribeController<ThreadingStatus>(host, (s) => {
      if (s.done) this.grouped = true;
      // Mail stored before threads, or queued since, is threaded on demand: the plain
      // list shows meanwhile (ADR 0026), so nothing else would start it.
      else void this.service?.ensureThreaded().catch(() => undefined);
    });
  }

  private on = false;

  /** The setting and the service: watching the threading status only while on. */
  watch(service: ThreadService | undefined, on: boolean): void {
    if (service === this.service && on === this.on) return;
    this.grouped = false;
    this.service = service;
    this.on = on;
    this.status.setSource(on && service ? service.observeThreadingStatus() : undefined);
  }

  /** The grid's name: it lists conversations, not messages. */
  label(): string {
    return msg('Conversations', { id: 'threads.label' });
  }

  /** The threading status has been read once (until then the list shows nothing). */
  get known(): boolean {
    return this.status.value !== undefined || this.status.error !== undefined;
  }

  /** Whether older mail is still being grouped (the hint shows). */
  get threading(): boolean {
    return this.status.value?.done === false;
  }

  setQuery(query: ThreadQuery | null): void {
    this.data.setQuery(query ? this.service : undefined, query);
  }

  /** Row `i`'s hooks and cells for the list's grid (the item id is the thread key). */
  item(i: number, compact: boolean) {
    const t = this.data.rowAt(i);
    return (
      t && {
        id: t.key,
        unread: t.unread,
        testid: 'thread-list-item',
        messageId: undefined,
        key: t.key,
        cells: renderThreadRowContent(t, compact),
      }
    );
  }

  renderHint() {
    return this.threading
      ? html`<p class="list-hint" role="status" data-testid="threading-hint">
          ${msg('Grouping conversations…', { id: 'threads.grouping' })}
        </p>`
      : nothing;
  }

  open(key: string): void {
    const folderId = this.data.folderId;
    if (folderId) this.host.dispatchEvent(new BzThreadOpenEvent(folderId, key));
  }

  /** The selected threads are all read (so the toolbar offers Mark unread). */
  allSeen(keys: readonly string[]): boolean {
    return keys.length > 0 && keys.every((k) => !(this.data.cachedRow(k)?.unread ?? false));
  }

  /**
   * Tells the selection as the folder's MESSAGE ids of the selected threads, so the list
   * toolbar's actions (read/unread, move, delete, tag, archive) act on whole threads
   * without knowing about them. Resolving is asynchronous; an older answer is dropped.
   */
  tellSelection(keys: readonly string[]): void {
    const n = ++this.told;
    const allSeen = this.allSeen(keys);
    this.messageIds(keys).then(
      (ids) => {
        if (n === this.told) this.host.dispatchEvent(new BzSelectionChangeEvent(ids, allSeen));
      },
      () => undefined,
    );
  }

  /** Message ids for a drag, from what is known now (a drag cannot wait). */
  dragIds(keys: readonly string[]): string[] {
    return keys.flatMap((k) => {
      const row = this.data.cachedRow(k);
      return this.idsOf.get(k) ?? (row ? [row.latestId] : []);
    });
  }

  /** Starts resolving a thread's ids before a drag may need them (pointer down). */
  warm(key: string): void {
    void this.messageIds([key]).catch(() => undefined);
  }

  private async messageIds(keys: readonly string[]): Promise<string[]> {
    const service = this.service;
    const folderId = this.data.folderId;
    if (!service || !folderId || keys.length === 0) return [];
    const rows = new Map<string, ThreadRow>();
    const missing: string[] = [];
    for (const k of keys) {
      const r = this.data.cachedRow(k);
      if (r) rows.set(k, r);
      else missing.push(k);
    }
    for (let i = 0; i < missing.length; i += ROWS_PER_READ)
      for (const r of await service.getThreadRows(folderId, missing.slice(i, i + ROWS_PER_READ)))
        rows.set(r.key, r);
    const known = this.idsOf;
    // Threads of several messages not resolved yet: one index read for all of them.
    const unresolved = keys.filter((k) => (rows.get(k)?.count ?? 1) > 1 && !known.has(k));
    for (let i = 0; i < unresolved.length; i += ROWS_PER_READ) {
      const got = await service.threadMessageIds(folderId, unresolved.slice(i, i + ROWS_PER_READ));
      for (const [key, ids] of got) known.set(key, ids);
    }
    const out: string[] = [];
    for (const key of keys) {
      const row = rows.get(key);
      if (!row) continue;
      out.push(...(row.count === 1 ? [row.latestId] : (known.get(key) ?? [])));
    }
    return out;
  }
}
