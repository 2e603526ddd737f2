// RFC 2047 encoded-words in UTF-8. Words are cut between code points, never inside a UTF-8
// sequence or a surrogate pair, so each word decodes on its own (RFC 2047 §5: "each
// 'encoded-word' MUST represent an integral number of characters").
import { MAX_ENCODED_WORD } from './limits.js';

export type WordEncoding = 'B' | 'Q';

const utf8 = new TextEncoder();
/** `=?UTF-8?X?` plus `?=`. */
const WORD_OVERHEAD = 12;
/**
 * RFC 2047 §5 (3): inside a phrase, Q may leave only letters, digits and `!*+-/` unencoded.
 * The same set is used everywhere, so one encoder serves subjects and display names alike.
 */
const Q_SAFE = /^[A-Za-z0-9!*+\-/]$/;
const HEX = '0123456789ABCDEF';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function qLength(byte: number): number {
  return byte === 0x20 || Q_SAFE.test(String.fromCharCode(byte)) ? 1 : 3;
}

function qEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x20) out += '_';
    else if (b < 0x80 && Q_SAFE.test(String.fromCharCode(b))) out += String.fromCharCode(b);
    else out += `=${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** Base64 of a short byte string (one encoded-word's worth); bodies use transfer.ts. */
export function base64Short(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    out += B64[a >> 2];
    out += B64[((a & 3) << 4) | (b >> 4)];
    out += i + 1 < bytes.length ? B64[((b & 15) << 2) | (c >> 6)] : '=';
    out += i + 2 < bytes.length ? B64[c & 63] : '=';
  }
  return out;
}

function encodedLength(byteCount: number, qChars: number, enc: WordEncoding): number {
  return WORD_OVERHEAD + (enc === 'B' ? 4 * Math.ceil(byteCount / 3) : qChars);
}

/** Q keeps mostly-Latin text readable in the raw source; B is shorter for other scripts. */
export function chooseEncoding(text: string): WordEncoding {
  const bytes = utf8.encode(text);
  let q = 0;
  for (const b of bytes) q += qLength(b);
  return q <= 4 * Math.ceil(bytes.length / 3) ? 'Q' : 'B';
}

export interface EncodedWord {
  word: string;
  /** Index in `codePoints` of the first code point not yet encoded. */
  next: number;
}

/**
 * Where an encoded-word may end: `any` code point; `space`, only just after a space or at
 * the end of the text (else null: better to fold first); `space-or-any`, after a space when
 * one is in reach, else anywhere (a single word longer than an encoded-word).
 */
export type WordBreak = 'any' | 'space' | 'space-or-any';

/**
 * Encodes the longest run of code points from `from` whose encoded-word is at most
 * `maxChars` (and never over RFC 2047's 75), ending where `breaks` allows.
 * Returns null when not even one code point fits.
 */
export function encodeWordPrefix(
  codePoints: readonly string[],
  from: number,
  maxChars: number,
  enc: WordEncoding,
  breaks: WordBreak = 'any',
): EncodedWord | null {
  const limit = Math.min(maxChars, MAX_ENCODED_WORD);
  let byteCount = 0;
  let qChars = 0;
  let end = from;
  for (; end < codePoints.length; end++) {
    const bytes = utf8.encode(codePoints[end]);
    let q = 0;
    for (const b of bytes) q += qLength(b);
    if (encodedLength(byteCount + bytes.length, qChars + q, enc) > limit) break;
    byteCount += bytes.length;
    qChars += q;
  }
  if (end === from) return null;
  if (breaks !== 'any' && end < codePoints.length) {
    const space = codePoints.lastIndexOf(' ', end - 1);
    if (space >= from) end = space + 1;
    else if (breaks === 'space') return null;
  }
  const bytes = utf8.encode(codePoints.slice(from, end).join(''));
  const payload = enc === 'B' ? base64Short(bytes) : qEncode(bytes);
  return { word: `=?UTF-8?${enc}?${payload}?=`, next: end };
}
