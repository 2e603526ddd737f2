// Hostile input: whatever is typed or pasted, parsing, matching, planning and snippets
// return (never throw) and stay bounded. No timings are asserted; these only run.
import { describe, expect, it } from 'vitest';
import { advancedFromQuery, advancedToQuery } from '../../../src/search/query/advanced.js';
import { MAX_QUERY_CHARS, MAX_QUERY_TERMS } from '../../../src/search/query/limits.js';
import { matches } from '../../../src/search/query/match.js';
import { parseQuery } from '../../../src/search/query/parse.js';
import { planQuery } from '../../../src/search/query/plan.js';
import { formatQuery } from '../../../src/search/query/print.js';
import { snippet } from '../../../src/search/query/snippet.js';
import { DOCS, OPTIONS, RESOLVER } from './fixture.js';

const HUNDRED_KB = 100 * 1024;

const HOSTILE: Record<string, string> = {
  'a lone quote': '"',
  'a lone dash': '-',
  'OR OR': 'OR OR',
  'OR alone': 'OR',
  'dashes and ORs': '- -- --- OR - OR -',
  'bidi controls': '\u202Ecamion\u202C \u2067from:ana\u2069 \u200F-\u200Fviernes',
  'NUL and lone surrogates': '\u0000camion\uD800 \uDFFFfrom:\u0000',
  'operators with nothing': 'from: to: in: tag: before: larger: is: has: priority:',
  'quotes of every kind': '"“”„«»"«',
  '100 KB of one word': 'a'.repeat(HUNDRED_KB),
  '100 KB of words': 'camion '.repeat(HUNDRED_KB / 7),
  '100 KB of quotes': '"'.repeat(HUNDRED_KB),
  '100 KB of dashes': '-'.repeat(HUNDRED_KB),
  '100 KB of OR': 'OR '.repeat(HUNDRED_KB / 3),
  '100 KB of parentheses': '('.repeat(HUNDRED_KB),
  '100 KB phrase': `"${'fin de año '.repeat(HUNDRED_KB / 11)}"`,
  '100 KB prefix': `${'info'.repeat(HUNDRED_KB / 4)}*`,
  '100 KB of operators': 'from:"a b" -is:unread before:soon '.repeat(HUNDRED_KB / 34),
  '100 KB of combining marks': 'a' + '\u0301'.repeat(HUNDRED_KB),
  '100 KB of emoji': '😀'.repeat(HUNDRED_KB / 2),
};

describe('hostile queries (SEARCH-1, SEARCH-6)', () => {
  for (const [name, text] of Object.entries(HOSTILE)) {
    it(`SEARCH-1 survives ${name}`, () => {
      const { query, warnings } = parseQuery(text, OPTIONS);
      const literals = query.all.reduce((n, c) => n + c.any.length, 0);
      expect(literals).toBeLessThanOrEqual(MAX_QUERY_TERMS);
      expect(Array.isArray(warnings)).toBe(true);
      if (text.length > MAX_QUERY_CHARS) {
        expect(warnings).toContain(`query cut to its first ${MAX_QUERY_CHARS} characters`);
      }
      for (const d of DOCS) matches(query, d, RESOLVER);
      planQuery(query);
      snippet(DOCS[26]?.body ?? '', query);
      expect(parseQuery(formatQuery(query), OPTIONS).query).toEqual(query);
      advancedToQuery(advancedFromQuery(text, OPTIONS));
    });
  }

  it('SEARCH-1 parses the lone quote, dash and OR OR to something sensible', () => {
    expect(parseQuery('"', OPTIONS).query.all).toEqual([]);
    expect(parseQuery('-', OPTIONS).query.all).toEqual([]);
    const orOr = parseQuery('OR OR', OPTIONS).query;
    expect(orOr.all.map((c) => c.any.map((l) => l.term.kind === 'word' && l.term.token))).toEqual([
      ['or'],
      ['or'],
    ]);
    expect(formatQuery(orOr)).toBe('"OR" "OR"');
  });

  it('SEARCH-1 bidi controls around a word do not hide it', () => {
    const { query } = parseQuery('\u202Ecamion\u202C', OPTIONS);
    expect(DOCS.filter((d) => matches(query, d)).map((d) => d.id)).toEqual([
      'd01',
      'd02',
      'd10',
      'd24',
    ]);
  });

  it('SEARCH-6 matches and snippets a 100 KB body with a hostile query', () => {
    const body = `${'palabra '.repeat(HUNDRED_KB / 16)}camión ${'\u202E'.repeat(1000)}${'x'.repeat(HUNDRED_KB / 2)}`;
    const doc = { ...DOCS[0], id: 'big', body } as (typeof DOCS)[number];
    const { query } = parseQuery(
      `camion "palabra palabra" ${'pala*'} -"${'x'.repeat(5000)}"`,
      OPTIONS,
    );
    expect(matches(query, doc)).toBe(true);
    const segments = snippet(body, query);
    expect(segments.some((s) => s.hit && s.text === 'palabra palabra')).toBe(true);
    expect(segments.every((s) => !s.text.includes('\u202E'))).toBe(true);
  });
});
