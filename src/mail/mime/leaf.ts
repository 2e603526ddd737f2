// Leaf parts: the text and HTML bodies, and attachments (RFC 2045, RFC 2183).
import { sanitizeFilename } from '../filename.js';
import { assertSingleLine } from './checks.js';
import { foldHeader, raw } from './fold.js';
import { checkReferencedId } from './message-id.js';
import { MAX_LINE_OCTETS } from './limits.js';
import { filenameParam, legacyNameParam, withParams } from './params.js';
import type { Part } from './part.js';
import { base64Lines, chooseTextEncoding, quotedPrintable, textToCrlf } from './transfer.js';
import type { OutgoingAttachment } from './types.js';

/** RFC 2045 §5.1 type "/" subtype, both tokens. */
const MEDIA_TYPE = /^[a-z0-9!#$%&'*+\-.^_`{|}~]+\/[a-z0-9!#$%&'*+\-.^_`{|}~]+$/;
const OCTET_STREAM = 'application/octet-stream';
const CR = 13;
const LF = 10;

export function textPart(subtype: 'plain' | 'html', text: string): Part {
  const bytes = textToCrlf(text);
  const cte = chooseTextEncoding(bytes);
  const body =
    cte === '7bit' ? bytes : cte === 'base64' ? base64Lines(bytes) : quotedPrintable(bytes);
  return {
    headers: [`Content-Type: text/${subtype}; charset=utf-8`, `Content-Transfer-Encoding: ${cte}`],
    body: [body],
    unencoded: cte === '7bit' ? [bytes] : [],
    eightBit: false,
  };
}

/** A media type we can vouch for, lower-cased; anything else is sent as octet-stream. */
function mediaType(type: string): string {
  const t = type.trim().toLowerCase();
  // A multipart needs a boundary of its own: as a leaf it would be unreadable.
  return MEDIA_TYPE.test(t) && !t.startsWith('multipart/') ? t : OCTET_STREAM;
}

/**
 * RFC 2046 §5.2.1: message/* bodies may not be base64. Returns 7bit or 8bit when the bytes
 * are CRLF lines of at most 998 octets without NUL, else null (sent as octet-stream).
 */
function messageEncoding(bytes: Uint8Array): '7bit' | '8bit' | null {
  let eightBit = false;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) return null;
    if (b >= 0x80) eightBit = true;
    if (b === CR) {
      if (bytes[i + 1] !== LF) return null;
      if (i - lineStart > MAX_LINE_OCTETS) return null;
      lineStart = i + 2;
      i++;
    } else if (b === LF) return null;
  }
  if (bytes.length - lineStart > MAX_LINE_OCTETS) return null;
  return eightBit ? '8bit' : '7bit';
}

/** SEND-4, ATTACH-1: one attachment, `inline` when it is an image of the HTML part. */
export function attachmentPart(a: OutgoingAttachment, disposition: 'attachment' | 'inline'): Part {
  assertSingleLine(a.filename, 'An attachment name');
  const filename = sanitizeFilename(a.filename, 'attachment');
  let type = mediaType(a.type);
  let cte: '7bit' | '8bit' | 'base64' = 'base64';
  if (type.startsWith('message/')) {
    const asIs = messageEncoding(a.bytes);
    if (asIs) cte = asIs;
    else type = OCTET_STREAM;
  }
  const headers = [
    foldHeader('Content-Type', withParams(type, [legacyNameParam(filename)])),
    `Content-Transfer-Encoding: ${cte}`,
  ];
  if (a.contentId !== undefined) {
    const id = checkReferencedId(a.contentId, 'The Content-ID of an inline image');
    headers.push(foldHeader('Content-ID', [raw(`<${id}>`)]));
  }
  headers.push(foldHeader('Content-Disposition', withParams(disposition, filenameParam(filename))));
  const body = cte === 'base64' ? base64Lines(a.bytes) : a.bytes;
  return {
    headers,
    body: [body],
    unencoded: cte === 'base64' ? [] : [a.bytes],
    eightBit: cte === '8bit',
  };
}
