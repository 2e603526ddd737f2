import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { SignatureController } from './signature-controller.js';

/**
 * SEND-16: "Add signature" and "Insert signature" when the sender has one, and the text
 * the server adds to every message (shown as text, not editable).
 */
export function signatureRow(
  signature: SignatureController,
  insertAtCursor: () => void,
  required: string | null,
  /** In rich text the signature is part of the formatted text: Insert only. */
  rich = false,
): TemplateResult {
  return html`<div class="signature-row">
    ${
      signature.available && !rich
        ? html`<span
              ><input
                id="signature"
                type="checkbox"
                data-testid="compose-signature"
                .checked=${signature.on}
                @change=${(e: Event) => void signature.toggle((e.target as HTMLInputElement).checked)}
              /><label for="signature"
                >${msg('Add signature', { id: 'compose.addSignature' })}</label
              ></span
            >
            <button type="button" data-testid="compose-insert-signature" @click=${insertAtCursor}>
              ${msg('Insert signature', { id: 'compose.insertSignature' })}
            </button>`
        : signature.available
          ? html`<button
              type="button"
              data-testid="compose-insert-signature"
              @click=${insertAtCursor}
            >
              ${msg('Insert signature', { id: 'compose.insertSignature' })}
            </button>`
          : nothing
    }
    ${
      required
        ? html`<p class="required-signature" data-testid="compose-required-signature">
            ${msg('Your mail server adds to every message:', { id: 'compose.requiredSignature' })}
            <span class="required-text">${required}</span>
          </p>`
        : nothing
    }
  </div>`;
}
