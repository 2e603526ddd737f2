// Byte-level helpers for the analysis: transfer decoding (RFC 2045 §6.7, §6.8), charset
// choice, and the CRLF canonical form RFC 3156 §5 signs and verifies.
import { isValidUtf8 } from '../../mail/text.js';

const CR = 13;
const LF = 10;
const EQUALS = 0x3d;
const latin1 = new TextDecoder('windows-1252');

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/** Quoted-printable, leniently: a stray `=` stays as is, soft breaks (`=` CRLF or LF) vanish. */
function decodeQuotedPrintable(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length);
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (b !== EQUALS) {
      out[o++] = b;
      continue;
    }
    if (body[i + 1] === LF) i += 1;
    else if (body[i + 1] === CR && body[i + 2] === LF) i += 2;
    else {
      const hi = hexValue(body[i + 1]);
      const lo = hexValue(body[i + 2]);
      if (hi < 0 || lo < 0) out[o++] = b;
      else {
        out[o++] = (hi << 4) | lo;
        i += 2;
      }
    }
  }
  return out.subarray(0, o);
}

/** Base64, ignoring everything outside the alphabet (line breaks, junk) as RFC 2045 §6.8 asks. */
function decodeBase64(body: Uint8Array): Uint8Array {
  const clean = latin1.decode(body).replace(/[^A-Za-z0-9+/]/g, '');
  const usable = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0));
  const bin = atob(usable + '='.repeat((4 - (usable.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The body with its Content-Transfer-Encoding removed; 7bit, 8bit, binary and unknown stay as is. */
export function transferDecode(body: Uint8Array, encoding: string): Uint8Array {
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return decodeBase64(body);
  return body;
}

/**
 * A decoder for a text part's charset: the declared one when the platform knows it, else
 * (unlabeled or unknown) UTF-8 when the bytes are valid UTF-8 and windows-1252 otherwise,
 * as the reader does (src/mail/text.ts decodeLenient). Never fatal: bad bytes become U+FFFD.
 */
export function textDecoderFor(charset: string | undefined, bytes: Uint8Array): TextDecoder {
  if (charset) {
    try {
      return new TextDecoder(charset);
    } catch {
      // An unknown label: fall through to the unlabeled guess.
    }
  }
  return new TextDecoder(isValidUtf8(bytes) ? 'utf-8' : 'windows-1252');
}

/** Armored text is ASCII; a latin-1 view keeps every byte as one character, never throws. */
export function asciiText(bytes: Uint8Array): string {
  return latin1.decode(bytes);
}

/**
 * RFC 3156 §5 canonical form: every line ends in CRLF. A bare LF (a message stored with
 * Unix line ends) becomes CRLF; every other byte, bare CR included, stays as it was, so
 * any change to the signed content still breaks the signature.
 */
export function toCrlf(bytes: Uint8Array): Uint8Array {
  let bare = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === LF && bytes[i - 1] !== CR) bare++;
  if (bare === 0) return bytes.slice();
  const out = new Uint8Array(bytes.length + bare);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF && bytes[i - 1] !== CR) out[o++] = CR;
    out[o++] = bytes[i];
  }
  return out;
}
