// Parsing entry points. Pure: runs in the parse worker in the browser and in-process in
// Node tests. Never throws for bad mail; returns UnparseableMessage with the raw text.
import type {
  DisplayPart,
  MailParser,
  MessageSummary,
  ParsedMessage,
  UnparseableMessage,
} from './types.js';
import {
  MAX_MESSAGE_BYTES,
  MAX_RAW_TEXT_CHARS,
  MAX_RFC822_DEPTH,
  PREVIEW_CHARS,
} from './limits.js';
import { parseMimeTree } from './mime-tree.js';
import { hardenHeaders, headersWithLenientCharset } from './headers.js';
import { walkNode } from './walk.js';
import { decodeLenient, htmlToPlainText, makePreview } from './text.js';

import { PARSER_VERSION } from './version.js';

export { PARSER_VERSION };

const MIB = 1024 * 1024;
/** RFC 5322 §3.6.8 field-name: printable ASCII except the colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

function unparseable(raw: Uint8Array, error: string): UnparseableMessage {
  const shown = raw.byteLength > MAX_RAW_TEXT_CHARS ? raw.subarray(0, MAX_RAW_TEXT_CHARS) : raw;
  const note =
    shown === raw ? '' : `\n\n[… ${raw.byteLength - shown.byteLength} more bytes not shown]`;
  return { parserVersion: PARSER_VERSION, error, rawText: decodeLenient(shown) + note };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function previewOf(parts: DisplayPart[]): string {
  for (const p of parts) {
    const text =
      p.kind === 'text'
        ? p.text
        : p.kind === 'html'
          ? htmlToPlainText(p.html)
          : p.message.summary.preview;
    const preview = makePreview(text, PREVIEW_CHARS);
    if (preview) return preview;
  }
  return '';
}

/** A message over the size limit is not parsed at all. */
function refuseEarly(raw: Uint8Array): UnparseableMessage | null {
  if (raw.byteLength <= MAX_MESSAGE_BYTES) return null;
  const size = (raw.byteLength / MIB).toFixed(1);
  return unparseable(
    raw,
    `Message too large: ${size} MB is over the ${MAX_MESSAGE_BYTES / MIB} MB limit.`,
  );
}

function noHeaders(raw: Uint8Array): UnparseableMessage {
  return unparseable(raw, 'No header fields found: this does not look like an e-mail message.');
}

/**
 * `textOnly`: parts other than text and messages are not decoded, and their attachments
 * come out with empty content and size 0 — for a summary, which never reads them.
 */
async function parseAt(
  raw: Uint8Array,
  prefix: string,
  rfc822Depth: number,
  textOnly = false,
): Promise<ParsedMessage | UnparseableMessage> {
  const early = refuseEarly(raw);
  if (early) return early;
  try {
    const tree = await parseMimeTree(raw, prefix, textOnly);
    if (!tree.email.headers.some((h) => FIELD_NAME.test(h.originalKey))) return noHeaders(raw);
    const h = hardenHeaders(await headersWithLenientCharset(raw, tree.email), raw);
    const parts: DisplayPart[] = [];
    const attachments: ParsedMessage['attachments'] = [];
    await walkNode(tree.root, {
      parts,
      attachments,
      parseNested: (bytes, partId) =>
        rfc822Depth + 1 > MAX_RFC822_DEPTH
          ? Promise.resolve(null)
          : parseAt(bytes, partId, rfc822Depth + 1, textOnly),
    });
    const warnings = [...h.warnings];
    if (tree.truncated) warnings.push('limit-exceeded');
    const hasAttachment =
      attachments.some((a) => !a.related) ||
      parts.some((p) => p.kind === 'message' && p.message.summary.hasAttachment);
    const summary: MessageSummary = {
      messageId: h.messageId,
      subject: h.subject,
      from: h.from,
      to: h.to,
      cc: h.cc,
      sentAt: h.sentAt,
      preview: previewOf(parts),
      hasAttachment,
      priority: h.priority,
      inReplyTo: h.inReplyTo,
      references: h.references,
      warnings,
    };
    return {
      parserVersion: PARSER_VERSION,
      summary,
      replyTo: h.replyTo,
      bcc: h.bcc,
      headers: h.headers,
      dispositionNotificationTo: h.dispositionNotificationTo,
      parts,
      attachments,
    };
  } catch (e) {
    // postal-mime rejects on nesting depth and header size; anything else is a bug in
    // a corner of the parser, and the user still deserves to see the source.
    return unparseable(raw, `Could not parse this message: ${errorText(e)}`);
  }
}

/**
 * The display parts of a message and nothing else: no header hardening, no preview, nested
 * messages left unparsed. What the search index reads of a body (its first text part);
 * the same parts, up to nested messages, as parseMessage gives.
 */
export async function parseBodyParts(raw: Uint8Array): Promise<DisplayPart[] | UnparseableMessage> {
  const early = refuseEarly(raw);
  if (early) return early;
  try {
    const tree = await parseMimeTree(raw, '', true);
    if (!tree.email.headers.some((h) => FIELD_NAME.test(h.originalKey))) return noHeaders(raw);
    const parts: DisplayPart[] = [];
    await walkNode(tree.root, { parts, attachments: [], parseNested: () => Promise.resolve(null) });
    return parts;
  } catch (e) {
    return unparseable(raw, `Could not parse this message: ${errorText(e)}`);
  }
}

export function parseMessage(raw: Uint8Array): Promise<ParsedMessage | UnparseableMessage> {
  return parseAt(raw, '', 0);
}

export async function summarizeMessage(
  raw: Uint8Array,
): Promise<MessageSummary | UnparseableMessage> {
  // Attachments' bytes are not part of a summary: not decoded (the same summary).
  const parsed = await parseAt(raw, '', 0, true);
  return 'error' in parsed ? parsed : parsed.summary;
}

/** The in-process parser (Node, tests, and inside the worker itself). */
export function createInlineParser(): MailParser {
  return { parse: parseMessage, summarize: summarizeMessage };
}
