import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { readerServiceContext } from '../../state/context.js';
import type { AttachmentInfo, ParsedMessage, UnparseableMessage } from '../../mail/types.js';
import type { ReaderService } from '../../state/types.js';
import { toBlob } from '../shared/download.js';
import { baseStyles } from '../shared/styles.js';

/** Text attachments larger than this are cut in the preview (download shows them whole). */
const TEXT_PREVIEW_MAX_BYTES = 512 * 1024;

type Preview =
  | { kind: 'image' | 'pdf'; url: string }
  | { kind: 'text'; text: string; cut: boolean }
  | { kind: 'message'; parsed: ParsedMessage | UnparseableMessage }
  | { kind: 'none' };

function isMessage(a: AttachmentInfo): boolean {
  return a.mimeType === 'message/rfc822' || /\.eml$/i.test(a.filename);
}

/**
 * Views an attachment in a dialog (ATTACH-2): images and PDF through blob: URLs of a
 * fixed, safe type; text as text; a nested .eml in a read-only reader. Anything else
 * offers only Download.
 */
@customElement('bz-attachment-viewer')
@localized()
export class BzAttachmentViewer extends LitElement {
  static override styles = [
    baseStyles,
    css`
      dialog {
        width: min(60rem, calc(100vw - 2rem));
        max-width: none;
        height: min(80vh, 50rem);
        display: flex;
        flex-direction: column;
      }
      dialog:not([open]) {
        display: none;
      }
      .content {
        flex: 1;
        overflow: auto;
        min-height: 0;
      }
      img {
        max-width: 100%;
      }
      iframe {
        width: 100%;
        height: 100%;
        border: 0;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0;
      }
      bz-message-view {
        height: 100%;
      }
    `,
  ];

  @consume({ context: readerServiceContext }) readerService?: ReaderService;

  @state() private attachment: AttachmentInfo | null = null;
  @state() private preview: Preview = { kind: 'none' };
  @query('dialog') private dialog!: HTMLDialogElement;

  async show(a: AttachmentInfo): Promise<void> {
    this.release();
    this.attachment = a;
    this.preview = await this.makePreview(a);
    this.dialog.showModal();
  }

  private async makePreview(a: AttachmentInfo): Promise<Preview> {
    if (a.mimeType.startsWith('image/')) {
      return { kind: 'image', url: URL.createObjectURL(toBlob(a.content, a.mimeType)) };
    }
    if (a.mimeType === 'application/pdf') {
      return { kind: 'pdf', url: URL.createObjectURL(toBlob(a.content, 'application/pdf')) };
    }
    if (isMessage(a) && this.readerService) {
      return { kind: 'message', parsed: await this.readerService.parseRaw(a.content) };
    }
    if (a.mimeType.startsWith('text/') || isMessage(a)) {
      const cut = a.content.byteLength > TEXT_PREVIEW_MAX_BYTES;
      const text = new TextDecoder().decode(
        cut ? a.content.subarray(0, TEXT_PREVIEW_MAX_BYTES) : a.content,
      );
      return { kind: 'text', text, cut };
    }
    return { kind: 'none' };
  }

  private release(): void {
    const p = this.preview;
    if (p.kind === 'image' || p.kind === 'pdf') URL.revokeObjectURL(p.url);
    this.preview = { kind: 'none' };
  }

  private renderPreview(a: AttachmentInfo) {
    const p = this.preview;
    switch (p.kind) {
      case 'image':
        return html`<img src=${p.url} alt=${a.filename} />`;
      case 'pdf':
        return html`<iframe src=${p.url} title=${a.filename}></iframe>`;
      case 'text':
        return html`<pre>${p.text}</pre>
          ${p.cut ? html`<p>${msg('Only the beginning is shown.', { id: 'attach.cut' })}</p>` : nothing}`;
      case 'message':
        return html`<bz-message-view .parsed=${p.parsed} readOnly></bz-message-view>`;
      case 'none':
        return html`<p>
          ${msg('This kind of file cannot be shown here. Download it to open it.', { id: 'attach.noPreview' })}
        </p>`;
    }
  }

  override render() {
    const a = this.attachment;
    return html`<dialog aria-labelledby="h" @close=${() => this.release()}>
      <h2 id="h"><bdi>${a?.filename ?? ''}</bdi></h2>
      <div class="content">${a ? this.renderPreview(a) : nothing}</div>
      <div class="dialog-actions">
        <button @click=${() => this.dialog.close()}>${msg('Close', { id: 'common.close' })}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-attachment-viewer': BzAttachmentViewer;
  }
}
