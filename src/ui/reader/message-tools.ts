// The reader's toolbar: Back, the responses a message allows (Reply, Reply all, Forward,
// Forward as attachment, Reply with template; Use this template in Templates; Edit draft in
// Drafts), Print and Download .eml. Only the buttons: what they do is MessageActions, so the
// reader decides what is offered and the actions controller how it is done.
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { ParsedMessage } from '../../mail/types.js';
import type { ResponseMode } from '../../state/types.js';
import { icons } from '../shared/icons.js';

/** What the toolbar's buttons do; each reports its own failure. */
export interface MessageActions {
  /** Back to the list (phone layout). */
  close(): void;
  /** SEND-5/6: Reply, Reply all, Forward, Forward as attachment. */
  respond(parsed: ParsedMessage, mode: ResponseMode): Promise<void>;
  /** SEND-2: a draft opens in the composer. */
  editDraft(parsed: ParsedMessage): Promise<void>;
  /** TEMPLATE-3: Use this template (`shown`), or Reply with template (`original`). */
  startFromTemplate(original: ParsedMessage | null, shown?: ParsedMessage): Promise<void>;
  /** VIEW-6. */
  print(parsed: ParsedMessage): Promise<void>;
  downloadEml(): Promise<void>;
}

/** What the toolbar shows. */
export interface MessageToolsView {
  /** The message shown; null when it could not be read (no responses, no Print). */
  parsed: ParsedMessage | null;
  /** The folder of the stored message shown: Templates and Drafts get their own button. */
  folderId: string | undefined;
  /** Back to the list (not in a read-only reader, nor one inside a thread). */
  canClose: boolean;
  /** Responses need the compose service and a reader that is not read-only. */
  canRespond: boolean;
  /** Download .eml: a stored message in a reader that is not read-only. */
  canDownload: boolean;
  actions: MessageActions;
}

function renderResponses(v: MessageToolsView, parsed: ParsedMessage): TemplateResult {
  const actions = v.actions;
  if (v.folderId === 'templates') {
    return html`<button
      data-testid="reader-use-template"
      @click=${() => void actions.startFromTemplate(null, parsed)}
    >
      ${icons.template} ${msg('Use this template', { id: 'reader.useTemplate' })}
    </button>`;
  }
  if (v.folderId === 'drafts') {
    return html`<button
      data-testid="reader-edit-draft"
      @click=${() => void actions.editDraft(parsed)}
    >
      ${icons.draft} ${msg('Edit draft', { id: 'reader.editDraft' })}
    </button>`;
  }
  const buttons: [ResponseMode, string, keyof typeof icons][] = [
    ['reply', msg('Reply', { id: 'reader.reply' }), 'reply'],
    ['reply-all', msg('Reply all', { id: 'reader.replyAll' }), 'replyAll'],
    ['forward', msg('Forward', { id: 'reader.forward' }), 'forward'],
    ['forward-attached', msg('Forward as attachment', { id: 'reader.forwardAttached' }), 'forward'],
  ];
  return html`${buttons.map(
      ([mode, label, icon]) =>
        html`<button
          data-testid="reader-${mode}"
          @click=${() => void actions.respond(parsed, mode)}
        >
          ${icons[icon]} ${label}
        </button>`,
    )}<button
      data-testid="reader-reply-template"
      @click=${() => void actions.startFromTemplate(parsed)}
    >
      ${icons.template} ${msg('Reply with template', { id: 'reader.replyTemplate' })}
    </button>`;
}

/** The toolbar above the headers. */
export function renderTools(v: MessageToolsView): TemplateResult {
  const parsed = v.parsed;
  return html`<div class="tools">
    ${
      v.canClose
        ? html`<button class="back" @click=${() => v.actions.close()}>
            ${icons.back} ${msg('Back to the list', { id: 'reader.back' })}
          </button>`
        : nothing
    }
    ${parsed && v.canRespond ? renderResponses(v, parsed) : nothing}
    ${
      parsed
        ? html`<button @click=${() => void v.actions.print(parsed)}>
            ${icons.print} ${msg('Print', { id: 'reader.print' })}
          </button>`
        : nothing
    }
    ${
      v.canDownload
        ? html`<button @click=${() => void v.actions.downloadEml()}>
            ${msg('Download .eml', { id: 'reader.downloadEml' })}
          </button>`
        : nothing
    }
  </div>`;
}
