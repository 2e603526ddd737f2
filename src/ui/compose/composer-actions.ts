import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { icons } from '../shared/icons.js';

/** A question the composer asks before acting: send with no subject, or throw text away. */
export type Question = 'no-subject' | 'discard';

export interface ComposerActionsView {
  question: Question | null;
  sendDisabled: boolean;
  keepEditing(): void;
  /** Yes to the question: send anyway, or discard. */
  confirm(): void;
  discard(): void;
  send(): void;
  /** SEND-2: Save draft (keeps it in Drafts and closes), when there is a sender. */
  saveDraft(): void;
  canSaveDraft: boolean;
  /** When the draft was last saved (shown as "Draft saved 10:42"), or null. */
  savedAt: number | null;
  /** TEMPLATE-2: Save as template (a copy in Templates; the message stays open). */
  saveTemplate(): void;
  /** Set once this message was saved as a template (shown instead of the draft line). */
  templateSaved: boolean;
}

/**
 * The composer's bottom row: Discard and Send, or, while a question is open, the question
 * with Keep editing (focused first, so a stray Enter loses nothing) and its Yes button.
 */
export function composerActions(v: ComposerActionsView): TemplateResult {
  if (v.question) {
    const noSubject = v.question === 'no-subject';
    return html`<div class="dialog-actions" role="group" aria-labelledby="question">
      <p class="question" id="question" role="alert">
        ${noSubject ? msg('Send without a subject?', { id: 'compose.noSubjectAsk' }) : msg('Discard this message? What you wrote will be lost.', { id: 'compose.discardAsk' })}
      </p>
      <button id="question-cancel" @click=${() => v.keepEditing()}>
        ${msg('Keep editing', { id: 'compose.keepEditing' })}
      </button>
      <button class="primary" data-testid="question-confirm" @click=${() => v.confirm()}>
        ${noSubject ? msg('Send anyway', { id: 'compose.sendAnyway' }) : msg('Discard', { id: 'compose.discard' })}
      </button>
    </div>`;
  }
  const saved = v.templateSaved
    ? msg('Saved in Templates', { id: 'compose.templateSaved' })
    : v.savedAt === null
      ? ''
      : msg(
          str`Draft saved ${new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(v.savedAt)}`,
          { id: 'compose.draftSaved' },
        );
  return html`<div class="dialog-actions">
    <span class="saved" role="status" data-testid="compose-saved">${saved}</span>
    <button data-testid="compose-discard" @click=${() => v.discard()}>
      ${icons.trash}${msg('Discard', { id: 'compose.discard' })}
    </button>
    ${
      v.canSaveDraft
        ? html`<button data-testid="compose-save" @click=${() => v.saveDraft()}>
            ${icons.draft}${msg('Save draft', { id: 'compose.saveDraft' })}
          </button>`
        : ''
    }
    ${
      v.canSaveDraft
        ? html`<button data-testid="compose-save-template" @click=${() => v.saveTemplate()}>
            ${icons.template}${msg('Save as template', { id: 'compose.saveTemplate' })}
          </button>`
        : ''
    }
    <button
      class="primary"
      data-testid="compose-send"
      ?disabled=${v.sendDisabled}
      @click=${() => v.send()}
    >
      ${icons.send}${msg('Send', { id: 'compose.send' })}
    </button>
  </div>`;
}
