// buildMessage: the bytes of an outgoing message, ready for Drafts, Sent and the proxy.
// Structure (SEND-3, SEND-4, ATTACH-1):
//   text only                 text/plain
//   + html                    multipart/alternative (text/plain, text/html)
//   + inline images           … text/html becomes multipart/related (text/html, images)
//   + attachments             multipart/mixed (the above, attachments…)
import { messageHeaders } from './headers.js';
import { attachmentPart, textPart } from './leaf.js';
import { mdnPart } from './mdn.js';
import { MAX_LINE_OCTETS } from './limits.js';
import { concat, headerBytes, multipart, type Part } from './part.js';
import { quotedPrintable, textToCrlf } from './transfer.js';
import type { OutgoingAttachment, OutgoingMessage } from './types.js';

const CRLF = new TextEncoder().encode('\r\n');
const CR = 13;
const LF = 10;
const SPACE = 0x20;
const TAB = 0x09;
const FROM_ = new TextEncoder().encode('From ');

/** How leaves are made: as buildMessage always did, or fit to be signed (PGP-2). */
interface Leaves {
  text(subtype: 'plain' | 'html', text: string): Part;
  attachment(a: OutgoingAttachment, disposition: 'attachment' | 'inline'): Part;
}

const PLAIN_LEAVES: Leaves = { text: textPart, attachment: attachmentPart };

function startsWithFrom(bytes: Uint8Array, at: number): boolean {
  return FROM_.every((c, k) => bytes[at + k] === c);
}

/**
 * True when `bytes` survive any transport unchanged, so a signature over them still
 * verifies (RFC 3156 §3): 7-bit, CRLF lines of at most 998 octets, no trailing
 * whitespace (some relays strip it) and no line starting "From " (mbox writers turn it
 * into ">From ").
 */
function transportSafe(bytes: Uint8Array): boolean {
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : CR;
    const atEnd = i === bytes.length;
    if (b === CR) {
      if (!atEnd && bytes[i + 1] !== LF) return false;
      const last = bytes[i - 1];
      if (i > lineStart && (last === SPACE || last === TAB)) return false;
      if (i - lineStart > MAX_LINE_OCTETS || startsWithFrom(bytes, lineStart)) return false;
      lineStart = i + 2;
      i++;
    } else if (b === LF || b === 0 || b >= 0x80) return false;
  }
  return true;
}

/**
 * PGP-2 leaves: text that would go out 7bit with a "From " line goes quoted-printable
 * instead (the builder's QP escapes it), and a message/* attachment that is not
 * transport-safe goes as application/octet-stream in base64, since RFC 2046 §5.2.1 forbids
 * base64 for message/*. Everything else is what buildMessage writes.
 */
const SIGNABLE_LEAVES: Leaves = {
  text(subtype, text) {
    const part = textPart(subtype, text);
    if (part.unencoded.every(transportSafe)) return part;
    return {
      headers: [
        `Content-Type: text/${subtype}; charset=utf-8`,
        'Content-Transfer-Encoding: quoted-printable',
      ],
      body: [quotedPrintable(textToCrlf(text))],
      unencoded: [],
      eightBit: false,
    };
  },
  attachment(a, disposition) {
    const part = attachmentPart(a, disposition);
    if (part.unencoded.every(transportSafe)) return part;
    return attachmentPart({ ...a, type: 'application/octet-stream' }, disposition);
  },
};

function bodyStructure(m: OutgoingMessage, leaves: Leaves = PLAIN_LEAVES): Part {
  // SEND-11: a read receipt is a report (RFC 6522), its text first.
  if (m.mdn) {
    return multipart(
      'report',
      [leaves.text('plain', m.text), mdnPart(m.mdn)],
      ' report-type=disposition-notification;',
    );
  }
  const attachments = m.attachments ?? [];
  // Images can only be inline when there is an HTML part to show them in.
  const inline = m.html ? attachments.filter((a) => a.contentId !== undefined) : [];
  const regular = attachments.filter((a) => !inline.includes(a));
  let body = leaves.text('plain', m.text);
  if (m.html) {
    let html = leaves.text('html', m.html);
    if (inline.length > 0) {
      const images = inline.map((a) => leaves.attachment(a, 'inline'));
      // RFC 2387 §3.1: the type parameter names the root part's type.
      html = multipart('related', [html, ...images], ' type="text/html";');
    }
    body = multipart('alternative', [body, html]);
  }
  if (regular.length > 0) {
    body = multipart('mixed', [body, ...regular.map((a) => leaves.attachment(a, 'attachment'))]);
  }
  return body;
}

/**
 * Builds the message: CRLF line endings, every line at most 998 octets, headers folded
 * at 76 columns where a fold is possible. Bcc is kept (the proxy strips it before SMTP).
 * Throws MimeBuildError on bad input; nothing is built then.
 */
export function buildMessage(message: OutgoingMessage): Uint8Array {
  const headers = messageHeaders(message);
  const body = bodyStructure(message);
  const last = body.body[body.body.length - 1];
  // A message ends with a line break; a text body that already has one keeps just that.
  const endsWithCrlf =
    last.length >= 2 && last[last.length - 2] === 13 && last[last.length - 1] === 10;
  const tail = endsWithCrlf ? [] : [CRLF];
  return concat([headerBytes([...headers, ...body.headers]), CRLF, ...body.body, ...tail]);
}

/** The message split where a signature or encryption goes (PGP-2, PGP-3). */
export interface MessageParts {
  /** The message's own header fields, folded, each without its final CRLF (no Content-*). */
  headers: string[];
  /** The body entity: its Content-* header fields, an empty line and its body, CRLF throughout. */
  entity: Uint8Array;
}

export interface MessagePartsOptions {
  /**
   * PGP-2: make the entity fit to be signed (see SIGNABLE_LEAVES): the bytes may then
   * differ from buildMessage's for the same message, but never in what a reader shows.
   */
  signable?: boolean;
}

/**
 * The message as headers plus body entity, so the entity can be signed or encrypted and
 * then put back with assembleMessage. Without options, assembleMessage(headers, entity)
 * is byte for byte buildMessage(message). Throws MimeBuildError on bad input.
 */
export function buildMessageParts(
  message: OutgoingMessage,
  options: MessagePartsOptions = {},
): MessageParts {
  const headers = messageHeaders(message);
  const body = bodyStructure(message, options.signable ? SIGNABLE_LEAVES : PLAIN_LEAVES);
  return { headers, entity: concat([headerBytes(body.headers), CRLF, ...body.body]) };
}

/** The message: its header fields, then the entity (whose Content-* fields join them), ending in CRLF. */
export function assembleMessage(headers: readonly string[], entity: Uint8Array): Uint8Array {
  const n = entity.length;
  const endsWithCrlf = n >= 2 && entity[n - 2] === CR && entity[n - 1] === LF;
  return concat([headerBytes(headers), entity, ...(endsWithCrlf ? [] : [CRLF])]);
}
