// The body tree as bytes: leaf parts and multiparts (RFC 2046 §5.1). A part keeps a list
// of its unencoded user bytes so a multipart can pick a boundary that does not occur in them.
import { MimeBuildError } from './errors.js';

export interface Part {
  /** Folded Content-* fields, each without its final CRLF. */
  headers: string[];
  /** The encoded body without a final line break: the CRLF before a delimiter belongs to it. */
  body: Uint8Array[];
  /**
   * Bodies written as given (7bit text, message/rfc822) that a boundary must not occur in.
   * Base64 and quoted-printable never are: boundaries contain `=_`, which neither can produce.
   */
  unencoded: Uint8Array[];
  /** The body holds 8-bit octets (a forwarded message/rfc822 that was 8bit). */
  eightBit: boolean;
}

const utf8 = new TextEncoder();
const CRLF = utf8.encode('\r\n');
/** Attempts before giving up; one clash in 2^120 is already never. */
const MAX_BOUNDARY_TRIES = 8;

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (
    let i = haystack.indexOf(first);
    i >= 0 && i <= haystack.length - needle.length;
    i = haystack.indexOf(first, i + 1)
  ) {
    let k = 1;
    while (k < needle.length && haystack[i + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

/**
 * A fresh boundary whose delimiter (`--boundary`) occurs in none of `contents`. PGP-2: a
 * multipart/signed must wrap the signed entity byte for byte, so its boundary is checked
 * against the whole entity, not only against the unencoded bodies.
 */
export function boundaryAvoiding(contents: readonly Uint8Array[]): string {
  for (let t = 0; t < MAX_BOUNDARY_TRIES; t++) {
    const boundary = `=_bz_${randomToken()}`;
    const marker = utf8.encode(`--${boundary}`);
    if (!contents.some((u) => contains(u, marker))) return boundary;
  }
  throw new MimeBuildError('Could not find a MIME boundary that does not occur in the message.');
}

function pickBoundary(children: readonly Part[]): string {
  return boundaryAvoiding(children.flatMap((c) => c.unencoded));
}

export function headerBytes(lines: readonly string[]): Uint8Array {
  return utf8.encode(lines.map((l) => `${l}\r\n`).join(''));
}

/** A multipart of `subtype` around `children`: no preamble, no epilogue. */
export function multipart(subtype: string, children: readonly Part[], params = ''): Part {
  const boundary = pickBoundary(children);
  const body: Uint8Array[] = [];
  for (const child of children) {
    body.push(utf8.encode(`--${boundary}\r\n`), headerBytes(child.headers), CRLF, ...child.body);
    // The CRLF before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    body.push(CRLF);
  }
  body.push(utf8.encode(`--${boundary}--`));
  const eightBit = children.some((c) => c.eightBit);
  const headers = [`Content-Type: multipart/${subtype};${params}\r\n boundary="${boundary}"`];
  // RFC 2045 §6.4: a multipart is labelled at least as wide as what it contains.
  if (eightBit) headers.push('Content-Transfer-Encoding: 8bit');
  return {
    headers,
    body,
    unencoded: children.flatMap((c) => c.unencoded),
    eightBit,
  };
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
