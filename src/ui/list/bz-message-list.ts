import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { messageServiceContext, threadServiceContext } from '../../state/context.js';
import type { FolderRole, ListQuery, MessageService, ThreadService } from '../../state/types.js';
import { BzListCommandEvent } from '../events/bz-list-command.js';
import { BzMessageOpenEvent } from '../events/bz-message-open.js';
import { BzSelectionChangeEvent } from '../events/bz-selection-change.js';
import { RenamedIdsController } from '../controllers/renamed-ids-controller.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { MESSAGE_IDS_TYPE } from '../shared/drag.js';
import { baseStyles } from '../shared/styles.js';
import { ListDataController } from './list-data-controller.js';
import { ListSelection } from './list-selection.js';
import { ListModeSwitch } from '../threads/list-mode-switch.js';
import type { ListSource } from '../threads/list-mode-switch.js';
import { SnippetCache } from './snippet-cache.js';
import type { SnippetLoader } from './snippet-cache.js';
import { listStyles } from './list-styles.js';
import { scrollToReveal, visibleRange } from './virtual-window.js';

/** Row heights in CSS pixels: two lines normally, one in compact mode (VIEW-5). */
export const ROW_HEIGHT = 56;
export const COMPACT_ROW_HEIGHT = 30;
/** A found message has a third line, its body snippet (SEARCH-6). */
export const SNIPPET_ROW_HEIGHT = 76;

/**
 * The message list (VIEW-1,3,4,5): virtualised so 100,000 messages cost the same as 50
 * (only visible rows plus overscan exist, absolutely placed in a tall spacer), with
 * click/shift/ctrl selection, keyboard navigation and drag to folders. Shows a folder's
 * view (`query`) or a fixed id list (`ids`: search results, with highlighted snippets).
 *
 * @fires bz-selection-change - the selected ids changed
 * @fires bz-message-open - a message is to be read (click, Enter, Space)
 * @fires bz-thread-open - a thread row is to be read (threads view, THREAD-1)
 * @fires bz-list-command - Delete, m, u, a pressed on the selection
 */
