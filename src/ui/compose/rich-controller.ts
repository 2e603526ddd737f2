import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DocumentService, DraftAttachment } from '../../state/types.js';
import type { BzRichEditor } from './rich/bz-rich-editor.js';

/** SEND-4: an inline image over this is "heavy" (the composer says so; it still goes). */
export const HEAVY_IMAGE_BYTES = 1024 * 1024;

/** What the controller needs of the composer. */
export interface RichHost {
  /** The editor element once rendered (null in plain-text mode). */
  editor(): BzRichEditor | null;
  text(): string;
  setText(text: string): void;
  documents(): DocumentService | undefined;
  /** A sentence for the user (a heavy image, a file that could not be kept). */
  warn(text: string): void;
  heavyImage(name: string, bytes: number): string;
}

interface InlineImage extends DraftAttachment {
  contentId: string;
  url: string;
}

/** Plain text as rich text: paragraphs, line breaks, and "> " runs as a blockquote. */
function plainToHtml(text: string, escape: (s: string) => string): string {
  const blocks: string[] = [];
  let quote: string[] = [];
  let para: string[] = [];
  const flushPara = () => {
    if (para.some((l) => l.trim())) blocks.push(`<p>${para.map(escape).join('<br>')}</p>`);
    para = [];
  };
  const flushQuote = () => {
    if (quote.length)
      blocks.push(`<blockquote type="cite">${plainToHtml(quote.join('\n'), escape)}</blockquote>`);
    quote = [];
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^>/.test(line)) {
      flushPara();
      quote.push(line.replace(/^> ?/, ''));
    } else {
      flushQuote();
      if (line.trim() === '') flushPara();
      else para.push(line);
    }
  }
  flushPara();
  flushQuote();
  return blocks.join('');
}

/**
 * SEND-5: a reply's text as rich text with the original quoted as it looked: what the
 * user wrote before the attribution line, the sanitized original in a blockquote, and
 * whatever follows the plain quote (a signature at the bottom). Falls back to the plain
 * conversion when the plain quote is no longer there as written.
 */
function withHtmlQuote(
  text: string,
  quoted: { html: string; attribution: string },
  escape: (s: string) => string,
  quote: (original: { kind: 'html'; html: string }, attribution: string) => string,
): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const at = lines.indexOf(quoted.attribution);
  if (at < 0) return plainToHtml(text, escape);
  let end = at + 1;
  while (end < lines.length && (lines[end] ?? '').startsWith('>')) end++;
  return (
    plainToHtml(lines.slice(0, at).join('\n'), escape) +
    quote({ kind: 'html', html: quoted.html }, quoted.attribution) +
    plainToHtml(lines.slice(end).join('\n'), escape)
  );
}

/**
 * SEND-3, SEND-4 in the composer: rich text for this message (the editor loads only when
 * chosen: plain-text users never download it), the images it shows inline (kept here
 * with their Content-IDs, a copy filed in Documents → Mail images), and what Send takes.
 */
