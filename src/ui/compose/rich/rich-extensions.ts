// SEND-3/SEND-4: the rich editor's schema. Only the nodes and marks listed here exist in
// a document, so whatever HTML comes in — pasted from a web page, a quoted original, a
// signature — is rebuilt from them and everything else (scripts, handlers, forms, styles
// other than the few below) is gone by construction. The Link mark admits only http(s)
// and mailto hrefs; images only local sources (blob:, cid:, data:image), so nothing in
// the composer fetches from the network and every image can travel as a cid: part.
import { Extension } from '@tiptap/core';
import type { Extensions } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import TextAlign from '@tiptap/extension-text-align';
import { Color, FontFamily, FontSize, TextStyle } from '@tiptap/extension-text-style';
import StarterKit from '@tiptap/starter-kit';
import { isSafeLinkUrl } from './link-url.js';

/** Image sources the editor keeps: the composer's own blobs, parts of the message, inline data. */
const LOCAL_IMAGE_SRC = /^(?:blob:|cid:|data:image\/(?:png|jpeg|gif|webp|bmp|avif);base64,)/i;

export const ALIGNMENTS = ['left', 'center', 'right', 'justify'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

/** Font stacks every mail reader can show: system fonts only, each with a generic fallback. */
export const FONT_FAMILIES: readonly { label: string; value: string }[] = [
  { label: 'Arial', value: 'Arial, Helvetica, sans-serif' },
  { label: 'Georgia', value: 'Georgia, serif' },
  { label: 'Times New Roman', value: "'Times New Roman', Times, serif" },
  { label: 'Courier New', value: "'Courier New', Courier, monospace" },
  { label: 'Verdana', value: 'Verdana, Geneva, sans-serif' },
  { label: 'Tahoma', value: 'Tahoma, Geneva, sans-serif' },
  { label: 'Trebuchet MS', value: "'Trebuchet MS', Helvetica, sans-serif" },
];

/** Pixel sizes (mail readers ignore rem/em from a sender inconsistently); "normal" sets none. */
export const FONT_SIZES = { small: '12px', large: '18px', huge: '24px' } as const;
export type FontSizeName = keyof typeof FONT_SIZES;

/** A cid: src names its part; the data attribute is how the editor marks its own images. */
function contentIdOf(el: HTMLElement): string | null {
  const own = el.getAttribute('data-content-id');
  if (own) return own;
  const src = el.getAttribute('src') ?? '';
  return /^cid:/i.test(src) ? decodeURIComponent(src.slice(4)) : null;
}

/** SEND-4: inline images, kept only with a local source, carrying their Content-ID. */
export const MailImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      contentId: {
        default: null,
        parseHTML: contentIdOf,
        renderHTML: (attrs: { contentId?: string | null }) =>
          attrs.contentId ? { 'data-content-id': attrs.contentId } : {},
      },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'img[src]',
        getAttrs: (el: HTMLElement) =>
          LOCAL_IMAGE_SRC.test(el.getAttribute('src') ?? '') ? null : false,
      },
    ];
  },
  // The markdown rule ![alt](url) would insert remote images by typing.
  addInputRules() {
    return [];
  },
}).configure({ inline: true, allowBase64: true });

/** SEND-5: a reply's quote is <blockquote type="cite">, which readers draw as a quote bar. */
const CiteQuotes = Extension.create({
  name: 'bzCiteQuotes',
  addGlobalAttributes() {
    return [
      {
        types: ['blockquote'],
        attributes: {
          type: {
            default: null,
            parseHTML: (el: HTMLElement) => (el.getAttribute('type') === 'cite' ? 'cite' : null),
            renderHTML: (attrs: { type?: string | null }) =>
              attrs.type === 'cite' ? { type: 'cite' } : {},
          },
        },
      },
    ];
  },
});

/** The whole schema plus behaviour; `onLinkShortcut` runs on Ctrl/Cmd+K. */
export function richExtensions(onLinkShortcut: () => void): Extensions {
  return [
    StarterKit.configure({
      // Not offered by the toolbar, so not admitted: pasted code and headings become text.
      code: false,
      codeBlock: false,
      heading: false,
      horizontalRule: false,
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        isAllowedUri: (url) => isSafeLinkUrl(url),
        shouldAutoLink: (url) => isSafeLinkUrl(url) || isSafeLinkUrl(`https://${url}`),
      },
    }),
    TextStyle,
    Color,
    FontFamily,
    FontSize,
    TextAlign.configure({ types: ['paragraph'], alignments: [...ALIGNMENTS] }),
    MailImage,
    CiteQuotes,
    Extension.create({
      name: 'bzLinkShortcut',
      addKeyboardShortcuts: () => ({
        'Mod-k': () => {
          onLinkShortcut();
          return true;
        },
      }),
    }),
  ];
}
