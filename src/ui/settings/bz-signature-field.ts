import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
// Types only: the editor (~130 KB gzip) is loaded by import() when "Rich" is chosen.
import type { BzRichEditor } from '../compose/rich/bz-rich-editor.js';
import type { BzRichImageFilesEvent } from '../compose/rich/bz-rich-image-files.js';
import type { BzRichInputEvent } from '../compose/rich/bz-rich-input.js';
import { formatCount as count } from '../shared/format.js';
import { baseStyles } from '../shared/styles.js';

/**
 * A signature image travels inside the identity (kept on the server) and with every message
 * sent: a logo or a small photo, not a picture. 100 KB is about 137,000 characters as a
 * data: URL, so one such image still fits the proxy's limit below.
 */
export const MAX_SIGNATURE_IMAGE_BYTES = 100 * 1024;
/** The proxy's limit for `htmlSignature` (src/proxy/identities/model.ts; not importable here). */
export const MAX_HTML_SIGNATURE_CHARS = 200_000;
/** The proxy's limit for `textSignature` (same file). */
export const MAX_TEXT_SIGNATURE_CHARS = 10_000;
/** The image types the editor's schema keeps as data: URLs (rich-extensions.ts); no SVG (it can script). */
const IMAGE_TYPES = /^image\/(?:png|jpeg|gif|webp|bmp|avif)$/;
/** Room for `<img src="" alt="">` around a data: URL when estimating the size before inserting. */
const IMG_MARKUP_CHARS = 32;

type Mode = 'plain' | 'rich';
type ToText = (html: string) => string;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A plain signature as the rich one's start: blank lines part paragraphs, lines stay lines. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('');
}

function dataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the image'));
    reader.readAsDataURL(file);
  });
}

const kb = (bytes: number): number => Math.ceil(bytes / 1024);

/**
 * SEND-16: an identity's signature, "Plain text" or "Rich". Rich loads the composer's
 * editor on demand and keeps images inline as data: URLs (the signature is stored on the
 * server, so it cannot point at anything on this device). The plain signature of a rich
 * one is its faithful text, so plain-text messages still carry it. The form asks
 * `value()` at saving time. The HTML (from the server) is only ever shown through the
 * editor, whose schema rebuilds it from the few nodes it admits.
 */
@customElement('bz-signature-field')
@localized()
export class BzSignatureField extends LitElement {
  static override styles = [
    baseStyles,
    css`
      fieldset {
        display: grid;
        gap: 0.4rem;
        border: 0;
        margin: 0;
        padding: 0;
      }
      .modes {
        display: flex;
        gap: 1rem;
      }
      textarea {
        font: inherit;
        color: inherit;
        background: var(--bz-bg);
        border: 1px solid var(--bz-border);
        border-radius: 6px;
        padding: 0.3rem 0.5rem;
        resize: vertical;
      }
      textarea:focus-visible {
        outline: 2px solid var(--bz-focus);
        outline-offset: 1px;
      }
      .hint {
        color: var(--bz-muted);
        font-size: 0.85em;
        margin: 0;
      }
      .error {
        color: var(--bz-danger, #b00020);
        margin: 0;
      }
    `,
  ];

  /** The plain signature; set when the form opens, then what the user typed. */
  @property() text = '';
  /** The rich signature ('' for none); set when the form opens, then what the editor holds. */
  @property() html = '';
  @state() private mode: Mode = 'plain';
  /** Set once the editor module and the text converter are loaded. */
  @state() private toText: ToText | null = null;
  @state() private refusal = '';
  @query('bz-rich-editor') private editor?: BzRichEditor;

  override willUpdate(): void {
    // A saved rich signature reopens rich.
    if (!this.hasUpdated && this.html !== '') void this.choose('rich', false);
  }

  /** What to save — the text and the HTML ('' when plain) — or a sentence saying why not. */
  value(): { text: string; html: string } | string {
    let text = this.text;
    let html = '';
    if (this.mode === 'rich') {
      if (!this.toText)
        return msg('The rich-text editor is still loading.', { id: 'signature.loading' });
      html = this.editorHtml();
      text = this.toText(html).replace(/\s+$/, '');
      // An emptied editor keeps a paragraph for the cursor: that is no signature.
      if (text.trim() === '' && !/<img\b/i.test(html)) html = '';
    }
    if (html.length > MAX_HTML_SIGNATURE_CHARS) return this.tooLong(html.length);
    if (text.length > MAX_TEXT_SIGNATURE_CHARS) {
      const max = count(MAX_TEXT_SIGNATURE_CHARS);
      return msg(str`The signature’s text is longer than the ${max} characters the server keeps.`, {
        id: 'signature.textTooLong',
      });
    }
    return { text, html };
  }

  /**
   * What the editor shows, not what the form was opened with: a signature from the server
   * is saved back rebuilt by the editor's schema, with anything else (scripts, handlers,
   * remote images) left out.
   */
  private editorHtml(): string {
    const editor = this.editor;
    const html = editor?.isConnected && editor.hasUpdated ? editor.editor.getHTML() : this.html;
    // The empty paragraph the editor keeps at the end for the cursor is not content.
    return html.replace(/(?:<p><\/p>)+$/, '');
  }

