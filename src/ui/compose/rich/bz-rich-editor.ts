import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { Editor } from '@tiptap/core';
import type { EditorView } from '@tiptap/pm/view';
import { htmlToText } from '../../../mail/html-to-text.js';
import { baseStyles } from '../../shared/styles.js';
import { BzRichImageFilesEvent } from './bz-rich-image-files.js';
import { BzRichInputEvent } from './bz-rich-input.js';
import { linkFromInput } from './link-url.js';
import { richExtensions } from './rich-extensions.js';
import { htmlForSending, listImages, updateImages } from './rich-images.js';
import type { RichImage } from './rich-images.js';
import { proseMirrorStyles, richEditorStyles } from './rich-styles.js';
import { renderToolbar } from './rich-toolbar.js';

export type { RichImage } from './rich-images.js';

const imageFiles = (files: FileList | null | undefined): File[] =>
  [...(files ?? [])].filter((f) => f.type.startsWith('image/'));

/**
 * SEND-3/SEND-4/SEND-16: the rich-text body of the composer — a tiptap (ProseMirror) editor
 * whose schema admits only the formatting the toolbar offers, so pasted HTML is rebuilt
 * from those nodes and marks and nothing else. Load it with `import()` only when the user
 * switches to rich text: plain-text users never download it.
 *
 * @fires bz-rich-input - on every change, with the HTML and its plain-text alternative
 * @fires bz-rich-image-files - image files pasted, dropped or picked; the composer inserts them
 */
@customElement('bz-rich-editor')
@localized()
export class BzRichEditor extends LitElement {
  static override styles = [baseStyles, proseMirrorStyles, richEditorStyles];

  /** The content as HTML; setting it replaces the document (without a bz-rich-input). */
  @property() html = '';
  @property() placeholder = '';
  @state() linkOpen = false;
  @state() private linkError = '';
  @query('#rich-image-input') private imageInput!: HTMLInputElement;
  @query('#rich-link-input') private linkInput?: HTMLInputElement;
  private instance: Editor | null = null;
  /** ProseMirror's mount point, made once and rendered as a node so Lit never touches its content. */
  private readonly surface = Object.assign(document.createElement('div'), { className: 'body' });

