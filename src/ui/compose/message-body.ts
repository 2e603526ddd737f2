import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { DraftInput } from '../../state/types.js';
import type { RichController } from './rich-controller.js';
import type { BzRichInputEvent } from './rich/bz-rich-input.js';
import type { BzRichImageFilesEvent } from './rich/bz-rich-image-files.js';

/** What the message text shows, and where its changes go. */
export interface MessageBodyView {
  rich: RichController;
  /** The plain text as written. */
  text: string;
  /** SEND-5: a reply's original as HTML, quoted as it looked when rich text is switched on. */
  quotedHtml: DraftInput['quotedHtml'];
  /** The plain text changed. */
  setText(text: string): void;
  /** The rich text changed (the rich controller already has it). */
  richEdited(): void;
  /** An image that could not be added to the rich text. */
  failed(err: unknown): void;
}

/**
 * SEND-3: the message text's label, the Rich text switch, and the plain-text field or the
 * rich editor (loaded when chosen). A rendering helper: the state is the rich controller's
 * and the composer's.
 */
export function messageBody(v: MessageBodyView): TemplateResult {
  const rich = v.rich;
  const toggle = html`<button
    type="button"
    class="rich-toggle"
    data-testid="compose-rich-toggle"
    aria-pressed=${rich.on ? 'true' : 'false'}
    @click=${() => void (rich.on ? rich.disable() : rich.enable(undefined, [], v.quotedHtml))}
  >
    ${msg('Rich text', { id: 'compose.richText' })}
  </button>`;
  const editor = rich.on
    ? html`<bz-rich-editor
        id="body"
        data-testid="compose-rich"
        .html=${rich.html}
        placeholder=${msg('Message text', { id: 'compose.body' })}
        @bz-rich-input=${(e: BzRichInputEvent) => {
          rich.onInput(e.html, e.text);
          v.richEdited();
        }}
        @bz-rich-image-files=${(e: BzRichImageFilesEvent) =>
          void rich.addImages(e.files).catch((err: unknown) => v.failed(err))}
      ></bz-rich-editor>`
    : html`<textarea
        id="body"
        data-testid="compose-body"
        .value=${v.text}
        @input=${(e: InputEvent) => v.setText((e.target as HTMLTextAreaElement).value)}
      ></textarea>`;
  return html`<label for="body" class="visually-hidden"
      >${msg('Message text', { id: 'compose.body' })}</label
    >
    <div class="body-row">${toggle}</div>
    ${editor}`;
}
