// Unstructured header values (Subject, extra headers), RFC 5322 §3.2.5 and RFC 2047 §5 (1).
// Plain ASCII words stay readable; a word that needs encoding is joined with neighbouring
// ones that also do, whitespace included, because whitespace between two adjacent
// encoded-words is dropped by decoders (RFC 2047 §6.2).
import { assertSingleLine } from './checks.js';
import { encoded, raw, type Segment } from './fold.js';
import { MAX_RAW_SPACES, MAX_RAW_WORD } from './limits.js';

/** Printable ASCII that could not be mistaken for the start of an encoded-word. */
const PLAIN_WORD = /^[\x21-\x7e]+$/;

function needsEncoding(word: string): boolean {
  return !PLAIN_WORD.test(word) || word.includes('=?') || word.length > MAX_RAW_WORD;
}

/**
 * Splits `text` into fold-ready segments. Leading and trailing whitespace, tabs and long
 * runs of spaces are kept by encoding them (parsers would otherwise trim or collapse them).
 * Throws MimeBuildError on CR or LF.
 */
export function unstructuredSegments(text: string, what: string): Segment[] {
  assertSingleLine(text, what);
  if (text === '') return [];
  // Alternating word, whitespace, word, …; words at either end may be empty.
  const pieces = text.split(/([ \t]+)/);
  const words = pieces.filter((_, i) => i % 2 === 0);
  const gaps = pieces.filter((_, i) => i % 2 === 1);
  const encode = words.map(needsEncoding);
  const last = words.length - 1;
  // Leading or trailing whitespace: encode it with the word next to it.
  if (words[0] === '') encode[0] = encode[1] = true;
  if (words[last] === '') encode[last] = encode[Math.max(last - 1, 0)] = true;
  gaps.forEach((gap, i) => {
    if (gap.length > MAX_RAW_SPACES || gap.includes('\t')) {
      encode[i] = true;
      encode[i + 1] = true;
    }
  });

  const segments: Segment[] = [];
  let run: string | null = null; // encoded text being gathered
  let runLead = ' ';
  words.forEach((word, i) => {
    const gap = i === 0 ? ' ' : (gaps[i - 1] ?? ' ');
    if (encode[i]) {
      if (run !== null) run += gap + word;
      else {
        run = word;
        runLead = gap;
      }
      return;
    }
    if (run !== null) {
      segments.push(encoded(run, runLead));
      run = null;
    }
    segments.push(raw(word, gap));
  });
  if (run !== null) segments.push(encoded(run, runLead));
  return segments;
}
