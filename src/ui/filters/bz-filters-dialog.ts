import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import type { Filter } from '../../filters/model.js';
import {
  composeServiceContext,
  filterServiceContext,
  folderServiceContext,
  tagServiceContext,
} from '../../state/context.js';
import type {
  FilterService,
  FilterServiceLoader,
  FilterSettings,
  ServerFilterState,
} from '../../state/filter-types.js';
import type {
  ComposeService,
  Folder,
  FolderService,
  Tag,
  TagServiceLoader,
  TemplateSummary,
} from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { orderFolders } from '../shared/folder-names.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import './bz-filter-editor.js';
import './bz-filter-extras.js';
import { dialogStyles, filterStyles } from './filter-styles.js';
import { serverStateText } from './filter-text.js';

type Tab = 'filters' | 'away' | 'forward';

/**
 * FILTER-1…5: the filters in run order (move up/down, active, edit, delete), the editor, the
 * away message and forwarding, and where the server's copy stands. Self-contained: it loads
 * the FilterService when first shown (`show()`).
 */
@customElement('bz-filters-dialog')
@localized()
export class BzFiltersDialog extends LitElement {
  static override styles = [baseStyles, filterStyles, dialogStyles];

  @consume({ context: filterServiceContext }) loader?: FilterServiceLoader;
  @consume({ context: folderServiceContext }) folderService?: FolderService;
  @consume({ context: tagServiceContext }) tagLoader?: TagServiceLoader;
  @consume({ context: composeServiceContext }) compose?: ComposeService;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  @state() private service: FilterService | null = null;
  @state() private tab: Tab = 'filters';
  @state() private editing: Filter | null = null;
  @state() private templates: TemplateSummary[] = [];
  @state() private problem = '';
  private readonly settings = new SubscribeController<FilterSettings>(this);
  private readonly server = new SubscribeController<ServerFilterState>(this);
  private readonly folders = new SubscribeController<Folder[]>(this);
  private readonly tags = new SubscribeController<Tag[]>(this);

  async show(): Promise<void> {
    this.dialog.showModal();
    this.folders.setSource(this.folderService?.observeFolders());
    try {
      const service = (this.service ??= (await this.loader?.()) ?? null);
      this.settings.setSource(service?.observeSettings());
      this.server.setSource(service?.observeServerState());
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
    }
    void this.tagLoader?.().then(
      (t) => this.tags.setSource(t.observeTags()),
      () => undefined,
    );
    void this.compose?.listTemplates().then(
      (t) => (this.templates = t),
      () => undefined,
    );
  }

  private get list(): Filter[] {
    return this.settings.value?.filters ?? [];
  }

  private async saveList(filters: Filter[]): Promise<void> {
    this.problem = '';
    try {
      await this.service?.saveFilters(filters);
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
    }
  }

  private move(i: number, by: -1 | 1): void {
    const next = [...this.list];
    const [f] = next.splice(i, 1);
    if (!f) return;
    next.splice(i + by, 0, f);
    void this.saveList(next);
  }

  private async deleteFilter(f: Filter): Promise<void> {
    const ok = await this.confirm.ask(
      msg(str`Delete the filter "${f.description}"?`, { id: 'filters.deleteAsk' }),
      msg('Delete filter', { id: 'filters.delete' }),
    );
    if (ok) await this.saveList(this.list.filter((x) => x.id !== f.id));
  }

  private newFilter(): Filter {
    return {
      id: crypto.randomUUID(),
      description: '',
      active: true,
      join: 'all',
      conditions: [{ field: 'subject', op: 'contains', negate: false, value: '' }],
      actions: [],
    };
  }

  private async saveEdited(f: Filter): Promise<void> {
    const list = this.list;
    const at = list.findIndex((x) => x.id === f.id);
    const next = at < 0 ? [...list, f] : list.map((x) => (x.id === f.id ? f : x));
    if (!this.service) return;
    await this.service.saveFilters(next);
    this.editing = null;
  }

  private async replaceOther(name: string): Promise<void> {
    const ok = await this.confirm.ask(
      msg(str`Turn off "${name}" on the server and install Buzón's filters instead?`, {
        id: 'filters.replaceAsk',
      }),
      msg('Replace it', { id: 'filters.replace' }),
    );
    if (ok) await this.service?.installOnServer({ replaceActive: true });
  }

