import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { RecipientField } from './recipients.js';

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

/** SEND-1: a labelled To/Cc/Bcc input with what is wrong with it underneath. */
export function recipientField(v: RecipientFieldView): TemplateResult {
  const bad = v.invalid.length > 0 || v.missing;
  return html`<label for=${v.name}>${v.label}</label>
    <div class="field">
      <input
        id=${v.name}
        type="text"
        autocomplete="off"
        spellcheck="false"
        data-testid="compose-${v.name}"
        aria-invalid=${bad ? 'true' : 'false'}
        aria-describedby=${bad ? `${v.name}-error` : nothing}
        .value=${v.value}
        @input=${(e: InputEvent) => v.onInput((e.target as HTMLInputElement).value)}
        @change=${() => v.onChange()}
      />${v.extra ?? nothing}
    </div>
    ${fieldError(v)}`;
}
