import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import {
  documentServiceContext,
  noticeServiceContext,
  pgpServiceContext,
  readerServiceContext,
  settingsServiceContext,
} from '../../state/context.js';
import type { PgpServiceLoader } from '../../state/pgp-types.js';
import { importKeyAttachment, isKeyAttachment } from './pgp/key-attachment.js';
import type { AttachmentInfo } from '../../mail/types.js';
import type {
  DocumentService,
  NoticeService,
  ReaderService,
  SettingsService,
} from '../../state/types.js';
import { BzAttachmentDeletedEvent } from '../events/bz-attachment-deleted.js';
import { downloadBlob, toBlob } from '../shared/download.js';
import { need, reportError } from '../shared/errors.js';
import { formatSize } from '../shared/format.js';
import { icons } from '../shared/icons.js';
import { baseStyles } from '../shared/styles.js';
import '../shared/bz-confirm-dialog.js';
import type { BzConfirmDialog } from '../shared/bz-confirm-dialog.js';
import type { BzAttachmentViewer } from './bz-attachment-viewer.js';

/**
 * A message's attachments (ATTACH-2…4): icon, cleaned name, size; View, Download, Save
 * to Documents, Delete; and a toggle that hides the area (nothing is deleted).
 *
 * @fires bz-attachment-deleted - after an attachment was removed from the stored message
 */
