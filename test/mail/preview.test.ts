// The list's preview of a message (a row field, ARCHITECTURE.md § data model): makePreview
// flattens only a window at the start of the text; its answer must be the one flattening
// the whole text gives, whatever whitespace, controls or surrogate pairs sit at the edge.
import { describe, expect, it } from 'vitest';
import { random } from '../support/random.js';
import { cleanHeaderText, makePreview } from '../../src/mail/text.js';
import { PREVIEW_CHARS } from '../../src/mail/limits.js';

/** The definition: the whole text flattened, then cut on a word boundary. */
function wholeTextPreview(text: string, max: number): string {
  const flat = cleanHeaderText(text.replace(/\s+/g, ' '));
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.7 ? cut.slice(0, space) : cut) + '…';
}

const PIECES = [
  'a',
  'word',
  'año',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
  '\u00a0',
  '\u2003',
  '\u0001',
  '\u0000',
  '\u007f',
  '\u202e',
  '😀',
  '\ud83d',
  '\ude00',
  '.',
  '-',
];

describe('message previews', () => {
  it('a long text gives the same preview as flattening all of it', () => {
    const rnd = random(2026);
    for (let n = 0; n < 2_000; n++) {
      // Mostly short pieces, with long runs of whitespace and controls now and then, so
      // the window's edge falls everywhere: in a run, on a pair, past the end.
      const parts: string[] = [];
      const length = Math.floor(rnd() * 1_200);
      while (parts.length < length) {
        const piece = PIECES[Math.floor(rnd() * PIECES.length)] as string;
        parts.push(rnd() < 0.02 ? piece.repeat(Math.floor(rnd() * 900)) : piece);
      }
      const text = parts.join('');
      for (const max of [PREVIEW_CHARS, 7, 1])
        expect(makePreview(text, max), JSON.stringify(text)).toBe(wholeTextPreview(text, max));
    }
  });

  it('cuts a long body to about 200 characters on a word boundary', () => {
    const body = `${'Hello   there,\n\n'}${'the quarterly figures are attached. '.repeat(3_000)}`;
    const preview = makePreview(body, PREVIEW_CHARS);
    expect(preview.startsWith('Hello there, the quarterly figures')).toBe(true);
    expect(preview.endsWith('…')).toBe(true);
    expect(preview.length).toBeLessThanOrEqual(PREVIEW_CHARS + 1);
    expect(preview.slice(0, -1).endsWith(' ')).toBe(false);
  });

  it('a text of whitespace and controls only previews as nothing', () => {
    expect(makePreview(`${' \n\t\u0001'.repeat(5_000)}`, PREVIEW_CHARS)).toBe('');
  });
});
