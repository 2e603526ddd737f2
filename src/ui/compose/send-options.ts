import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { DraftInput } from '../../state/types.js';

export type PriorityLevel = NonNullable<DraftInput['priority']>;

export interface SendOptionsView {
  priority: PriorityLevel;
  requestReceipt: boolean;
  setPriority(p: PriorityLevel): void;
  setRequestReceipt(on: boolean): void;
}

/** SEND-10 priority and SEND-11 read receipt, under the message text. */
export function sendOptions(v: SendOptionsView): TemplateResult {
  const levels: [PriorityLevel, string][] = [
    ['highest', msg('Highest', { id: 'compose.priorityHighest' })],
    ['high', msg('High', { id: 'compose.priorityHigh' })],
    ['normal', msg('Normal', { id: 'compose.priorityNormal' })],
    ['low', msg('Low', { id: 'compose.priorityLow' })],
    ['lowest', msg('Lowest', { id: 'compose.priorityLowest' })],
  ];
  return html`<div class="options">
    <span
      ><label for="priority">${msg('Priority', { id: 'compose.priority' })}</label>
      <select
        id="priority"
        data-testid="compose-priority"
        @change=${(e: Event) =>
          v.setPriority((e.target as HTMLSelectElement).value as PriorityLevel)}
      >
        ${levels.map(
          ([value, label]) =>
            html`<option value=${value} ?selected=${value === v.priority}>${label}</option>`,
        )}
      </select></span
    >
    <span
      ><input
        id="receipt"
        type="checkbox"
        data-testid="compose-receipt"
        .checked=${v.requestReceipt}
        @change=${(e: Event) => v.setRequestReceipt((e.target as HTMLInputElement).checked)}
      /><label for="receipt"
        >${msg('Request a read receipt', { id: 'compose.requestReceipt' })}</label
      ></span
    >
  </div>`;
}
