import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { archiveServiceContext, noticeServiceContext } from '../../state/context.js';
import type { ParsedMessage, UnparseableMessage } from '../../mail/types.js';
import type {
  ArchiveEntry,
  ArchiveService,
  ImportReport,
  NoticeService,
  OpenedArchive,
  Progress,
} from '../../state/types.js';
import { need, reportError } from '../shared/errors.js';
import {
  renderImportProgress,
  renderImportReport,
  importProgressStyles,
} from '../shared/import-progress.js';
import { baseStyles } from '../shared/styles.js';
import { renderArchiveEntries } from './archive-entries.js';
import { viewerStyles } from './viewer-styles.js';
import '../reader/bz-message-view.js';

/** Wait this long after the last keystroke before searching. */
const SEARCH_DELAY_MS = 200;

/**
 * ARCHIVE-2: opens a .zip archive and lists, reads and searches its messages without
 * importing them; imports the checked ones or all.
 */
@customElement('bz-archive-viewer')
@localized()
export class BzArchiveViewer extends LitElement {
  static override styles = [baseStyles, importProgressStyles, viewerStyles];

  @consume({ context: archiveServiceContext }) archiveService?: ArchiveService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  @state() private archive: OpenedArchive | null = null;
  @state() private shown: readonly ArchiveEntry[] = [];
  @state() private checked = new Set<string>();
  @state() private current: { path: string; parsed: ParsedMessage | UnparseableMessage } | null =
    null;
  /** Opening the archive: reading and summarising every entry. */
  @state() private progress: Progress | null = null;
  /** Importing from it (PWA-5): the same progress, Cancel and report as the main import. */
  @state() private importing: Progress | null = null;
  @state() private report: ImportReport | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  private controller: AbortController | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  /** Shows the viewer, opening `file` at once when given (from Documents). */
  async show(file?: Blob, name?: string): Promise<void> {
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    if (file) await this.openFile(file, name ?? 'archive.zip');
  }

  private async openFile(file: Blob, name: string): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.progress = { done: 0, total: 0, label: name };
    this.archive = null;
    this.current = null;
    this.report = null;
    this.checked = new Set();
    try {
      this.archive = await need(this.archiveService).openArchive(file, name, {
        signal: controller.signal,
        onProgress: (p) => (this.progress = p),
      });
      this.shown = this.archive.entries;
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not open the archive', { id: 'error.openArchive' }),
        err,
      );
    } finally {
      this.controller = null;
      this.progress = null;
    }
  }

  private get busy(): boolean {
    return this.progress !== null || this.importing !== null;
  }

  private onFile(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.openFile(file, file.name);
  }

  private onSearch(e: Event): void {
    const q = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.search(q), SEARCH_DELAY_MS);
  }

  private async search(q: string): Promise<void> {
    const archive = this.archive;
    if (!archive) return;
    try {
      const found = q.trim() ? await archive.search(q) : archive.entries;
      if (archive === this.archive) this.shown = found;
    } catch (err) {
      reportError(this.notices, msg('The search failed', { id: 'error.search' }), err);
    }
  }

  private async read(entry: ArchiveEntry): Promise<void> {
    try {
      const parsed = await need(this.archive).readEntry(entry.path);
      this.current = { path: entry.path, parsed };
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not open the message', { id: 'error.openMessage' }),
        err,
      );
    }
  }

  private toggle(path: string, on: boolean): void {
    const next = new Set(this.checked);
    if (on) next.add(path);
    else next.delete(path);
    this.checked = next;
  }

  private async importEntries(paths?: string[]): Promise<void> {
    const archive = this.archive;
    if (!archive) return;
    const controller = new AbortController();
    this.controller = controller;
    this.report = null;
    this.importing = {
      done: 0,
      total: paths?.length ?? archive.entries.length,
      label: archive.name,
    };
    try {
      this.report = await archive.importEntries(paths, {
        signal: controller.signal,
        onProgress: (p) => (this.importing = p),
      });
      window.dispatchEvent(new CustomEvent('bz-import-done', { detail: this.report }));
    } catch (err) {
      reportError(this.notices, msg('The import failed', { id: 'error.import' }), err);
    } finally {
      this.controller = null;
      this.importing = null;
    }
  }

  private renderBody() {
    const a = this.archive;
    if (this.importing) {
      return html`<div class="busy" data-testid="viewer-import-progress">
        ${renderImportProgress(this.importing, () => this.controller?.abort(), 'job')}
      </div>`;
    }
    if (this.progress) {
      const p = this.progress;
      return html`<div class="busy">
        <progress
          aria-label=${msg('Working…', { id: 'viewer.busy' })}
          max=${p.total || 1}
          value=${p.total ? p.done : nothing}
        ></progress>
        <p>
          <bdi>${p.label}</bdi>
          ${p.total ? msg(str`${p.done} of ${p.total}`, { id: 'progress.count' }) : nothing}
        </p>
        <button @click=${() => this.controller?.abort()}>
          ${msg('Cancel', { id: 'common.cancel' })}
        </button>
      </div>`;
    }
    if (!a)
      return html`<p class="hint">
        ${msg('Choose a .zip archive to browse it without importing it.', { id: 'viewer.hint' })}
      </p>`;
    return html`<div class="panes">
      <div class="list">
        ${renderArchiveEntries(a, {
          shown: this.shown,
          checked: this.checked,
          current: this.current?.path ?? null,
          onToggle: (path, on) => this.toggle(path, on),
          onRead: (e) => void this.read(e),
        })}
      </div>
      <bz-message-view
        class="reader"
        readOnly
        .parsed=${this.current?.parsed ?? null}
      ></bz-message-view>
    </div>`;
  }

  override render() {
    const a = this.archive;
    return html`<dialog aria-labelledby="h" @close=${() => this.controller?.abort()}>
      <header>
        <h2 id="h">
          ${a ? html`<bdi>${a.name}</bdi>` : msg('Archive viewer', { id: 'toolbar.archiveViewer' })}
        </h2>
        <label class="button">
          ${msg('Open an archive…', { id: 'viewer.open' })}
          <input
            class="visually-hidden"
            type="file"
            accept=".zip"
            data-testid="archive-input"
            ?disabled=${this.busy}
            @change=${this.onFile}
          />
        </label>
        ${
          a
            ? html`<input
                  type="search"
                  aria-label=${msg('Search the archive', { id: 'viewer.search' })}
                  placeholder=${msg('Search the archive', { id: 'viewer.search' })}
                  @input=${this.onSearch}
                />
                <button
                  ?disabled=${!this.checked.size || this.busy}
                  @click=${() => this.importEntries([...this.checked])}
                >
                  ${msg(str`Import ${this.checked.size} checked`, { id: 'viewer.importChecked' })}
                </button>
                <button ?disabled=${this.busy} @click=${() => this.importEntries()}>
                  ${msg('Import all', { id: 'viewer.importAll' })}
                </button>`
            : nothing
        }
        <button @click=${() => this.dialog.close()}>${msg('Close', { id: 'common.close' })}</button>
      </header>
      ${
        this.report
          ? html`<div class="report" role="status" data-testid="viewer-import-report">
              ${renderImportReport(this.report, 'job-report')}
            </div>`
          : nothing
      }
      ${this.renderBody()}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-archive-viewer': BzArchiveViewer;
  }
}
