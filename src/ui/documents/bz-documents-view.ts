import { LitElement, css, html, nothing } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { documentServiceContext, noticeServiceContext } from '../../state/context.js';
import type {
  DocumentFolder,
  DocumentInfo,
  DocumentService,
  NoticeService,
} from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { BzOpenArchiveEvent } from '../events/bz-open-archive.js';
import { downloadBlob } from '../shared/download.js';
import { need, reportError } from '../shared/errors.js';
import { formatFullDate, formatSize } from '../shared/format.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import '../shared/bz-prompt-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import type { BzPromptDialog } from '../shared/bz-prompt-dialog.js';

/**
 * The local Documents store: archives (ARCHIVE-1), saved attachments (ATTACH-2) and
 * mail images; rename, download, delete, and open archives in the viewer.
 *
 * @fires bz-open-archive - the user opened an archive in the archive viewer
 */
@customElement('bz-documents-view')
@localized()
export class BzDocumentsView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      dialog {
        width: min(44rem, calc(100vw - 2rem));
      }
      h3 {
        font-size: 0.95rem;
        margin: 1rem 0 0.3rem;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.3rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem;
        padding: 0.3rem 0.4rem;
        border: 1px solid var(--bz-border-soft);
        border-radius: 6px;
      }
      .name {
        flex: 1 1 14rem;
        overflow-wrap: anywhere;
      }
      .meta {
        color: var(--bz-muted);
        font-size: 0.85em;
      }
    `,
  ];

  @consume({ context: documentServiceContext }) documentService?: DocumentService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  @query('bz-prompt-dialog') private prompt!: BzPromptDialog;
  private readonly docs = new SubscribeController<DocumentInfo[]>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.docs.setSource(this.documentService?.observeDocuments());
  }

  show(): void {
    this.dialog.showModal();
  }

  private async act(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      reportError(this.notices, what, err);
    }
  }

  private async rename(d: DocumentInfo): Promise<void> {
    const name = await this.prompt.ask(
      msg('Rename document', { id: 'docs.rename' }),
      msg('Name', { id: 'folders.name' }),
      d.name,
    );
    if (name && name !== d.name) {
      await this.act(msg('Could not rename the document', { id: 'error.renameDocument' }), () =>
        need(this.documentService).renameDocument(d.id, name),
      );
    }
  }

  private async removeItem(d: DocumentInfo): Promise<void> {
    const ok = await this.confirm.ask(
      msg(str`Delete "${d.name}" for good?`, { id: 'docs.deleteConfirm' }),
      msg('Delete', { id: 'common.delete' }),
    );
    if (ok)
      await this.act(msg('Could not delete the document', { id: 'error.deleteDocument' }), () =>
        need(this.documentService).deleteDocument(d.id),
      );
  }

  private async download(d: DocumentInfo): Promise<void> {
    await this.act(
      msg('Could not download the document', { id: 'error.downloadDocument' }),
      async () => {
        downloadBlob(await need(this.documentService).getDocumentBlob(d.id), d.name);
      },
    );
  }

  private async openArchive(d: DocumentInfo): Promise<void> {
    await this.act(msg('Could not open the archive', { id: 'error.openArchive' }), async () => {
      const blob = await need(this.documentService).getDocumentBlob(d.id);
      this.dialog.close();
      this.dispatchEvent(new BzOpenArchiveEvent(blob, d.name));
    });
  }

  private renderDoc(d: DocumentInfo) {
    const isZip = d.folder === 'archives' || /\.zip$/i.test(d.name);
    return html`<li data-testid="document-item">
      <bdi class="name">${d.name}</bdi>
      <span class="meta">${formatSize(d.size)} · ${formatFullDate(d.createdAt)}</span>
      ${isZip ? html`<button @click=${() => this.openArchive(d)}>${msg('Open in viewer', { id: 'docs.open' })}</button>` : nothing}
      <button @click=${() => this.download(d)}>
        ${msg('Download', { id: 'attach.download' })}
      </button>
      <button @click=${() => this.rename(d)}>
        ${msg('Rename…', { id: 'folders.renameAction' })}
      </button>
      <button class="danger" @click=${() => this.removeItem(d)}>
        ${msg('Delete', { id: 'common.delete' })}
      </button>
    </li>`;
  }

  override render() {
    const docs = this.docs.value ?? [];
    const groups: [DocumentFolder, string][] = [
      ['archives', msg('Archives', { id: 'docs.archives' })],
      ['attachments', msg('Attachments', { id: 'docs.attachments' })],
      ['mail-images', msg('Mail images', { id: 'docs.mailImages' })],
    ];
    return html`<dialog aria-labelledby="h">
        <h2 id="h">${msg('Documents', { id: 'toolbar.documents' })}</h2>
        ${docs.length === 0 ? html`<p>${msg('No documents yet.', { id: 'docs.empty' })}</p>` : nothing}
        ${groups.map(([folder, label]) => {
          const list = docs.filter((d) => d.folder === folder);
          return list.length
            ? html`<h3>${label}</h3>
                <ul aria-label=${label}>
                  ${list.map((d) => this.renderDoc(d))}
                </ul>`
            : nothing;
        })}
        <div class="dialog-actions">
          <button @click=${() => this.dialog.close()}>
            ${msg('Close', { id: 'common.close' })}
          </button>
        </div>
      </dialog>
      <bz-confirm-dialog></bz-confirm-dialog>
      <bz-prompt-dialog></bz-prompt-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-documents-view': BzDocumentsView;
  }
}