  private tooLong(length: number) {
    const n = count(length);
    const max = count(MAX_HTML_SIGNATURE_CHARS);
    return msg(
      str`The signature takes ${n} characters; the server keeps at most ${max}. Remove an image or use a smaller one.`,
      { id: 'signature.tooLong' },
    );
  }

  /** `rebuild`: a user's switch, so text typed in plain mode starts the rich signature. */
  private async choose(mode: Mode, rebuild = true): Promise<void> {
    const leaving = this.mode;
    this.mode = mode;
    this.refusal = '';
    if (mode === 'plain') {
      // The words of the rich signature become the plain one, to edit further; the HTML is
      // kept as the editor had it, for a switch back.
      if (leaving === 'rich' && this.toText) {
        this.html = this.editorHtml();
        this.text = this.toText(this.html).replace(/\s+$/, '');
      }
      return;
    }
    try {
      const [, { htmlToText }] = await Promise.all([
        import('../compose/rich/bz-rich-editor.js'),
        import('../../mail/html-to-text.js'),
      ]);
      if (rebuild && (this.html === '' || htmlToText(this.html).trim() !== this.text.trim()))
        this.html = textToHtml(this.text);
      this.toText = htmlToText;
    } catch (err) {
      // Offline before the editor was ever cached: plain text still works.
      this.mode = 'plain';
      const why = err instanceof Error ? err.message : String(err);
      this.refusal = msg(str`The rich-text editor could not be loaded: ${why}`, {
        id: 'signature.loadError',
      });
    }
  }

  private onRichInput(e: BzRichInputEvent): void {
    this.html = e.html;
    this.text = e.text.replace(/\s+$/, '');
  }

  private async onImages(e: BzRichImageFilesEvent): Promise<void> {
    this.refusal = '';
    for (const file of e.files) {
      const name = file.name;
      if (!IMAGE_TYPES.test(file.type)) {
        this.refusal = msg(
          str`“${name}” cannot go in a signature: use a PNG, JPEG, GIF, WebP, BMP or AVIF image.`,
          { id: 'signature.imageType' },
        );
        continue;
      }
      if (file.size > MAX_SIGNATURE_IMAGE_BYTES) {
        const size = kb(file.size);
        const max = kb(MAX_SIGNATURE_IMAGE_BYTES);
        this.refusal = msg(
          str`“${name}” is ${size} KB: an image in a signature can be at most ${max} KB. Use a smaller one.`,
          { id: 'signature.imageTooBig' },
        );
        continue;
      }
      const src = await dataUrl(file);
      const after = this.html.length + src.length + IMG_MARKUP_CHARS;
      if (after > MAX_HTML_SIGNATURE_CHARS) {
        this.refusal = this.tooLong(after);
        continue;
      }
      this.editor?.insertImage({ src, alt: '' });
    }
  }

  private renderRich() {
    if (!this.toText)
      return html`<p class="hint" role="status">
        ${msg('Loading the rich-text editor…', { id: 'signature.loadingEditor' })}
      </p>`;
    const size = this.html.length;
    const imageMax = kb(MAX_SIGNATURE_IMAGE_BYTES);
    const max = count(MAX_HTML_SIGNATURE_CHARS);
    const now = count(size);
    return html`<bz-rich-editor
        data-testid="signature-rich-editor"
        .html=${this.html}
        placeholder=${msg('Your signature, with formatting and images', { id: 'signature.richPlaceholder' })}
        @bz-rich-input=${this.onRichInput}
        @bz-rich-image-files=${(e: BzRichImageFilesEvent) => void this.onImages(e)}
      ></bz-rich-editor>
      <p class="hint" data-testid="signature-size">
        ${msg(str`Images up to ${imageMax} KB each; the whole signature up to ${max} characters (now ${now}). Plain-text messages get its text.`, { id: 'signature.sizeHint' })}
      </p>
      ${size > MAX_HTML_SIGNATURE_CHARS ? html`<p class="error" role="alert">${this.tooLong(size)}</p>` : nothing}`;
  }

  override render() {
    const label = msg('Signature', { id: 'identities.signature' });
    const radio = (mode: Mode, text: string) =>
      html`<label>
        <input
          type="radio"
          name="signature-mode"
          data-testid=${`signature-${mode}`}
          .checked=${this.mode === mode}
          @change=${() => void this.choose(mode)}
        />
        ${text}
      </label>`;
    return html`<fieldset>
      <legend>${label}</legend>
      <div class="modes">
        ${radio('plain', msg('Plain text', { id: 'signature.plain' }))}
        ${radio('rich', msg('Rich (formatting and images)', { id: 'signature.rich' }))}
      </div>
      ${
        this.mode === 'rich'
          ? this.renderRich()
          : html`<textarea
                rows="4"
                aria-label=${label}
                data-testid="identity-signature"
                .value=${this.text}
                @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
              ></textarea>
              ${
                this.html !== ''
                  ? html`<p class="hint">
                      ${msg('Saved as plain text, the signature loses its formatting and images.', { id: 'signature.plainLoses' })}
                    </p>`
                  : nothing
              }`
      }
      ${this.refusal ? html`<p class="error" role="alert" data-testid="signature-error">${this.refusal}</p>` : nothing}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-signature-field': BzSignatureField;
  }
}