  private renderStatus() {
    const s = this.server.value;
    if (!s) return nothing;
    return html`<p class="status" role="status" data-testid="server-state">
      ${serverStateText(s)}
      ${
        s.kind === 'other-active'
          ? html`<button type="button" @click=${() => void this.replaceOther(s.scriptName)}>
              ${msg('Replace it', { id: 'filters.replace' })}
            </button>`
          : s.kind === 'pending' || s.kind === 'refused'
            ? html`<button type="button" @click=${() => void this.service?.installOnServer()}>
                ${msg('Try again', { id: 'filters.retry' })}
              </button>`
            : nothing
      }
    </p>`;
  }

  private renderList() {
    const list = this.list;
    return html`${
        list.length === 0
          ? html`<p>${msg('No filters yet.', { id: 'filters.none' })}</p>`
          : html`<ol
              aria-label=${msg('Filters in the order they run', { id: 'filters.listLabel' })}
            >
              ${list.map(
                (f, i) =>
                  html`<li data-testid="filter">
                    <input
                      type="checkbox"
                      .checked=${f.active}
                      aria-label=${msg(str`Active: ${f.description}`, { id: 'filters.activeOf' })}
                      @change=${(e: Event) => void this.saveList(list.map((x) => (x.id === f.id ? { ...x, active: (e.target as HTMLInputElement).checked } : x)))}
                    />
                    <bdi>${f.description}</bdi>
                    <button
                      type="button"
                      class="icon-only"
                      ?disabled=${i === 0}
                      @click=${() => this.move(i, -1)}
                      aria-label=${msg(str`Move up: ${f.description}`, { id: 'filters.up' })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      class="icon-only"
                      ?disabled=${i === list.length - 1}
                      @click=${() => this.move(i, 1)}
                      aria-label=${msg(str`Move down: ${f.description}`, { id: 'filters.down' })}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      @click=${() => (this.editing = f)}
                      aria-label=${msg(str`Edit: ${f.description}`, { id: 'filters.editOf' })}
                    >
                      ${msg('Edit', { id: 'filters.edit' })}
                    </button>
                    <button
                      type="button"
                      class="danger"
                      @click=${() => void this.deleteFilter(f)}
                      aria-label=${msg(str`Delete: ${f.description}`, { id: 'filters.deleteOf' })}
                    >
                      ${msg('Delete', { id: 'filters.deleteShort' })}
                    </button>
                  </li>`,
              )}
            </ol>`
      }
      <div class="dialog-actions">
        <button type="button" class="primary" @click=${() => (this.editing = this.newFilter())}>
          ${msg('New filter', { id: 'filters.new' })}
        </button>
      </div>`;
  }

  private renderTab(tab: Tab, label: string) {
    return html`<button
      type="button"
      role="tab"
      aria-selected=${this.tab === tab ? 'true' : 'false'}
      @click=${() => ((this.tab = tab), (this.editing = null))}
    >
      ${label}
    </button>`;
  }

  private renderBody() {
    if (this.tab !== 'filters')
      return html`<bz-filter-extras
        kind=${this.tab}
        .service=${this.service ?? undefined}
        .settings=${this.settings.value}
      ></bz-filter-extras>`;
    if (this.editing)
      return html`<bz-filter-editor
        .service=${this.service ?? undefined}
        .filter=${this.editing}
        .choices=${{ folders: orderFolders(this.folders.value ?? []), tags: this.tags.value ?? [], templates: this.templates }}
        .onSave=${(f: Filter) => this.saveEdited(f)}
        .onCancel=${() => (this.editing = null)}
      ></bz-filter-editor>`;
    return this.renderList();
  }

  override render() {
    return html`<dialog aria-labelledby="filters-h">
      <h2 id="filters-h">${msg('Filters', { id: 'filters.title' })}</h2>
      ${this.renderStatus()}
      <div
        role="tablist"
        aria-label=${msg('Filters, away message and forwarding', { id: 'filters.tabs' })}
      >
        ${this.renderTab('filters', msg('Filters', { id: 'filters.title' }))}
        ${this.renderTab('away', msg('Away message', { id: 'filters.tab.away' }))}
        ${this.renderTab('forward', msg('Forwarding', { id: 'filters.tab.forward' }))}
      </div>
      <div role="tabpanel">${this.renderBody()}</div>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="dialog-actions">
        <button type="button" @click=${() => this.dialog.close()}>
          ${msg('Close', { id: 'common.close' })}
        </button>
      </div>
      <bz-confirm-dialog></bz-confirm-dialog>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-filters-dialog': BzFiltersDialog;
  }
}
