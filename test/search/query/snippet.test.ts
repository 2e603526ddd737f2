import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/search/query/parse.js';
import { SNIPPET_CHARS, SNIPPET_LEAD_CHARS } from '../../../src/search/query/limits.js';
import {
  findHits,
  highlight,
  snippet,
  type SnippetSegment,
} from '../../../src/search/query/snippet.js';
import { DOCS, OPTIONS } from './fixture.js';

const q = (text: string) => parseQuery(text, OPTIONS).query;
const body = (id: string) => DOCS.find((d) => d.id === id)?.body ?? '';
const hits = (segments: SnippetSegment[]) => segments.filter((s) => s.hit).map((s) => s.text);
const joined = (segments: SnippetSegment[]) => segments.map((s) => s.text).join('');

/** Segments are plain {text, hit} records, nothing else (never markup to parse). */
function expectPlainSegments(segments: SnippetSegment[]): void {
  for (const s of segments) {
    expect(Object.keys(s).sort()).toEqual(['hit', 'text']);
    expect(typeof s.text).toBe('string');
    expect(typeof s.hit).toBe('boolean');
    expect(s.text).not.toBe('');
  }
}

describe('snippet and highlight (SEARCH-6)', () => {
  it('SEARCH-6 marks camión as written when the query says camion', () => {
    const segments = snippet(body('d01'), q('camion'));
    expect(segments).toEqual([
      { text: 'Hola, el ', hit: false },
      { text: 'camión', hit: true },
      { text: ' llega a las 9. Trae cajas y cinta. Un abrazo, Ana', hit: false },
    ]);
  });

  it('SEARCH-6 marks a decomposed camión, CAMIÓN and prefixes on the original characters', () => {
    expect(hits(snippet(body('d24'), q('CAMIÓN')))).toEqual(['camio\u0301n']);
    expect(hits(snippet(body('d02'), q('camion info*')))).toEqual([
      'informamos',
      'camion',
      'Información',
    ]);
  });

  it('SEARCH-6 marks a phrase as one hit, and not words only found apart', () => {
    expect(hits(snippet(body('d06'), q('"fin de año"')))).toEqual(['fin de año']);
    expect(hits(snippet(body('d07'), q('"fin de año"')))).toEqual([]);
  });

  it('SEARCH-6 does not mark negated words or other fields', () => {
    expect(hits(snippet(body('d06'), q('cena -fin')))).toEqual(['cena']);
    expect(hits(snippet(body('d01'), q('from:ana subject:camion')))).toEqual([]);
    expect(hits(snippet(body('d01'), q('body:camion')))).toEqual(['camión']);
  });

  it('SEARCH-6 highlights a subject line with subject: terms and plain words', () => {
    expect(
      highlight('Re: Camión de mudanza el sábado', q('subject:camion sabado -mudanza')),
    ).toEqual([
      { text: 'Re: ', hit: false },
      { text: 'Camión', hit: true },
      { text: ' de mudanza el ', hit: false },
      { text: 'sábado', hit: true },
    ]);
  });

  it(`SEARCH-6 cuts a long text to about ${SNIPPET_CHARS} characters around the first hit`, () => {
    const text = body('d27');
    const middle = `${text} ${text}`;
    const segments = snippet(middle, q('derrama'));
    expectPlainSegments(segments);
    expect(hits(segments)).toEqual(['derrama']);
    const shown = joined(segments);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    expect(shown.indexOf('derrama')).toBeGreaterThan(10);
    // Cut at word boundaries: the text between the ellipses is whole words of the original.
    expect(middle).toContain(shown.slice(1, -1));
    expect(middle).toContain(` ${shown.slice(1, -1)} `);
  });

  it('SEARCH-6 a hit near the end still shows near the start of the one-line snippet', () => {
    const segments = snippet(body('d27'), q('derrama'));
    const shown = joined(segments);
    expect(hits(segments)).toEqual(['derrama']);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('se levanta la sesión a las 21:15.')).toBe(true);
    expect(shown.indexOf('derrama')).toBeLessThanOrEqual(SNIPPET_LEAD_CHARS + 1);
    expect(shown.length).toBeLessThanOrEqual(SNIPPET_CHARS + 1);
  });

  it('SEARCH-6 shows the start of the text when nothing is found', () => {
    const segments = snippet(body('d27'), q('nada'));
    expect(hits(segments)).toEqual([]);
    expect(joined(segments).startsWith('Se abre la sesión')).toBe(true);
    expect(joined(segments).endsWith('…')).toBe(true);
    expect(snippet('', q('camion'))).toEqual([]);
  });

  it('SEARCH-6 returns text, never HTML: markup in a body stays literal text', () => {
    const text = '<img src=x onerror=alert(1)> el <b>camión</b> &amp; más';
    // The lead before the hit starts at a word boundary: "<img … (1)>" is cut, "el <b>" kept.
    const segments = snippet(text, q('camion'));
    expectPlainSegments(segments);
    expect(segments).toEqual([
      { text: '…el <b>', hit: false },
      { text: 'camión', hit: true },
      { text: '</b> &amp; más', hit: false },
    ]);
  });

  it('SEARCH-6 keeps bidi overrides and control characters out of a snippet, and makes it one line', () => {
    const segments = snippet(body('d20') + '\n\n\tY   más\r\nlíneas', q('pedido'));
    expectPlainSegments(segments);
    const shown = joined(segments);
    expect(shown).toBe('Su pedido fdp.exe ha sido enviado. Y más líneas');
    expect(hits(segments)).toEqual(['pedido']);
  });

  it('SEARCH-6 never cuts an emoji in half at the window edges', () => {
    const text = '😀'.repeat(200) + ' camión ' + '😀'.repeat(200);
    const shown = joined(snippet(text, q('camion')));
    expect(shown).toContain('camión');
    expect(shown).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
  });

  it('SEARCH-6 finds hits with offsets in the original text', () => {
    const text = 'El CAMIÓN y el camio\u0301n';
    expect(findHits(text, q('camion')).map((h) => text.slice(h.start, h.end))).toEqual([
      'CAMIÓN',
      'camio\u0301n',
    ]);
  });
});
