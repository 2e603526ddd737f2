import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { formatSize } from '../shared/format.js';
import { icons } from '../shared/icons.js';
import type { AttachmentsController } from './attachments-controller.js';

export interface AttachmentBarView {
  attachments: AttachmentsController;
  /** Opens the file picker. */
  pick(): void;
  /** Opens the Documents picker; absent when there is no Documents service. */
  fromDocuments?: () => void;
  /** SEND-14: attach the user's own vCard; absent without an address book. */
  myCard?: () => void;
}

/**
 * ATTACH-1: Attach and From Documents, then one chip per file (its name as text, its size,
 * a Remove button), and the total with a warning when the message would be too big (SEND-12).
 */
export function attachmentBar(v: AttachmentBarView): TemplateResult {
  const a = v.attachments;
  return html`<div class="attachments" data-testid="compose-attachments">
    <div class="attach-actions">
      <button type="button" data-testid="compose-attach" @click=${() => v.pick()}>
        ${icons.paperclip}${msg('Attach files', { id: 'compose.attach' })}
      </button>
      ${
        v.fromDocuments
          ? html`<button
              type="button"
              data-testid="compose-attach-documents"
              @click=${() => v.fromDocuments?.()}
            >
              ${icons.documents}${msg('From Documents', { id: 'compose.attachDocuments' })}
            </button>`
          : nothing
      }
      ${
        v.myCard
          ? html`<button
              type="button"
              data-testid="compose-attach-card"
              @click=${() => v.myCard?.()}
            >
              ${icons.contacts}${msg('Attach my card', { id: 'compose.attachMyCard' })}
            </button>`
          : nothing
      }
      ${
        a.list.length > 0
          ? html`<span class="total" data-testid="compose-attach-total"
              >${
                a.list.length === 1
                  ? msg(str`1 file, ${formatSize(a.total)}`, { id: 'compose.attachTotalOne' })
                  : msg(str`${a.list.length} files, ${formatSize(a.total)}`, {
                      id: 'compose.attachTotal',
                    })
              }</span
            >`
          : nothing
      }
    </div>
    ${
      a.list.length > 0
        ? html`<ul aria-label=${msg('Attachments', { id: 'compose.attachments' })}>
            ${a.list.map(
              (f) =>
                html`<li data-testid="compose-attachment">
                  <span class="name">${f.filename}</span>
                  <span class="size">${formatSize(f.bytes.byteLength)}</span>
                  <button
                    type="button"
                    class="remove"
                    data-testid="compose-attachment-remove"
                    aria-label=${msg(str`Remove ${f.filename}`, { id: 'compose.removeAttachment' })}
                    title=${msg(str`Remove ${f.filename}`, { id: 'compose.removeAttachment' })}
                    @click=${() => a.remove(f.key)}
                  >
                    ${icons.close}
                  </button>
                </li>`,
            )}
          </ul>`
        : nothing
    }
    ${
      a.tooBig
        ? html`<p class="error" role="alert" data-testid="compose-too-big">
            ${msg(str`This message would be about ${formatSize(a.encodedTotal)}; this account sends at most ${formatSize(a.limit)}. Remove some attachments.`, { id: 'compose.tooBig' })}
          </p>`
        : nothing
    }
  </div>`;
}

/**
 * ATTACH-1: the hidden file input that "Attach files" opens; the files chosen are attached,
 * and the input is emptied so that the same file can be chosen again.
 */
export function fileInput(attachments: AttachmentsController): TemplateResult {
  return html`<input
    id="files"
    type="file"
    multiple
    hidden
    data-testid="compose-file-input"
    @change=${(e: Event) => {
      const input = e.target as HTMLInputElement;
      attachments.attachFiles(input.files);
      input.value = '';
    }}
  />`;
}
