import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { importServiceContext, noticeServiceContext } from '../../state/context.js';
import type { ImportReport, ImportService, NoticeService, Progress } from '../../state/types.js';
import { need, reportError } from '../shared/errors.js';
import {
  importProgressStyles,
  renderImportProgress,
  renderImportReport,
} from '../shared/import-progress.js';
import { baseStyles } from '../shared/styles.js';

/**
 * Runs an import (IMPORT-1, PWA-5) with a progress bar and Cancel, then shows the
 * summary: imported, duplicates, and each rejected file with its reason. The panel is
 * not modal, so the mailbox stays usable while a big archive imports.
 *
 * Announces the end on window as `bz-import-done` with the report as detail.
 */
@customElement('bz-import-dialog')
@localized()
export class BzImportDialog extends LitElement {
  static override styles = [
    baseStyles,
    importProgressStyles,
    css`
      dialog {
        position: fixed;
        inset: auto 1rem 1rem auto;
        margin: 0;
        width: min(26rem, calc(100vw - 2rem));
        z-index: 10;
      }
    `,
  ];

  @consume({ context: importServiceContext }) importService?: ImportService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;

  @state() private progress: Progress | null = null;
  @state() private report: ImportReport | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  private controller: AbortController | null = null;

  get running(): boolean {
    return this.controller !== null;
  }

  /** Imports the files; resolves with the report (null when it failed outright). */
  async run(files: readonly File[]): Promise<ImportReport | null> {
    if (this.controller) {
      this.notices?.notify('info', msg('An import is already running.', { id: 'import.busy' }));
      return null;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.report = null;
    this.progress = { done: 0, total: 0, label: files.map((f) => f.name).join(', ') };
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.show();
    try {
      const report = await need(this.importService).importFiles(files, {
        signal: controller.signal,
        onProgress: (p) => (this.progress = p),
      });
      this.report = report;
      window.dispatchEvent(new CustomEvent('bz-import-done', { detail: report }));
      return report;
    } catch (err) {
      this.dialog.close();
      reportError(this.notices, msg('The import failed', { id: 'error.import' }), err);
      const report: ImportReport = {
        imported: 0,
        duplicates: 0,
        rejected: files.map((f) => ({
          name: f.name,
          reason: err instanceof Error ? err.message : String(err),
        })),
        cancelled: controller.signal.aborted,
      };
      window.dispatchEvent(new CustomEvent('bz-import-done', { detail: report }));
      return null;
    } finally {
      this.controller = null;
      this.progress = null;
    }
  }

  private cancel(): void {
    this.controller?.abort();
  }

  private renderReport(r: ImportReport) {
    return html`<div data-testid="import-report" role="status">${renderImportReport(r, 'h')}</div>
      <div class="dialog-actions">
        <button class="primary" @click=${() => this.dialog.close()}>
          ${msg('Close', { id: 'common.close' })}
        </button>
      </div>`;
  }

  override render() {
    return html`<dialog aria-labelledby="h">
      ${this.progress ? renderImportProgress(this.progress, () => this.cancel(), 'h') : this.report ? this.renderReport(this.report) : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-import-dialog': BzImportDialog;
  }
}
