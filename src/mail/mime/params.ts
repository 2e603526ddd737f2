// Content-Type and Content-Disposition parameters (RFC 2045 §5.1, RFC 2183, RFC 2231).
// Content-Disposition carries the real name: `filename="…"` when it is short printable
// ASCII, else only `filename*=UTF-8''…` (with `*0*`, `*1*`… continuations when long).
// The ASCII fallback for readers without RFC 2231 goes in Content-Type's legacy `name`,
// not beside `filename*`: Python's email flags `filename` next to `filename*` as a
// duplicate parameter (a defect), and readers fall back to `name` when `filename` is absent.
import { raw, type Segment } from './fold.js';
import { MAX_FALLBACK_FILENAME, MAX_PARAM_PIECE } from './limits.js';

const utf8 = new TextEncoder();
/** RFC 2231 attribute-char: token characters other than `*`, `'` and `%`. */
const ATTRIBUTE_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;
/** What a quoted-string parameter value may hold without escapes or encoding. */
const PLAIN_VALUE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const HEX = '0123456789ABCDEF';
/** Combining marks left after NFD, dropped so `año` falls back to `ano`, not `a_o`. */
const COMBINING = /\p{M}/gu;

function percentEncode(codePoint: string): string {
  if (ATTRIBUTE_CHAR.test(codePoint)) return codePoint;
  let out = '';
  for (const b of utf8.encode(codePoint)) out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  return out;
}

/** `name*0*=UTF-8''…; name*1*=…`, cut between characters so each piece decodes alone. */
function extendedParam(name: string, value: string): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const cp of value) {
    const enc = percentEncode(cp);
    if (piece && piece.length + enc.length > MAX_PARAM_PIECE) {
      pieces.push(piece);
      piece = '';
    }
    piece += enc;
  }
  pieces.push(piece);
  if (pieces.length === 1) return [`${name}*=UTF-8''${pieces[0]}`];
  return pieces.map((p, i) => `${name}*${i}*=${i === 0 ? "UTF-8''" : ''}${p}`);
}

/** An ASCII stand-in for readers without RFC 2231: accents dropped, other letters `_`, extension kept. */
export function asciiFallback(filename: string): string {
  let ascii = filename
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_')
    .replace(/_+/g, '_');
  if (ascii.length > MAX_FALLBACK_FILENAME) {
    const dot = ascii.lastIndexOf('.');
    const ext = dot > 0 && ascii.length - dot <= 10 ? ascii.slice(dot) : '';
    const stem = ascii.slice(0, MAX_FALLBACK_FILENAME - ext.length).replace(/[\s_.-]+$/, '');
    ascii = stem + ext;
  }
  return ascii;
}

/** Content-Disposition's `filename`: quoted when short printable ASCII, else RFC 2231 only. */
export function filenameParam(filename: string): string[] {
  const quoted = `filename="${filename}"`;
  if (PLAIN_VALUE.test(filename) && quoted.length <= MAX_PARAM_PIECE) return [quoted];
  return extendedParam('filename', filename);
}

/** Content-Type's legacy `name`: always a plain ASCII value, the fallback for old readers. */
export function legacyNameParam(filename: string): string {
  return `name="${asciiFallback(filename)}"`;
}

/** `value; p1; p2` as fold-ready segments: folding happens after a semicolon. */
export function withParams(value: string, params: readonly string[]): Segment[] {
  const all = [value, ...params];
  return all.map((p, i) => raw(i < all.length - 1 ? `${p};` : p));
}