export class RichController implements ReactiveController {
  on = false;
  /** The editor's HTML as last reported (what a re-render hands back to it). */
  html = '';
  private readonly images = new Map<string, InlineImage>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly access: RichHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.reset();
  }

  /** A message closes or another opens: plain text, no images. */
  reset(): void {
    for (const img of this.images.values()) URL.revokeObjectURL(img.url);
    this.images.clear();
    this.on = false;
    this.html = '';
  }

  /**
   * Rich text on: from `html` (a rich draft, with its inline images) or from the plain
   * text written so far. Loads the editor first.
   */
  async enable(
    html?: string,
    inline: readonly DraftAttachment[] = [],
    quoted?: { html: string; attribution: string },
  ): Promise<void> {
    const [, { escapeHtml, quoteHtml }] = await Promise.all([
      import('./rich/bz-rich-editor.js'),
      import('./rich/quote.js'),
    ]);
    for (const a of inline) {
      if (!a.contentId) continue;
      const url = URL.createObjectURL(
        new Blob([a.bytes as Uint8Array<ArrayBuffer>], { type: a.type }),
      );
      this.images.set(a.contentId, { ...a, contentId: a.contentId, url });
    }
    this.html =
      html ??
      (quoted
        ? withHtmlQuote(this.access.text(), quoted, escapeHtml, quoteHtml)
        : plainToHtml(this.access.text(), escapeHtml));
    this.on = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    // A saved draft shows its images by cid:; the editor gets them back as blob: URLs.
    this.access.editor()?.setImageSources((cid) => this.images.get(cid)?.url ?? null);
  }

  /** Back to plain text: the formatting goes, the words stay. */
  async disable(): Promise<void> {
    const { htmlToText } = await import('../../mail/html-to-text.js');
    this.access.setText(htmlToText(this.html));
    this.reset();
    this.host.requestUpdate();
  }

  onInput(html: string, text: string): void {
    this.html = html;
    this.access.setText(text);
  }

  /** SEND-4: image files for the text: kept, filed in Mail images, shown where the cursor is. */
  async addImages(files: readonly File[]): Promise<void> {
    for (const file of files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const contentId = `${crypto.randomUUID()}@buzon`;
      const url = URL.createObjectURL(file);
      const image: InlineImage = {
        filename: file.name || 'image',
        type: file.type,
        bytes,
        contentId,
        url,
      };
      this.images.set(contentId, image);
      this.access.editor()?.insertImage({ src: url, alt: image.filename, contentId });
      if (bytes.byteLength > HEAVY_IMAGE_BYTES)
        this.access.warn(this.access.heavyImage(image.filename, bytes.byteLength));
      await this.access
        .documents()
        ?.saveDocument(image.filename, image.type, bytes, 'mail-images')
        .catch(() => undefined);
    }
  }

  /**
   * SEND-16 "Insert signature" in rich text, at the cursor: the identity's rich signature
   * (its images are data: URLs; Send turns them into parts), else the text one as HTML.
   */
  async insertSignature(signature: string, htmlSignature = ''): Promise<void> {
    const { signatureHtml } = await import('./rich/quote.js');
    const html = htmlSignature.trim()
      ? `${signatureHtml('').replace(/<br><\/p>$/, '</p>')}${htmlSignature}`
      : signatureHtml(signature);
    this.access.editor()?.insertHtmlAtCursor(html);
  }

  /** SEND-16: the automatic signature at the end of a new rich message. */
  async appendSignature(signature: string, htmlSignature = ''): Promise<void> {
    const tiptap = this.access.editor()?.editor;
    if (!tiptap) return;
    tiptap.commands.focus('end');
    await this.insertSignature(signature, htmlSignature);
    tiptap.commands.focus('start');
  }

  /** SEND-16: a signature's data: images become parts of their own (cid:) before Send. */
  private adoptDataImages(editor: BzRichEditor): void {
    editor.setImageContentIds((src) => {
      const m = /^data:(image\/[a-z0-9.+-]+);base64,(.*)$/i.exec(src);
      if (!m) return null;
      const contentId = `${crypto.randomUUID()}@buzon`;
      const bytes = Uint8Array.from(atob(m[2] ?? ''), (c) => c.charCodeAt(0));
      const type = (m[1] ?? 'image/png').toLowerCase();
      const filename = `signature.${type.split('/')[1] ?? 'png'}`;
      this.images.set(contentId, { filename, type, bytes, contentId, url: src });
      return contentId;
    });
  }

  /** What Send and Save take: the HTML with cid: sources, and the images still in the text. */
  forSending(): { html: string; inline: DraftAttachment[] } | null {
    const editor = this.access.editor();
    if (!this.on || !editor) return null;
    this.adoptDataImages(editor);
    const present = new Set(editor.listImages().map((i) => i.contentId));
    const inline = [...this.images.values()]
      .filter((i) => present.has(i.contentId))
      .map(({ filename, type, bytes, contentId }) => ({ filename, type, bytes, contentId }));
    return { html: editor.getHtmlForSending(), inline };
  }
}