@customElement('bz-message-list')
@localized()
export class BzMessageList extends LitElement {
  static override styles = [
    baseStyles,
    listStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
    `,
  ];

  @consume({ context: messageServiceContext }) messageService?: MessageService;
  @consume({ context: threadServiceContext }) threadService?: ThreadService;

  @property({ attribute: false }) query: ListQuery | null = null;
  /** SEARCH-4: found ids shown instead of `query`'s folder; null outside search mode. */
  @property({ attribute: false }) ids: readonly string[] | null = null;
  /** SEARCH-6: highlighted subjects and snippets of the found rows on screen. */
  @property({ attribute: false }) snippets: SnippetLoader | null = null;
  @property({ type: Boolean }) compact = false;
  @property() folderRole: FolderRole | null = null;
  /** The account's first download is running: an empty folder may just not be here yet. */
  @property({ type: Boolean }) downloading = false;
  /** SETTINGS-2: a folder shows its conversations (THREAD-1) instead of its messages. */
  @property({ type: Boolean }) threads = false;

  @state() private scrollPos = 0;
  @state() private viewportHeight = 600;
  @query('.viewport') private viewport!: HTMLElement;
  private readonly selection = new ListSelection();
  private readonly data = new ListDataController(this, (ids) => {
    this.selection.setIds(ids);
    this.emitSelection();
  });
  /**
   * A selected or found message keeps its selection and its place when the server gives it
   * its own id (ADR 0012).
   */
  private readonly renamed = new RenamedIdsController(
    this,
    () => this.messageService,
    (renamed) => {
      if (this.view.threads) return;
      const followed = this.selection.follow(renamed);
      // A fixed list tells its new ids through the data callback (setIds keeps the selection).
      if (!this.data.renameFixed(renamed) && followed) this.emitSelection();
      this.requestUpdate();
    },
  );
  private readonly found = new SnippetCache(this);
  /**
   * Messages of the folder its sort (subject, sender, size) cannot place yet: written on
   * demand after a bootstrap (ADR 0036); the list shows the folder by date meanwhile.
   */
  private readonly unsorted = new SubscribeController<number>(this);
  private resizeObserver: ResizeObserver | undefined;
  /** Messages, or conversations when the threads view is on (its code loads then). */
  private readonly view = new ListModeSwitch(this, this.data, (keys) => {
    this.selection.setIds(keys);
    this.emitSelection();
  });

  private get source(): ListSource {
    return this.view.source;
  }

  private get rowHeight(): number {
    if (this.compact) return COMPACT_ROW_HEIGHT;
    return this.ids && this.snippets ? SNIPPET_ROW_HEIGHT : ROW_HEIGHT;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  protected override firstUpdated(): void {
    this.resizeObserver = new ResizeObserver(() => {
      this.viewportHeight = this.viewport.clientHeight;
    });
    this.resizeObserver.observe(this.viewport);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.found.setLoader(this.snippets);
    const searching = this.ids !== null;
    const modeChanged = this.view.update({
      threads: this.threads,
      searching,
      service: this.threadService,
    });
    const shown = this.view.shown;
    const idsChanged = changed.has('ids');
    if (modeChanged || (this.ids ? idsChanged : changed.has('query') || idsChanged)) {
      const prev = changed.get('query');
      const sameFolder =
        !modeChanged && !idsChanged && prev && this.query && prev.folderId === this.query.folderId;
      if (!sameFolder) {
        this.selection.setIds([]);
        this.selection.clear();
        this.scrollPos = 0;
        if (this.viewport) this.viewport.scrollTop = 0;
      }
      // A fixed list tells its ids at once: after the reset, not wiped by it.
      if (this.ids) this.data.setIds(this.messageService, this.ids);
      else this.data.setQuery(this.messageService, shown === 'messages' ? this.query : null);
      const q = shown === 'threads' ? this.query : null;
      this.view.mode?.setQuery(q && { folderId: q.folderId, unreadOnly: q.unreadOnly });
      const listed = !this.ids && shown === 'messages' ? this.query : null;
      this.unsorted.setSource(listed ? this.messageService?.observeUnsorted?.(listed) : undefined);
      this.emitSelection();
    }
  }

  protected override updated(): void {
    this.retellSelectionIfSeenChanged();
    this.renamed.watch(
      this.view.threads
        ? []
        : [...this.selection.held(), ...(this.ids ? (this.data.ids ?? []) : [])],
    );
    const { start, end } = this.range();
    const src = this.source;
    src.ensure(start, end);
    if (this.ids && this.data.ids) this.found.ensure(this.data.ids.slice(start, end));
    if (src.firstPaintPending && (src.rowAt(0) || (src.complete && src.count === 0))) {
      src.firstPaintPending = false;
      performance.mark('bz-list-first-rows');
    }
  }

  private range() {
    return visibleRange(this.scrollPos, this.viewportHeight, this.rowHeight, this.source.count);
  }

  /** Moves keyboard focus into the list (after a folder switch, the "/" shortcut…). */
  focusList(): void {
    this.viewport?.focus();
  }

  /** Rows of the found list may have changed (read, moved, deleted): shows them again. */
  refreshRows(): void {
    this.data.refresh();
  }

  /** The read state last told with the selection, so a change of it is told too. */
  private toldSeen: boolean | null = null;

  private selectionSeen(ids: readonly string[]): boolean {
    if (this.view.threads) return this.view.threads.allSeen(ids);
    return ids.length > 0 && ids.every((id) => this.data.cachedRow(id)?.seen ?? true);
  }

  private emitSelection(): void {
    const ids = this.selection.selectedIds();
    const allSeen = this.selectionSeen(ids);
    this.toldSeen = allSeen;
    // Thread rows are told as their messages' ids, so the toolbar acts on whole threads.
    if (this.view.threads) this.view.threads.tellSelection(ids);
    else this.dispatchEvent(new BzSelectionChangeEvent(ids, allSeen));
  }

  /**
   * Opening a message marks it read (or another device does): the selection's read state
   * changed under it, and the toolbar's Mark read/unread must follow.
   */
  private retellSelectionIfSeenChanged(): void {
    const ids = this.selection.selectedIds();
    if (ids.length === 0 || this.toldSeen === null) return;
    if (this.selectionSeen(ids) !== this.toldSeen) this.emitSelection();
  }

  private open(index: number): void {
    const id = this.source.knownIds()[index];
    if (id && this.view.threads) this.view.threads.open(id);
    else if (id) this.dispatchEvent(new BzMessageOpenEvent(id));
  }

  private reveal(index: number): void {
    const top = scrollToReveal(
      index,
      this.viewport.scrollTop,
      this.viewport.clientHeight,
      this.rowHeight,
    );
    if (top !== null) this.viewport.scrollTop = top;
  }

  /** Row clicks are delegated to the grid, which also owns the keyboard. */
  private onClick(e: MouseEvent): void {
    const row = (e.target as Element).closest<HTMLElement>('[role="row"][data-index]');
    if (row) this.onRowClick(e, Number(row.dataset.index));
  }

  private onRowClick(e: MouseEvent, index: number): void {
    if (!this.source.complete) this.selection.setIds(this.source.knownIds());
    if (e.shiftKey) this.selection.extendTo(index);
    else if (e.ctrlKey || e.metaKey) this.selection.toggle(index);
    else {
      this.selection.selectOnly(index);
      this.open(index);
    }
    this.requestUpdate();
    this.emitSelection();
  }

  private onKeydown(e: KeyboardEvent): void {
    const sel = this.selection;
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight) - 1);
    let to: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        to = sel.focus + 1;
        break;
      case 'ArrowUp':
        to = Math.max(0, sel.focus - 1);
        break;
      case 'PageDown':
        to = sel.focus + page;
        break;
      case 'PageUp':
        to = Math.max(0, sel.focus - page);
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = sel.count - 1;
        break;
      case 'Enter':
      case ' ':
        if (sel.focus >= 0) this.open(sel.focus);
        break;
      case 'Delete':
        this.dispatchEvent(new BzListCommandEvent('delete'));
        break;
      case 'm':
        this.dispatchEvent(new BzListCommandEvent('move'));
        break;
      case 'u':
        this.dispatchEvent(new BzListCommandEvent('toggle-read'));
        break;
      case 'a':
        if (e.ctrlKey || e.metaKey) {
          sel.selectAll();
          this.emitSelection();
          this.requestUpdate();
        }
        break;
      default:
        return;
    }
    e.preventDefault();
    if (to === null) return;
    sel.moveFocus(to, e.shiftKey);
    this.reveal(sel.focus);
    this.emitSelection();
    this.requestUpdate();
  }

  private onDragStart(e: DragEvent, id: string): void {
    if (!e.dataTransfer) return;
    const picked = this.selection.isSelected(id) ? this.selection.selectedIds() : [id];
    const ids = this.view.threads?.dragIds(picked) ?? picked;
    e.dataTransfer.setData(MESSAGE_IDS_TYPE, JSON.stringify(ids));
    e.dataTransfer.setData('text/plain', `${ids.length}`);
    e.dataTransfer.effectAllowed = 'move';
  }

  private renderRows() {
    const { start, end } = this.range();
    const h = this.rowHeight;
    const showTo = this.folderRole === 'sent' || this.folderRole === 'drafts';
    const found = (id: string) => this.found.get(id);
    const rows = [];
    for (let i = start; i < end; i++) {
      const item = this.view.item(i, this.compact, showTo, found);
      const top = `transform:translateY(${i * h}px);height:${h}px`;
      if (!item) {
        rows.push(
          html`<div
            role="row"
            class="row loading"
            aria-rowindex=${i + 1}
            aria-busy="true"
            style=${top}
          >
            <div role="gridcell">…</div>
          </div>`,
        );
        continue;
      }
      const selected = this.selection.isSelected(item.id);
      rows.push(
        html`<div
          role="row"
          id="row-${i}"
          class="row ${item.unread ? 'unread' : ''} ${i === this.selection.focus ? 'focus' : ''}"
          data-testid=${item.testid}
          data-message-id=${item.messageId ?? nothing}
          data-thread-key=${item.key ?? nothing}
          aria-rowindex=${i + 1}
          aria-selected=${selected ? 'true' : 'false'}
          draggable="true"
          style=${top}
          data-index=${i}
          @pointerdown=${() => item.key !== undefined && this.view.threads?.warm(item.key)}
          @dragstart=${(e: DragEvent) => this.onDragStart(e, item.id)}
        >
          <div role="gridcell" class="cell">${item.cells}</div>
        </div>`,
      );
    }
    return rows;
  }

  private renderSortingHint() {
    const n = this.unsorted.value ?? 0;
    return n > 0
      ? html`<p class="list-hint" role="status" data-testid="sorting-hint">
          ${msg(str`Sorting… ${n} messages to go; newest first until then.`, { id: 'list.sorting' })}
        </p>`
      : nothing;
  }

  override render() {
    const src = this.source;
    const count = src.count;
    const focus = this.selection.focus;
    const mode = this.threads && !this.ids ? this.view.mode : null;
    // A search's own header says when nothing was found.
    const empty = src.complete && count === 0 && !this.ids;
    return html`${mode ? mode.renderHint() : this.renderSortingHint()}
      <div
        class="viewport ${this.compact ? 'compact' : ''}"
        role="grid"
        tabindex="0"
        data-testid="message-list"
        data-view=${this.view.shown}
        aria-label=${this.view.threads?.label() ?? msg('Messages', { id: 'list.label' })}
        aria-multiselectable="true"
        aria-rowcount=${count}
        aria-busy=${src.complete ? 'false' : 'true'}
        data-folder-id=${this.ids ? '' : (this.query?.folderId ?? '')}
        aria-activedescendant=${focus >= 0 && src.rowAt(focus) ? `row-${focus}` : nothing}
        @scroll=${() => (this.scrollPos = this.viewport.scrollTop)}
        @keydown=${this.onKeydown}
        @click=${this.onClick}
      >
        <div class="spacer" style="height:${count * this.rowHeight}px">${this.renderRows()}</div>
      </div>
      ${
        empty
          ? html`<p class="empty">
              ${this.downloading ? msg('Downloading your mail…', { id: 'list.downloading' }) : msg('No messages here.', { id: 'list.empty' })}
            </p>`
          : nothing
      }
      ${src.error ? html`<p class="empty" role="alert">${msg('The list could not be loaded.', { id: 'list.error' })}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-message-list': BzMessageList;
  }
}
