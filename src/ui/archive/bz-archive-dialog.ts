import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { archiveServiceContext, noticeServiceContext } from '../../state/context.js';
import type {
  ArchiveScope,
  ArchiveService,
  ArchiveResult,
  NoticeService,
  Progress,
} from '../../state/types.js';
import { BzOpenToolEvent } from '../events/bz-open-tool.js';
import { downloadBlob } from '../shared/download.js';
import { need, reportError } from '../shared/errors.js';
import { baseStyles } from '../shared/styles.js';

type ScopeKind = ArchiveScope['kind'];

/**
 * ARCHIVE-1: archive a folder's selected messages, all of them, or those older than a
 * date, optionally deleting them after; progress and Cancel; the .zip lands in Documents.
 *
 * @fires bz-open-tool - "documents", to show where the archive went
 */
@customElement('bz-archive-dialog')
@localized()
export class BzArchiveDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      fieldset {
        border: 1px solid var(--bz-border);
        border-radius: 6px;
        display: grid;
        gap: 0.4rem;
      }
      label {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        flex-wrap: wrap;
      }
      progress {
        width: 100%;
      }
    `,
  ];

  @consume({ context: archiveServiceContext }) archiveService?: ArchiveService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  @state() private folderId = '';
  @state() private selectedIds: readonly string[] = [];
  @state() private kind: ScopeKind = 'all';
  @state() private progress: Progress | null = null;
  @state() private result: ArchiveResult | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input[name=before]') private beforeInput!: HTMLInputElement;
  @query('input[name=deleteAfter]') private deleteAfterInput!: HTMLInputElement;
  private controller: AbortController | null = null;

  async open(folderId: string, selectedIds: readonly string[]): Promise<void> {
    if (this.controller) return this.dialog.showModal();
    this.folderId = folderId;
    this.selectedIds = selectedIds;
    this.kind = selectedIds.length ? 'selected' : 'all';
    this.result = null;
    await this.updateComplete;
    this.dialog.showModal();
  }

  private scope(): ArchiveScope | null {
    if (this.kind === 'selected') return { kind: 'selected', ids: [...this.selectedIds] };
    if (this.kind === 'all') return { kind: 'all' };
    const before = this.beforeInput.valueAsNumber;
    return Number.isNaN(before) ? null : { kind: 'older-than', before };
  }

  private async start(e: Event): Promise<void> {
    e.preventDefault();
    const scope = this.scope();
    if (!scope) return;
    const controller = new AbortController();
    this.controller = controller;
    this.progress = { done: 0, total: 0, label: '' };
    try {
      this.result = await need(this.archiveService).createArchive(
        { folderId: this.folderId, scope, deleteAfter: this.deleteAfterInput.checked },
        { signal: controller.signal, onProgress: (p) => (this.progress = p) },
      );
    } catch (err) {
      this.dialog.close();
      reportError(this.notices, msg('Could not create the archive', { id: 'error.archive' }), err);
    } finally {
      this.controller = null;
      this.progress = null;
    }
  }

  private renderForm() {
    return html`<form @submit=${this.start}>
      <fieldset>
        <legend>${msg('Which messages', { id: 'archive.which' })}</legend>
        <label>
          <input
            type="radio"
            name="scope"
            value="selected"
            ?disabled=${!this.selectedIds.length}
            .checked=${this.kind === 'selected'}
            @change=${() => (this.kind = 'selected')}
          />
          ${msg(str`The ${this.selectedIds.length} selected messages`, { id: 'archive.selected' })}
        </label>
        <label>
          <input
            type="radio"
            name="scope"
            value="all"
            .checked=${this.kind === 'all'}
            @change=${() => (this.kind = 'all')}
          />
          ${msg('All messages of the folder', { id: 'archive.all' })}
        </label>
        <label>
          <input
            type="radio"
            name="scope"
            value="older-than"
            .checked=${this.kind === 'older-than'}
            @change=${() => (this.kind = 'older-than')}
          />
          ${msg('Messages older than', { id: 'archive.olderThan' })}
          <input
            type="date"
            name="before"
            aria-label=${msg('Date', { id: 'header.date' })}
            ?required=${this.kind === 'older-than'}
            @focus=${() => (this.kind = 'older-than')}
          />
        </label>
      </fieldset>
      <p>
        <label
          ><input type="checkbox" name="deleteAfter" />
          ${msg('Delete them after archiving', { id: 'archive.deleteAfter' })}</label
        >
      </p>
      <div class="dialog-actions">
        <button type="button" @click=${() => this.dialog.close()}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
        <button type="submit" class="primary">
          ${msg('Create archive', { id: 'archive.create' })}
        </button>
      </div>
    </form>`;
  }

  private renderProgress(p: Progress) {
    return html`<progress
        aria-label=${msg('Archiving…', { id: 'archive.running' })}
        max=${p.total || 1}
        value=${p.total ? p.done : nothing}
      ></progress>
      <p>
        ${p.total ? msg(str`${p.done} of ${p.total}`, { id: 'progress.count' }) : msg('Archiving…', { id: 'archive.running' })}
      </p>
      <div class="dialog-actions">
        <button @click=${() => this.controller?.abort()}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
      </div>`;
  }

  private renderResult(d: ArchiveResult) {
    return html`<p role="status" data-testid="archive-result">
        ${
          d.stored
            ? msg(str`The archive "${d.name}" was saved in Documents.`, { id: 'archive.saved' })
            : msg(str`There was no room to keep "${d.name}" in Documents: download it now.`, {
                id: 'archive.notStored',
              })
        }
      </p>
      <div class="dialog-actions">
        <button @click=${() => this.dialog.close()}>${msg('Close', { id: 'common.close' })}</button>
        <button @click=${() => downloadBlob(d.blob, d.name)}>
          ${msg('Download', { id: 'attach.download' })}
        </button>
        ${
          d.stored
            ? html`<button
                class="primary"
                @click=${() => {
                  this.dialog.close();
                  this.dispatchEvent(new BzOpenToolEvent('documents'));
                }}
              >
                ${msg('Open Documents', { id: 'archive.openDocuments' })}
              </button>`
            : nothing
        }
      </div>`;
  }

  override render() {
    return html`<dialog aria-labelledby="h">
      <h2 id="h">${msg('Archive messages', { id: 'archive.title' })}</h2>
      ${this.progress ? this.renderProgress(this.progress) : this.result ? this.renderResult(this.result) : this.renderForm()}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-archive-dialog': BzArchiveDialog;
  }
}
