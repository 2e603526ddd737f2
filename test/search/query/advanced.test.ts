import { describe, expect, it } from 'vitest';
import {
  EMPTY_ADVANCED_SEARCH,
  advancedFromQuery,
  advancedToQuery,
  type AdvancedSearch,
} from '../../../src/search/query/advanced.js';
import { parseQuery } from '../../../src/search/query/parse.js';
import { OPTIONS, search } from './fixture.js';

const form = (fields: Partial<AdvancedSearch>): AdvancedSearch => ({
  ...EMPTY_ADVANCED_SEARCH,
  ...fields,
});

describe('advanced search form ⇄ query text (SEARCH-3)', () => {
  it('SEARCH-3 builds the query the box then shows, one operator per field', () => {
    const text = advancedToQuery(
      form({
        words: 'factura OR recibo',
        from: 'Ana María, bob@example.com',
        to: 'yo',
        subject: 'fin de "año nuevo"',
        body: 'camión',
        since: '2026-03-01',
        until: '2026-03-31',
        folder: 'Bandeja de entrada',
        tag: 'Proyecto X',
        hasAttachment: true,
        unread: true,
        size: { op: 'larger', amount: 1.5, unit: 'M' },
        priority: 'high',
      }),
    );
    expect(text).toBe(
      'from:"Ana María" OR from:bob@example.com to:yo subject:fin subject:de subject:"año nuevo" ' +
        'factura OR recibo body:camión after:2026-03-01 before:2026-04-01 in:"Bandeja de entrada" ' +
        'tag:"Proyecto X" has:attachment is:unread larger:1.5M priority:high',
    );
    expect(parseQuery(text, OPTIONS).warnings).toEqual([]);
    expect(advancedToQuery(EMPTY_ADVANCED_SEARCH)).toBe('');
  });

  it('SEARCH-3 reopening the form gives back the fields it was built from', () => {
    const forms: AdvancedSearch[] = [
      form({ from: 'ana' }),
      form({ from: 'Ana María, bob@example.com', subject: 'camión', hasAttachment: true }),
      form({ to: 'ana.garcia@correo.es', since: '2026-02-01', until: '2026-02-28', unread: true }),
      form({
        subject: 'fin de "año nuevo"',
        body: 'cena viernes',
        folder: 'Proyectos 2026',
        tag: 'Importante',
      }),
      form({ words: 'factura OR recibo -spam', size: { op: 'smaller', amount: 200, unit: 'K' } }),
      form({ words: 'is:read', priority: 'low', size: { op: 'larger', amount: 5, unit: 'M' } }),
    ];
    for (const f of forms) {
      expect(advancedFromQuery(advancedToQuery(f), OPTIONS), JSON.stringify(f)).toEqual(f);
    }
  });

  it('SEARCH-3 reading a typed query keeps what has no field in the words, so nothing is lost', () => {
    expect(
      advancedFromQuery(
        'camion from:ana -from:bob is:read in:inbox in:archivo after:2026-03',
        OPTIONS,
      ),
    ).toEqual(
      form({
        words: 'camion -from:bob is:read in:archivo',
        from: 'ana',
        folder: 'inbox',
        since: '2026-03-01',
      }),
    );
    expect(advancedFromQuery('after:"2026-03-01" smaller:"5M"', OPTIONS)).toEqual(
      form({ since: '2026-03-01', size: { op: 'smaller', amount: 5, unit: 'M' } }),
    );
    expect(advancedFromQuery('before:2026 larger:1000 priority:2', OPTIONS)).toEqual(
      form({
        until: '2025-12-31',
        size: { op: 'larger', amount: 1000 / 1024, unit: 'K' },
        priority: 'high',
      }),
    );
  });

  it('SEARCH-3 the form and the query it builds find the same mail, and so does the query read back', () => {
    for (const text of [
      'camion sabado OR cena',
      'from:ana OR from:pedro cena',
      'subject:"fin de año" -has:attachment',
      'is:read -is:flagged after:2026-02 before:2026-03-02',
      'tag:importante OR tag:facturas larger:100K',
      'info* -meeting in:inbox priority:high',
      '-in:inbox -in:archivo',
    ]) {
      const rebuilt = advancedToQuery(advancedFromQuery(text, OPTIONS));
      expect(search(rebuilt), `${text} → ${rebuilt}`).toEqual(search(text));
    }
  });

  it('SEARCH-3 the until day is inclusive: a message late that evening is found', () => {
    const text = advancedToQuery(form({ since: '2026-02-28', until: '2026-02-28' }));
    expect(text).toBe('after:2026-02-28 before:2026-03-01');
    expect(search(text)).toEqual(['d10', 'd19']);
  });

  it('SEARCH-3 ignores unusable form values instead of building a broken query', () => {
    const text = advancedToQuery(
      form({
        from: ' , ',
        since: 'mañana',
        until: '2026-02-30',
        size: { op: 'larger', amount: -1, unit: 'K' },
        folder: '  ',
      }),
    );
    expect(text).toBe('');
    expect(advancedToQuery(form({ subject: 'say "hi" there', from: 'x"y' }))).toBe(
      'from:"x y" subject:say subject:"hi" subject:there',
    );
  });
});
