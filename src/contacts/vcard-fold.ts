// RFC 6350 §3.2 content lines, shared by the address book's vCard writer (vcard.ts, over
// ical.js) and the shared lists' group cards (group-vcard.ts, read by the proxy too).

export const CRLF = '\r\n';
/** RFC 6350 §3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const FOLD_OCTETS = 75;

function utf8Octets(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Folds one content line at 75 octets, never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Octets(ch);
    // Continuation lines begin with a space, which counts toward their 75 octets.
    const room = pieces.length === 0 ? FOLD_OCTETS : FOLD_OCTETS - 1;
    if (octets + size > room) {
      pieces.push(piece);
      piece = '';
      octets = 0;
    }
    piece += ch;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join(`${CRLF} `);
}
