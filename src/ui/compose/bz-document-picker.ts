import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { documentServiceContext } from '../../state/context.js';
import type { DocumentInfo, DocumentService, DraftAttachment } from '../../state/types.js';
import { SubscribeController } from '../controllers/subscribe-controller.js';
import { formatSize } from '../shared/format.js';
import { baseStyles } from '../shared/styles.js';

/**
 * ATTACH-1: attach from Documents. A modal list of the documents (names as text, folder,
 * size) with a checkbox each; Attach resolves the chosen files' bytes, Cancel nothing.
 */
@customElement('bz-document-picker')
@localized()
export class BzDocumentPicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 50vh;
        overflow: auto;
      }
      li label {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        padding: 0.3rem 0;
      }
      .meta {
        color: var(--bz-muted);
        font-size: 0.85rem;
        margin-left: auto;
      }
    `,
  ];

  @consume({ context: documentServiceContext, subscribe: true }) documents?: DocumentService;
  private readonly docs = new SubscribeController<DocumentInfo[]>(this);
  @state() private chosen = new Set<string>();
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  private resolve: ((files: DraftAttachment[]) => void) | null = null;

  /** Shows the list; resolves what was chosen (empty on Cancel). */
  async pick(): Promise<DraftAttachment[]> {
    this.docs.setSource(this.documents?.observeDocuments());
    this.chosen = new Set();
    this.error = '';
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(files: DraftAttachment[]): void {
    this.resolve?.(files);
    this.resolve = null;
    if (this.dialog.open) this.dialog.close();
  }

  private async attach(): Promise<void> {
    const service = this.documents;
    const list = (this.docs.value ?? []).filter((d) => this.chosen.has(d.id));
    if (!service) return this.finish([]);
    try {
      const files = await Promise.all(
        list.map(async (d) => ({
          filename: d.name,
          type: d.mimeType,
          bytes: new Uint8Array(await (await service.getDocumentBlob(d.id)).arrayBuffer()),
        })),
      );
      this.finish(files);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.chosen);
    if (on) next.add(id);
    else next.delete(id);
    this.chosen = next;
  }

  override render() {
    const docs = this.docs.value ?? [];
    return html`<dialog
      aria-labelledby="picker-title"
      data-testid="document-picker"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.finish([]);
      }}
    >
      <h2 id="picker-title">${msg('Attach from Documents', { id: 'compose.documentsTitle' })}</h2>
      ${
        docs.length === 0
          ? html`<p>${msg('There are no documents yet.', { id: 'compose.documentsEmpty' })}</p>`
          : html`<ul>
              ${docs.map(
                (d) =>
                  html`<li>
                    <label data-testid="document-choice"
                      ><input
                        type="checkbox"
                        .checked=${this.chosen.has(d.id)}
                        @change=${(e: Event) =>
                          this.toggle(d.id, (e.target as HTMLInputElement).checked)}
                      /><span>${d.name}</span><span class="meta">${formatSize(d.size)}</span></label
                    >
                  </li>`,
              )}
            </ul>`
      }
      <p class="error" role="alert">${this.error}</p>
      <div class="dialog-actions">
        <button @click=${() => this.finish([])}>${msg('Cancel', { id: 'common.cancel' })}</button>
        <button
          class="primary"
          data-testid="document-attach"
          ?disabled=${this.chosen.size === 0}
          @click=${() => void this.attach()}
        >
          ${msg('Attach', { id: 'compose.documentsAttach' })}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-document-picker': BzDocumentPicker;
  }
}
