import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import {
  EMPTY_ADVANCED_SEARCH,
  advancedFromQuery,
  advancedToQuery,
} from '../../search/query/index.js';
import type { AdvancedSearch } from '../../search/query/index.js';
import { folderServiceContext } from '../../state/context.js';
import type { Folder, FolderService, SearchRequest } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzSearchEvent } from '../events/bz-search.js';
import { folderLabel, orderFolders } from '../shared/folder-names.js';
import { baseStyles } from '../shared/styles.js';
import { readAdvancedForm } from './advanced-form.js';

/**
 * The advanced search form (SEARCH-3): from, to, subject, body, dates, folder, tag,
 * attachment, unread, size and priority. It opens filled from the box's text and
 * builds query text, shown as it is built; the box then shows that text, so the form
 * is a way to write a query, not a second search.
 *
 * @fires bz-search - the built query, to run
 */
@customElement('bz-advanced-search')
@localized()
export class BzAdvancedSearch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.4rem 0.6rem;
        align-items: center;
        min-width: min(34rem, 90vw);
      }
      h2,
      .wide,
      .dialog-actions {
        grid-column: 1 / -1;
      }
      .row {
        display: flex;
        gap: 0.4rem;
        flex-wrap: wrap;
        align-items: center;
      }
      output {
        font-family: monospace;
        overflow-wrap: anywhere;
        color: var(--bz-muted);
      }
      input[type='number'] {
        width: 6rem;
      }
    `,
  ];

  @consume({ context: folderServiceContext }) folderService?: FolderService;

  @state() private form: AdvancedSearch = { ...EMPTY_ADVANCED_SEARCH };
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private formEl!: HTMLFormElement;
  /** The scope of the box when the form opened, kept unless the form names a folder. */
  private folderId: string | null = null;
  private readonly folders = new SubscribeController<Folder[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.folders.setSource(this.folderService?.observeFolders());
  }

  /** Opens the form filled from `request`'s text. */
  async show(request: SearchRequest): Promise<void> {
    this.folderId = request.folderId;
    const form = advancedFromQuery(request.text);
    this.form = form;
    await this.updateComplete;
    // A select's value cannot be bound before its options exist: set once they do.
    const selects: Record<string, string> = {
      folder: form.folder,
      sizeOp: form.size?.op ?? '',
      sizeUnit: form.size?.unit ?? 'K',
      priority: form.priority ?? '',
    };
    for (const [name, value] of Object.entries(selects)) {
      const select = this.formEl.querySelector<HTMLSelectElement>(`select[name=${name}]`);
      if (select) select.value = value;
    }
    this.dialog.showModal();
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const form = readAdvancedForm(this.formEl);
    const text = advancedToQuery(form);
    this.dialog.close();
    if (!text) return;
    const folderId = form.folder.trim() !== '' ? null : this.folderId;
    this.dispatchEvent(new BzSearchEvent({ text, folderId }));
  }

  private text(name: keyof AdvancedSearch, label: string, type = 'text') {
    const value = this.form[name];
    return html`<label for=${name}>${label}</label>
      <input
        id=${name}
        name=${name}
        type=${type}
        .value=${live(typeof value === 'string' ? value : '')}
      />`;
  }

  private renderFolder() {
    const list = orderFolders(this.folders.value ?? []);
    const current = this.form.folder;
    const known = current === '' || list.some((f) => f.name === current);
    return html`<label for="folder">${msg('Folder', { id: 'search.folder' })}</label>
      <select id="folder" name="folder">
        <option value="" ?selected=${current === ''}>
          ${msg('Where the box searches', { id: 'search.folderScope' })}
        </option>
        ${list.map((f) => html`<option value=${f.name} ?selected=${f.name === current}>${'  '.repeat(f.depth)}${folderLabel(f)}</option>`)}
        ${known ? '' : html`<option value=${current} selected>${current}</option>`}
      </select>`;
  }

  private renderSize() {
    const size = this.form.size;
    return html`<label for="sizeAmount">${msg('Size', { id: 'sort.size' })}</label>
      <div class="row">
        <select name="sizeOp" aria-label=${msg('Size is', { id: 'search.sizeOp' })}>
          <option value="" ?selected=${!size}>${msg('Any', { id: 'search.any' })}</option>
          <option value="larger" ?selected=${size?.op === 'larger'}>
            ${msg('Larger than', { id: 'search.larger' })}
          </option>
          <option value="smaller" ?selected=${size?.op === 'smaller'}>
            ${msg('Smaller than', { id: 'search.smaller' })}
          </option>
        </select>
        <input
          id="sizeAmount"
          name="sizeAmount"
          type="number"
          min="0"
          step="any"
          .value=${live(size ? String(size.amount) : '')}
        />
        <select name="sizeUnit" aria-label=${msg('Unit', { id: 'search.sizeUnit' })}>
          ${(['K', 'M', 'G'] as const).map((u) => html`<option value=${u} ?selected=${(size?.unit ?? 'K') === u}>${u}B</option>`)}
        </select>
      </div>`;
  }

  private renderPriority() {
    const p = this.form.priority;
    return html`<label for="priority">${msg('Priority', { id: 'search.priority' })}</label>
      <select id="priority" name="priority">
        <option value="" ?selected=${!p}>${msg('Any', { id: 'search.any' })}</option>
        <option value="high" ?selected=${p === 'high'}>
          ${msg('High', { id: 'search.priorityHigh' })}
        </option>
        <option value="normal" ?selected=${p === 'normal'}>
          ${msg('Normal', { id: 'search.priorityNormal' })}
        </option>
        <option value="low" ?selected=${p === 'low'}>
          ${msg('Low', { id: 'search.priorityLow' })}
        </option>
      </select>`;
  }

  override render() {
    const f = this.form;
    return html`<dialog aria-labelledby="adv-h">
      <form
        @submit=${this.onSubmit}
        @input=${() => (this.form = readAdvancedForm(this.formEl))}
        @change=${() => (this.form = readAdvancedForm(this.formEl))}
      >
        <h2 id="adv-h">${msg('Advanced search', { id: 'search.advanced' })}</h2>
        ${this.text('from', msg('From', { id: 'header.from' }))}
        ${this.text('to', msg('To', { id: 'header.to' }))}
        ${this.text('subject', msg('Subject', { id: 'sort.subject' }))}
        ${this.text('body', msg('Words in the body', { id: 'search.body' }))}
        ${this.text('words', msg('Has the words', { id: 'search.words' }))}
        ${this.text('since', msg('From date', { id: 'search.since' }), 'date')}
        ${this.text('until', msg('Until date', { id: 'search.until' }), 'date')}
        ${this.renderFolder()} ${this.text('tag', msg('Tag', { id: 'search.tag' }))}
        ${this.renderSize()} ${this.renderPriority()}
        <div class="wide row">
          <label
            ><input type="checkbox" name="hasAttachment" .checked=${live(f.hasAttachment)} />
            ${msg('Has an attachment', { id: 'search.hasAttachment' })}</label
          >
          <label
            ><input type="checkbox" name="unread" .checked=${live(f.unread)} />
            ${msg('Unread', { id: 'list.unread' })}</label
          >
        </div>
        <p class="wide">
          ${msg('Query:', { id: 'search.query' })}
          <output data-testid="advanced-query"><bdi>${advancedToQuery(f)}</bdi></output>
        </p>
        <div class="dialog-actions">
          <button type="button" @click=${() => this.dialog.close()}>
            ${msg('Cancel', { id: 'common.cancel' })}
          </button>
          <button type="submit" class="primary">${msg('Search', { id: 'search.run' })}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-advanced-search': BzAdvancedSearch;
  }
}
