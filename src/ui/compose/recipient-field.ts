import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { RecipientField } from './recipients.js';
import './bz-recipient-input.js';

/** What one recipient row of the composer shows, and where its typing goes. */
export interface RecipientFieldView {
  name: RecipientField;
  label: string;
  value: string;
  /** The typed parts that are not addresses (shown as text, never as HTML). */
  invalid: readonly string[];
  /** Send found no recipient at all (said under To). */
  missing: boolean;
  onInput(value: string): void;
  onChange(): void;
  /** Buttons beside the input (Cc/Bcc on the To row). */
  extra?: unknown;
}

function fieldError(v: RecipientFieldView) {
  const parts = v.invalid.map((p) => `“${p}”`).join(', ');
  const text = v.invalid.length
    ? msg(str`Not an e-mail address: ${parts}`, { id: 'compose.invalid' })
    : v.missing
      ? msg('Add at least one recipient.', { id: 'compose.noRecipient' })
      : '';
  if (!text) return nothing;
  return html`<p
    class="field-error"
    id="${v.name}-error"
    data-testid="${v.name}-error"
    role="alert"
  >
    ${text}
  </p>`;
}

/**
 * SEND-1: a labelled To/Cc/Bcc input with what is wrong with it underneath; CONTACTS-1: it
 * offers addresses from the address book as the user types (bz-recipient-input).
 */
export function recipientField(v: RecipientFieldView): TemplateResult {
  return html`<label for=${v.name} id="${v.name}-label">${v.label}</label>
    <div class="field">
      <bz-recipient-input .view=${v}></bz-recipient-input>${v.extra ?? nothing}
    </div>
    ${fieldError(v)}`;
}
