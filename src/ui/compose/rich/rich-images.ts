// SEND-4/SEND-16: the images of a rich document. In the editor an image shows a blob: or
// data: URL and carries the Content-ID of the part it will travel as; sending rewrites
// its src to cid:, and a reopened draft points its cid: images at fresh blob: URLs.
import { getHTMLFromFragment } from '@tiptap/core';
import type { Editor } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';

export interface RichImage {
  /** What the editor shows: a blob: or data: URL. */
  src: string;
  alt?: string;
  /** The Content-ID (without "cid:" or brackets) of the part the image travels as (SEND-4). */
  contentId?: string;
}

interface ImageAttrs {
  src: string;
  alt: string | null;
  contentId: string | null;
}

const attrsOf = (node: PmNode): ImageAttrs | null =>
  node.type.name === 'image' ? (node.attrs as ImageAttrs) : null;

/** A transaction (not applied) in which `change` may give each image new attributes. */
function rewriteImages(editor: Editor, change: (a: ImageAttrs) => Partial<ImageAttrs> | null) {
  const tr = editor.state.tr;
  editor.state.doc.descendants((node, pos) => {
    const attrs = attrsOf(node);
    const next = attrs ? change(attrs) : null;
    if (next) tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...next });
  });
  return tr;
}

/** Applies image changes to the document; they are bookkeeping, not undoable edits. */
export function updateImages(
  editor: Editor,
  change: (a: ImageAttrs) => Partial<ImageAttrs> | null,
): void {
  const tr = rewriteImages(editor, change);
  if (tr.docChanged) editor.view.dispatch(tr.setMeta('addToHistory', false));
}

export function listImages(editor: Editor): Required<RichImage>[] {
  const out: Required<RichImage>[] = [];
  editor.state.doc.descendants((node) => {
    const a = attrsOf(node);
    if (a) out.push({ src: a.src, alt: a.alt ?? '', contentId: a.contentId ?? '' });
  });
  return out;
}

/** The HTML to send: images with a Content-ID get src="cid:<id>"; the editor is unchanged. */
export function htmlForSending(editor: Editor): string {
  const tr = rewriteImages(editor, (a) => (a.contentId ? { src: `cid:${a.contentId}` } : null));
  // The empty paragraph the editor keeps at the end for the cursor is not content.
  return getHTMLFromFragment(tr.doc.content, editor.schema).replace(/(?:<p><\/p>)+$/, '');
}
