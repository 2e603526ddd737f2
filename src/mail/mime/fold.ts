// Header folding (RFC 5322 §2.2.3). A header value is given as segments; a fold (CRLF)
// may only be inserted before a segment's leading whitespace, so unfolding gives back
// exactly the value that was meant. Encoded segments are cut into encoded-words that
// fill the current line, whitespace between them being ignored by decoders (RFC 2047 §6.2).
import { chooseEncoding, encodeWordPrefix } from './encoded-word.js';
import { MimeBuildError } from './errors.js';
import { FOLD_WIDTH, MAX_LINE_OCTETS } from './limits.js';

export interface Segment {
  /** Whitespace before the segment; ignored for the first one (a single space follows the colon). */
  lead: string;
  text: string;
  /** True: `text` is written as RFC 2047 encoded-words. False: as is, never split. */
  encode: boolean;
  /**
   * Cut encoded-words only after a space when possible. For display names: Python's email
   * package keeps the whitespace between two encoded-words of a phrase (RFC 2047 §6.2 says
   * to drop it), so a name cut mid-word would read "Fer nández" there.
   */
  wordBreaks: boolean;
}

/**
 * Under this much room left on a line, an encoded run starts on the next line instead:
 * one 4-byte code point in Q needs 24 characters.
 */
const MIN_WORD_ROOM = 24;

export const raw = (text: string, lead = ' '): Segment => ({
  lead,
  text,
  encode: false,
  wordBreaks: false,
});
export const encoded = (text: string, lead = ' ', wordBreaks = false): Segment => ({
  lead,
  text,
  encode: true,
  wordBreaks,
});

/** Returns the folded header without the final CRLF. */
export function foldHeader(name: string, segments: readonly Segment[]): string {
  const lines: string[] = [];
  let cur = `${name}:`;
  let bare = true; // nothing after the colon yet: folding here would leave an empty first line
  const put = (lead: string, text: string): void => {
    if (!bare && cur.length + lead.length + text.length > FOLD_WIDTH) {
      lines.push(cur);
      cur = lead + text;
    } else {
      cur += lead + text;
    }
    bare = false;
  };
  segments.forEach((seg, index) => {
    const lead = index === 0 ? ' ' : seg.lead;
    if (!seg.encode) {
      put(lead, seg.text);
      return;
    }
    const enc = chooseEncoding(seg.text);
    const codePoints = [...seg.text];
    let pos = 0;
    let sep = lead;
    while (pos < codePoints.length) {
      const room = FOLD_WIDTH - cur.length - sep.length;
      // On a line that already has text, a name is not cut mid-word: fold instead.
      const here = seg.wordBreaks ? (bare ? 'space-or-any' : 'space') : 'any';
      let word =
        room >= MIN_WORD_ROOM || bare ? encodeWordPrefix(codePoints, pos, room, enc, here) : null;
      if (!word) {
        lines.push(cur);
        cur = '';
        const width = Math.max(FOLD_WIDTH - sep.length, MIN_WORD_ROOM);
        const after = seg.wordBreaks ? 'space-or-any' : 'any';
        word = encodeWordPrefix(codePoints, pos, width, enc, after);
        if (!word) throw new MimeBuildError(`The ${name} header cannot be encoded.`);
      }
      cur += sep + word.word;
      bare = false;
      pos = word.next;
      sep = ' ';
    }
  });
  lines.push(cur);
  for (const line of lines) {
    if (line.length > MAX_LINE_OCTETS) {
      throw new MimeBuildError(`The ${name} header has a part too long to fit on one line.`);
    }
  }
  return lines.join('\r\n');
}