@customElement('bz-attachment-list')
@localized()
export class BzAttachmentList extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        border-top: 1px solid var(--bz-border);
        padding: 0.5rem 0.75rem;
      }
      .bar {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
      }
      h3 {
        font-size: 0.95rem;
        margin: 0;
      }
      ul {
        list-style: none;
        margin: 0.4rem 0 0;
        padding: 0;
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
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        margin-inline-start: auto;
      }
      .name {
        flex: 1 1 8rem;
        overflow-wrap: anywhere;
      }
      .size {
        color: var(--bz-muted);
        font-size: 0.85em;
      }
      li button {
        min-height: 1.8rem;
        padding: 0.15rem 0.5rem;
      }
    `,
  ];

  @consume({ context: readerServiceContext }) readerService?: ReaderService;
  @consume({ context: documentServiceContext }) documentService?: DocumentService;
  @consume({ context: settingsServiceContext }) settingsService?: SettingsService;
  @consume({ context: noticeServiceContext }) notices?: NoticeService;
  /** PGP-1: present when OpenPGP is wired; a key attachment then offers "Import key…". */
  @consume({ context: pgpServiceContext }) pgp?: PgpServiceLoader;

  @property({ attribute: false }) attachments: readonly AttachmentInfo[] = [];
  /** The stored message, or null for a read-only message (archive viewer, nested .eml). */
  @property() messageId: string | null = null;
  @property({ type: Boolean }) collapsed = false;

  @query('bz-confirm-dialog') private confirm!: BzConfirmDialog;
  @query('bz-attachment-viewer') private viewer!: BzAttachmentViewer;

  private download(a: AttachmentInfo): void {
    // application/octet-stream: the browser saves the file and never renders it here.
    downloadBlob(toBlob(a.content, 'application/octet-stream'), a.filename);
  }

  private async save(a: AttachmentInfo): Promise<void> {
    try {
      await need(this.documentService).saveDocument(
        a.filename,
        a.mimeType,
        a.content,
        'attachments',
      );
      this.notices?.notify(
        'info',
        msg(str`"${a.filename}" was saved to Documents.`, { id: 'attach.saved' }),
      );
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not save to Documents', { id: 'error.saveDocument' }),
        err,
      );
    }
  }

  private async removeItem(a: AttachmentInfo): Promise<void> {
    const id = this.messageId;
    if (!id) return;
    const ok = await this.confirm.ask(
      msg(
        str`Delete "${a.filename}" from this message? The message keeps a note that it was removed.`,
        {
          id: 'attach.deleteConfirm',
        },
      ),
      msg('Delete', { id: 'common.delete' }),
    );
    if (!ok) return;
    try {
      await need(this.readerService).deleteAttachment(id, a.partId);
      this.dispatchEvent(new BzAttachmentDeletedEvent(a.partId));
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not delete the attachment', { id: 'error.deleteAttachment' }),
        err,
      );
    }
  }

  private async importKey(a: AttachmentInfo): Promise<void> {
    try {
      await importKeyAttachment(need(this.shadowRoot), a);
    } catch (err) {
      reportError(
        this.notices,
        msg('Could not import the key', { id: 'pgp.import.addError' }),
        err,
      );
    }
  }

  private toggle(): void {
    const hide = !this.collapsed;
    this.collapsed = hide;
    void this.settingsService?.updateSettings({ hideAttachments: hide });
  }

  private renderItem(a: AttachmentInfo) {
    const isImage = a.mimeType.startsWith('image/');
    return html`<li data-testid="attachment-item">
      ${isImage ? icons.image : a.mimeType === 'message/rfc822' ? icons.mail : icons.file}
      <bdi class="name" data-testid="attachment-name" title=${a.originalFilename ?? a.filename}
        >${a.filename}</bdi
      >
      <span class="size">${formatSize(a.size)}</span>
      <span class="actions">
      <button
        @click=${() => void this.view(a)}
        aria-label=${msg(str`View ${a.filename}`, { id: 'attach.viewLabel' })}
      >
        ${msg('View', { id: 'attach.view' })}
      </button>
      <button
        @click=${() => this.download(a)}
        aria-label=${msg(str`Download ${a.filename}`, { id: 'attach.downloadLabel' })}
      >
        ${msg('Download', { id: 'attach.download' })}
      </button>
      <button
        @click=${() => this.save(a)}
        aria-label=${msg(str`Save ${a.filename} to Documents`, { id: 'attach.saveLabel' })}
      >
        ${msg('Save to Documents', { id: 'attach.save' })}
      </button>
      ${
        this.pgp && isKeyAttachment(a)
          ? html`<button
              @click=${() => this.importKey(a)}
              aria-label=${msg(str`Import the OpenPGP key in ${a.filename}`, { id: 'attach.importKeyLabel' })}
            >
              ${msg('Import key…', { id: 'attach.importKey' })}
            </button>`
          : nothing
      }
      ${
        this.messageId
          ? html`<button
              class="danger"
              @click=${() => this.removeItem(a)}
              aria-label=${msg(str`Delete ${a.filename}`, { id: 'attach.deleteLabel' })}
            >
              ${msg('Delete', { id: 'common.delete' })}
            </button>`
          : nothing
      }
    </li>`;
  }

  /** The viewer loads on first use: most messages are read without opening a file. */
  private async view(a: Parameters<BzAttachmentViewer['show']>[0]): Promise<void> {
    await import('./bz-attachment-viewer.js');
    await customElements.whenDefined('bz-attachment-viewer');
    await this.viewer.show(a);
  }

  override render() {
    const n = this.attachments.length;
    if (!n) return nothing;
    return html`<div class="bar">
        <h3 id="att-h">
          ${icons.paperclip}
          ${
            n === 1
              ? msg('1 attachment', { id: 'attach.countOne' })
              : msg(str`${n} attachments`, { id: 'attach.count' })
          }
        </h3>
        <button
          aria-expanded=${this.collapsed ? 'false' : 'true'}
          aria-controls="att-list"
          @click=${this.toggle}
        >
          ${this.collapsed ? msg('Show', { id: 'attach.show' }) : msg('Hide', { id: 'attach.hide' })}
        </button>
      </div>
      <ul id="att-list" aria-labelledby="att-h" ?hidden=${this.collapsed}>
        ${this.attachments.map((a) => this.renderItem(a))}
      </ul>
      <bz-confirm-dialog></bz-confirm-dialog>
      <bz-attachment-viewer></bz-attachment-viewer>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-attachment-list': BzAttachmentList;
  }
}
