// ATTACH-4: remove an attachment from a stored message. The part is replaced by a short
// text/plain note naming what was removed and when; every other byte stays identical,
// so signatures over other parts, Message-ID and threading are untouched.
import { describeEntity, locatePart, readFields } from './raw-mime.js';
import type { RawEntity } from './raw-mime.js';
import { sanitizeFilename } from './filename.js';

export class AttachmentRemovalError extends Error {
  override name = 'AttachmentRemovalError';
}

function decodedSize(body: Uint8Array, encoding: string): number {
  const text = new TextDecoder('windows-1252').decode(body);
  if (encoding === 'base64')
    return Math.floor((text.replace(/[^A-Za-z0-9+/]/g, '').length * 3) / 4);
  if (encoding === 'quoted-printable') {
    return text
      .replace(/=\r?\n/g, '')
      .replace(/=[0-9A-Fa-f]{2}/g, '.')
      .replace(/\r?\n$/, '').length;
  }
  return body.byteLength;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Quoted-printable (RFC 2045 §6.7) so the note stays 7-bit whatever the filename. */
function qpEncode(text: string, eol: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let encoded = '';
    for (const byte of new TextEncoder().encode(line)) {
      const safe = (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32;
      encoded += safe
        ? String.fromCharCode(byte)
        : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    // Soft line breaks keep lines under the 76-character limit.
    const pieces = encoded.match(/.{1,72}(?:=[0-9A-F]{2})?/g) ?? [''];
    out.push(pieces.join(`=${eol}`));
  }
  return out.join(eol);
}

/**
 * Returns the message with part `partId` (a section number from the parser, e.g. "2"
 * or "1.2") replaced by a text/plain note. Non-Content-* fields of that part stay.
 * Throws AttachmentRemovalError when the part does not exist or is a multipart.
 */
export function removeAttachment(raw: Uint8Array, partId: string, removedAt: Date): Uint8Array {
  let part: RawEntity;
  try {
    part = locatePart(raw, partId);
  } catch (e) {
    throw new AttachmentRemovalError(e instanceof Error ? e.message : String(e));
  }
  const info = describeEntity(raw, part);
  if (info.contentType.value.startsWith('multipart/')) {
    throw new AttachmentRemovalError(`Part ${partId} is a multipart, not an attachment`);
  }
  const eol = raw.subarray(part.start, part.bodyStart).includes(0x0d) ? '\r\n' : '\n';
  const name = sanitizeFilename(info.filename, `part-${partId}`);
  const size = formatSize(
    decodedSize(raw.subarray(part.bodyStart, part.end), info.transferEncoding),
  );
  const when = removedAt.toISOString();
  const note =
    `The attachment "${name}" (${info.contentType.value}, ${size}) was removed from this message on ${when}.\n` +
    `El adjunto «${name}» (${info.contentType.value}, ${size}) se eliminó de este mensaje el ${when}.\n`;
  // Keep the part's other fields (a message root keeps From, Subject, …).
  const kept = readFields(raw, part)
    .filter((f) => !f.key.startsWith('content-'))
    .map((f) => raw.subarray(f.start, f.end));
  const newHeaders =
    `Content-Type: text/plain; charset=utf-8${eol}` +
    `Content-Disposition: inline${eol}` +
    `Content-Transfer-Encoding: quoted-printable${eol}` +
    `X-Buzon-Removed-Attachment: ${when}${eol}${eol}`;
  const enc = new TextEncoder();
  const pieces = [
    raw.subarray(0, part.start),
    ...kept,
    // Before a delimiter, the line break belongs to the delimiter (RFC 2046 §5.1.1).
    enc.encode(newHeaders + qpEncode(note.trimEnd(), eol) + (part.end === raw.length ? eol : '')),
    raw.subarray(part.end),
  ];
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
