import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  foldText,
  foldTokens,
  tokenize,
} from '../../../src/search/query/normalize.js';

describe('normalize: the one folding shared by index and query', () => {
  it('SEARCH-1 folds case and accents: CAMIÓN, Camión and camion are one token', () => {
    expect(foldText('CAMIÓN')).toBe('camion');
    expect(foldText('Camión')).toBe('camion');
    expect(foldText('camio\u0301n')).toBe('camion');
    expect(foldTokens('Ñandú Peñíscola François Çà')).toEqual([
      'nandu',
      'peniscola',
      'francois',
      'ca',
    ]);
  });

  it('SEARCH-1 folds letters without a decomposition: ß→ss, æ, ø, ł, dotless ı, final sigma', () => {
    expect(foldTokens('Straße GROẞ')).toEqual(['strasse', 'gross']);
    expect(foldTokens('Ærø Łódź İstanbul ıi')).toEqual(['aero', 'lodz', 'istanbul', 'ii']);
    expect(foldText('ΟΔΟΣ')).toBe(foldText('οδος'));
  });

  it('SEARCH-1 plain ASCII words and words that need folding give the tokens the full folding gives', () => {
    const text = 'RE: Factura N.º 2026-B ½ año ﬁnal Straße ＣＡＭＩＯＮ x\u00ADy café CAFE\u0301';
    const general = [...text.matchAll(/[\p{L}\p{N}\p{M}]+(?:\p{Cf}+[\p{L}\p{N}\p{M}]+)*/gu)]
      .map((m) => foldText(m[0]).replace(/[^\p{L}\p{N}]/gu, ''))
      .filter((t) => t !== '');
    expect(foldTokens(text)).toEqual(general);
    expect(tokenize(text).map((t) => t.token)).toEqual(general);
    expect(general).toContain('12');
    expect(general).toContain('xy');
  });

  it('SEARCH-1 folds full-width letters and ligatures typed on some keyboards', () => {
    expect(foldTokens('ＣＡＭＩＯＮ ﬁnal')).toEqual(['camion', 'final']);
  });

  it('SEARCH-1 keeps digits and splits on everything that is not a letter or digit', () => {
    expect(foldTokens('Vuelo IB3166, 2026-04-02 07:15 (Madrid–London)')).toEqual([
      'vuelo',
      'ib3166',
      '2026',
      '04',
      '02',
      '07',
      '15',
      'madrid',
      'london',
    ]);
    expect(foldTokens('¿Qué tal? ¡Genial!')).toEqual(['que', 'tal', 'genial']);
  });

  it('SEARCH-6 splits an address into its parts, keeps the whole address foldable', () => {
    expect(foldTokens('Ana.García@Correo.ES')).toEqual(['ana', 'garcia', 'correo', 'es']);
    expect(foldText('Ana.García@Correo.ES')).toBe('ana.garcia@correo.es');
  });

  it('SEARCH-6 gives offsets into the ORIGINAL text, accents and emoji included', () => {
    const text = '😀 El camio\u0301n, CAMIÓN y ana.garcia@correo.es';
    const tokens = tokenize(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'El',
      'camio\u0301n',
      'CAMIÓN',
      'y',
      'ana',
      'garcia',
      'correo',
      'es',
    ]);
    expect(tokens.map((t) => t.token)).toEqual([
      'el',
      'camion',
      'camion',
      'y',
      'ana',
      'garcia',
      'correo',
      'es',
    ]);
  });

  it('SEARCH-1 does not split a word on a soft hyphen or zero-width character, nor keeps a bidi control around it', () => {
    expect(foldTokens('infor\u00ADmación cam\u200Bión')).toEqual(['informacion', 'camion']);
    const text = '\u202Ecamión\u202C';
    const [only] = tokenize(text);
    expect(only && text.slice(only.start, only.end)).toBe('camión');
  });

  it('SEARCH-1 counts prefix length in characters, not UTF-16 units', () => {
    expect(codePointLength('𝒶𝒷𝒸')).toBe(3);
    expect(codePointLength('año')).toBe(3);
  });
});
