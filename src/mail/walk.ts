// Display decisions over the MIME tree. We never show postal-mime's concatenated `html`:
// each displayable part becomes its own DisplayPart (its own sandboxed frame).
import type { AttachmentInfo, DisplayPart, ParsedMessage, UnparseableMessage } from './types.js';
import type { MimeTreeNode } from './mime-tree.js';
import { sanitizeFilename } from './filename.js';
import { cleanBodyText } from './text.js';

export interface WalkContext {
  parts: DisplayPart[];
  attachments: AttachmentInfo[];
  /** Parses an inline message/rfc822 part, or returns null when it must stay an attachment. */
  parseNested(
    bytes: Uint8Array,
    partId: string,
  ): Promise<ParsedMessage | UnparseableMessage | null>;
}

const EXTENSIONS: Record<string, string> = {
  'message/rfc822': 'eml',
  'message/global': 'eml',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** RFC 2046 message/rfc822 and its RFC 6532 UTF-8 sibling. */
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);

function isText(node: MimeTreeNode): boolean {
  return node.mimeType === 'text/plain' || node.mimeType === 'text/html';
}

/** Displayable text: not marked as an attachment, and not a named file after the body. */
function isBodyText(node: MimeTreeNode, ctx: WalkContext): boolean {
  if (!isText(node) || node.disposition === 'attachment') return false;
  return !(node.filename && node.disposition !== 'inline' && ctx.parts.length > 0);
}

function addAttachment(node: MimeTreeNode, ctx: WalkContext, related: boolean): void {
  if (!node.content) return;
  const ext = EXTENSIONS[node.mimeType];
  const fallback = `part-${node.partId || '1'}${ext ? `.${ext}` : ''}`;
  ctx.attachments.push({
    partId: node.partId,
    filename: sanitizeFilename(node.filename, fallback),
    originalFilename: node.filename,
    mimeType: node.mimeType,
    size: node.content.byteLength,
    contentId: node.contentId,
    related,
    content: node.content,
  });
}

/** How well an alternative can be shown: 2 = HTML (maybe inside related/mixed), 1 = text, 0 = not. */
function alternativeRank(node: MimeTreeNode): number {
  if (node.multipart) {
    return node.children.reduce((best, c) => Math.max(best, alternativeRank(c)), 0);
  }
  if (node.disposition === 'attachment') return 0;
  if (node.mimeType === 'text/html') return 2;
  if (node.mimeType === 'text/plain') return 1;
  return 0;
}

async function walkAlternative(node: MimeTreeNode, ctx: WalkContext): Promise<void> {
  // RFC 2046 §5.1.4: alternatives come in increasing faithfulness, so the last of the best rank wins.
  let chosen: MimeTreeNode | null = null;
  let bestRank = 0;
  for (const child of node.children) {
    const rank = alternativeRank(child);
    if (rank > 0 && rank >= bestRank) {
      chosen = child;
      bestRank = rank;
    }
  }
  if (!chosen) {
    // Nothing we can show as a body: list every alternative rather than hide it.
    for (const child of node.children) await walkNode(child, ctx);
    return;
  }
  for (const child of node.children) {
    if (child === chosen) await walkNode(child, ctx);
    // An invitation (text/calendar) beside the body is something the user can open.
    else if (!child.multipart && !isText(child)) addAttachment(child, ctx, false);
  }
}

function cidsReferenced(parts: DisplayPart[]): Set<string> {
  const cids = new Set<string>();
  for (const p of parts) {
    if (p.kind !== 'html') continue;
    for (const m of p.html.matchAll(/cid:([^"'\s)>]+)/gi)) cids.add(decodeCid(m[1]).toLowerCase());
  }
  return cids;
}

export function decodeCid(cid: string): string {
  try {
    return decodeURIComponent(cid);
  } catch {
    return cid;
  }
}

async function walkRelated(node: MimeTreeNode, ctx: WalkContext): Promise<void> {
  // RFC 2387: the root is named by the `start` parameter, else it is the first part.
  const start = node.params.start?.replace(/^<|>$/g, '');
  const root = node.children.find((c) => start && c.contentId === start) ?? node.children[0];
  if (!root) return;
  const before = ctx.parts.length;
  await walkNode(root, ctx);
  const referenced = cidsReferenced(ctx.parts.slice(before));
  for (const child of node.children) {
    if (child === root) continue;
    if (child.multipart) {
      await walkNode(child, ctx);
      continue;
    }
    // A resource the HTML does not use is shown as a normal attachment, so nothing is hidden.
    const used = child.contentId !== null && referenced.has(child.contentId.toLowerCase());
    addAttachment(child, ctx, used);
  }
}

export async function walkNode(node: MimeTreeNode, ctx: WalkContext): Promise<void> {
  switch (node.multipart) {
    case null:
      return walkLeaf(node, ctx);
    case 'alternative':
      return walkAlternative(node, ctx);
    case 'related':
      return walkRelated(node, ctx);
    default:
      // mixed, digest, signed, report and unknown subtypes (RFC 2046: treat as mixed).
      for (const child of node.children) await walkNode(child, ctx);
  }
}

async function walkLeaf(node: MimeTreeNode, ctx: WalkContext): Promise<void> {
  if (MESSAGE_TYPES.has(node.mimeType) && node.disposition !== 'attachment' && node.content) {
    const nested = await ctx.parseNested(node.content, node.partId);
    if (nested && !('error' in nested)) {
      ctx.parts.push({ kind: 'message', message: nested });
      return;
    }
  } else if (isBodyText(node, ctx)) {
    const text = cleanBodyText(node.text());
    ctx.parts.push(
      node.mimeType === 'text/html'
        ? { kind: 'html', html: text }
        : { kind: 'text', text, flowed: node.flowed },
    );
    return;
  }
  addAttachment(node, ctx, false);
}
