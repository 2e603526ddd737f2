// Content-Transfer-Encodings (RFC 2045 §6). Text parts: line breaks made CRLF, then 7bit
// when every line is short printable ASCII, otherwise whichever of quoted-printable and
// base64 is shorter: QP for mostly-Latin text (readable in the raw source), base64 for
// other scripts, where QP would nearly triple the size. Binary: base64 at 76 columns.
import { ENCODED_LINE, MAX_7BIT_LINE } from './limits.js';

export type TransferEncoding = '7bit' | 'quoted-printable' | 'base64';

const utf8 = new TextEncoder();
const ascii = (s: string): Uint8Array => utf8.encode(s);
const CR = 13;
const LF = 10;
const HEX = ascii('0123456789ABCDEF');
const B64 = ascii('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const EQUALS = 0x3d;
const DOT = 0x2e;
const FROM_ = ascii('From ');

/** UTF-8 of `text` with every line break (CRLF, bare CR, bare LF) as CRLF. */
export function textToCrlf(text: string): Uint8Array {
  return utf8.encode(text.replace(/\r\n|\r|\n/g, '\r\n'));
}

/** Splits CRLF-normalized bytes into lines (without the CRLF). */
function lines(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === CR && bytes[i + 1] === LF) {
      out.push(bytes.subarray(start, i));
      start = i + 2;
      i++;
    }
  }
  out.push(bytes.subarray(start));
  return out;
}

function isPrintable(b: number): boolean {
  return (b >= 0x20 && b <= 0x7e) || b === 0x09;
}

/** Size of the QP form of one byte that is not at the end of a line. */
function qpSize(b: number): number {
  return b !== EQUALS && isPrintable(b) ? 1 : 3;
}

export function chooseTextEncoding(crlfBytes: Uint8Array): TransferEncoding {
  const all = lines(crlfBytes);
  const plain = all.every(
    (line) =>
      line.length <= MAX_7BIT_LINE &&
      line.every(isPrintable) &&
      // Trailing whitespace is stripped by some relays; QP protects it.
      !(line.length > 0 && (line[line.length - 1] === 0x20 || line[line.length - 1] === 0x09)),
  );
  if (plain) return '7bit';
  let qp = 0;
  for (const b of crlfBytes) qp += qpSize(b);
  // Soft line breaks add about 3 characters per 73; base64 adds 2 per 76 plus the 4/3.
  const qpTotal = qp + Math.ceil(qp / 73) * 3;
  const b64Total = Math.ceil(crlfBytes.length / 3) * 4 * (78 / 76);
  return qpTotal <= b64Total ? 'quoted-printable' : 'base64';
}

/**
 * Quoted-printable with soft breaks so no line passes 76 characters. Also escapes a `.`
 * or `From ` at the start of a line, which some transports mangle.
 */
export function quotedPrintable(crlfBytes: Uint8Array): Uint8Array {
  // Worst case: every byte escaped (3) plus a soft break (3) every 24 escaped bytes.
  const out = new Uint8Array(crlfBytes.length * 3 + Math.ceil(crlfBytes.length / 24) * 3 + 3);
  let o = 0;
  const push = (...bytes: number[]): void => {
    for (const b of bytes) out[o++] = b;
  };
  const escape = (b: number): void => {
    push(EQUALS, HEX[b >> 4], HEX[b & 15]);
  };
  lines(crlfBytes).forEach((line, lineIndex) => {
    if (lineIndex > 0) push(CR, LF);
    let col = 0;
    for (let i = 0; i < line.length; i++) {
      const b = line[i];
      const last = i === line.length - 1;
      const atStart = col === 0;
      const fromLine = atStart && b === FROM_[0] && FROM_.every((c, k) => line[i + k] === c);
      const literal =
        b !== EQUALS &&
        isPrintable(b) &&
        !(last && (b === 0x20 || b === 0x09)) &&
        !(atStart && b === DOT) &&
        !fromLine;
      const size = literal ? 1 : 3;
      // Keep room for the `=` of a soft break unless this is the line's last character.
      if (col + size > (last ? ENCODED_LINE : ENCODED_LINE - 1)) {
        push(EQUALS, CR, LF);
        col = 0;
        i--; // re-check this byte at the start of the new line
        continue;
      }
      if (literal) push(b);
      else escape(b);
      col += size;
    }
  });
  return out.subarray(0, o);
}

/** Base64 in lines of 76 characters separated by CRLF (none after the last). */
export function base64Lines(bytes: Uint8Array): Uint8Array {
  const groupsPerLine = ENCODED_LINE / 4;
  const groups = Math.ceil(bytes.length / 3);
  const lineCount = Math.ceil(groups / groupsPerLine);
  const out = new Uint8Array(groups * 4 + Math.max(lineCount - 1, 0) * 2);
  let o = 0;
  for (let g = 0; g < groups; g++) {
    const i = g * 3;
    const n = bytes.length - i;
    const a = bytes[i];
    const b = n > 1 ? bytes[i + 1] : 0;
    const c = n > 2 ? bytes[i + 2] : 0;
    out[o++] = B64[a >> 2];
    out[o++] = B64[((a & 3) << 4) | (b >> 4)];
    out[o++] = n > 1 ? B64[((b & 15) << 2) | (c >> 6)] : EQUALS;
    out[o++] = n > 2 ? B64[c & 63] : EQUALS;
    if ((g + 1) % groupsPerLine === 0 && g < groups - 1) {
      out[o++] = CR;
      out[o++] = LF;
    }
  }
  return out;
}