  /** The tiptap editor; exists once the element has rendered and while it is connected. */
  get editor(): Editor {
    if (!this.instance) throw new Error('bz-rich-editor is not mounted');
    return this.instance;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // First connection, or moved in the DOM (the view is destroyed on disconnect).
    if (!this.instance) this.mount();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.instance) this.html = this.instance.getHTML();
    this.instance?.destroy();
    this.instance = null;
  }

  // Before render, so replacing the document and showing its state is one update.
  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const editor = this.instance;
    if (!editor) return;
    const same = this.html === editor.getHTML() || (this.html === '' && editor.isEmpty);
    if (changed.has('html') && !same) {
      editor.commands.setContent(this.html, { emitUpdate: false });
    }
    if (changed.has('placeholder')) this.setAriaLabel();
  }

  override focus(): void {
    this.instance?.commands.focus();
  }

  /** SEND-16: inserts HTML (a signature) where the cursor is; the schema filters it. */
  insertHtmlAtCursor(html: string): void {
    this.instance?.chain().focus().insertContent(html).run();
  }

  /** SEND-4: inserts an image at the cursor; `contentId` is kept for getHtmlForSending. */
  insertImage(image: RichImage): void {
    const attrs = { src: image.src, alt: image.alt ?? '', contentId: image.contentId ?? null };
    this.instance?.chain().focus().insertContent({ type: 'image', attrs }).run();
  }

  /** Every image in the document, so the composer sends only the parts still referenced. */
  listImages(): Required<RichImage>[] {
    return this.instance ? listImages(this.instance) : [];
  }

  /**
   * Points images at new sources by Content-ID — e.g. a reopened draft's cid: images at
   * fresh blob: URLs. `resolve` returns null to leave an image as it is.
   */
  setImageSources(resolve: (contentId: string) => string | null): void {
    if (!this.instance) return;
    updateImages(this.instance, (a) => {
      const src = a.contentId ? resolve(a.contentId) : null;
      return src ? { src } : null;
    });
  }

  /**
   * Gives Content-IDs to images that have none (a data: image from a signature or a quote),
   * so they too travel as parts. `assign` gets the src and returns an id, or null to skip.
   */
  setImageContentIds(assign: (src: string) => string | null): void {
    if (!this.instance) return;
    updateImages(this.instance, (a) => {
      const contentId = a.contentId ? null : assign(a.src);
      return contentId ? { contentId } : null;
    });
  }

  /** SEND-4: the HTML to send: every image with a Content-ID has src="cid:<id>". */
  getHtmlForSending(): string {
    return this.instance ? htmlForSending(this.instance) : this.html;
  }

  openLink(): void {
    this.linkOpen = true;
    this.linkError = '';
    void this.updateComplete.then(() => {
      const input = this.linkInput;
      if (!input) return;
      input.value = (this.editor.getAttributes('link') as { href?: string }).href ?? '';
      input.focus();
      input.select();
    });
  }

  pickImage(): void {
    this.imageInput.click();
  }

  private mount(): void {
    this.instance = new Editor({
      element: this.surface,
      content: this.html,
      injectCSS: false,
      extensions: richExtensions(() => this.openLink()),
      editorProps: {
        attributes: { 'aria-multiline': 'true', 'data-testid': 'rich-body' },
        handlePaste: (_view: EditorView, e: ClipboardEvent) =>
          // Copied HTML (with or without images in it) is parsed by the schema; only bare
          // image files (a screenshot, a copied picture) go to the composer.
          !e.clipboardData?.types.includes('text/html') &&
          this.offerImages(e, e.clipboardData?.files),
        handleDrop: (_view: EditorView, e: DragEvent, _slice: unknown, moved: boolean) =>
          !moved && this.offerImages(e, e.dataTransfer?.files),
      },
      onUpdate: ({ editor }) => {
        const html = editor.getHTML();
        this.html = html;
        this.dispatchEvent(new BzRichInputEvent(html, htmlToText(html)));
      },
      onTransaction: () => this.requestUpdate(),
    });
    this.setAriaLabel();
  }

  private setAriaLabel(): void {
    const label = this.placeholder || msg('Message text', { id: 'compose.body' });
    this.instance?.view.dom.setAttribute('aria-label', label);
  }

  /** Image files go to the composer; other files fall through to its attachment handling. */
  private offerImages(e: Event, files: FileList | null | undefined): boolean {
    const images = imageFiles(files);
    if (images.length === 0 || images.length !== (files?.length ?? 0)) return false;
    e.stopPropagation();
    this.dispatchEvent(new BzRichImageFilesEvent(images));
    return true;
  }

  private onImageChosen(e: Event): void {
    const input = e.target as HTMLInputElement;
    const images = imageFiles(input.files);
    input.value = '';
    if (images.length > 0) this.dispatchEvent(new BzRichImageFilesEvent(images));
  }

  private applyLink(e: SubmitEvent): void {
    e.preventDefault();
    const href = linkFromInput(this.linkInput?.value ?? '');
    if (!href) {
      this.linkError = msg('Only web (http, https) and mailto: links can be added.', {
        id: 'rich.linkInvalid',
      });
      return;
    }
    const editor = this.editor;
    const chain = editor.chain().focus();
    if (editor.state.selection.empty && !editor.isActive('link')) {
      chain
        .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
        .run();
    } else {
      chain.extendMarkRange('link').setLink({ href }).run();
    }
    this.closeLink();
  }

  private removeLink(): void {
    this.editor.chain().focus().extendMarkRange('link').unsetLink().run();
    this.closeLink();
  }

  private closeLink(): void {
    this.linkOpen = false;
    this.linkError = '';
    this.instance?.commands.focus();
  }

  private renderLinkForm() {
    return html`<form
      class="link"
      data-testid="rich-link-form"
      @submit=${this.applyLink}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.preventDefault(), this.closeLink())}
    >
      <label for="rich-link-input">${msg('Link address', { id: 'rich.linkAddress' })}</label>
      <input
        id="rich-link-input"
        type="text"
        inputmode="url"
        autocomplete="url"
        spellcheck="false"
        placeholder="https://…"
        aria-describedby="rich-link-error"
        data-testid="rich-link-input"
      />
      <button type="submit" class="primary">${msg('Apply', { id: 'rich.linkApply' })}</button>
      ${
        this.instance?.isActive('link')
          ? html`<button type="button" @click=${this.removeLink}>
              ${msg('Remove link', { id: 'rich.linkRemove' })}
            </button>`
          : nothing
      }
      <button type="button" @click=${this.closeLink}>
        ${msg('Cancel', { id: 'common.cancel' })}
      </button>
      <p id="rich-link-error" class="error" role="alert" data-testid="rich-link-error">
        ${this.linkError}
      </p>
    </form>`;
  }

  override render() {
    const editor = this.instance;
    return html`
      ${editor ? renderToolbar(this) : nothing}
      ${this.linkOpen && editor ? this.renderLinkForm() : nothing}
      <input
        id="rich-image-input"
        type="file"
        accept="image/*"
        multiple
        hidden
        @change=${this.onImageChosen}
      />
      <div class="frame">
        ${
          this.placeholder && (!editor || editor.isEmpty)
            ? html`<p class="placeholder" aria-hidden="true">${this.placeholder}</p>`
            : nothing
        }
        ${this.surface}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bz-rich-editor': BzRichEditor;
  }
}
