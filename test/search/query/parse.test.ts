import { describe, expect, it } from 'vitest';
import { isEmptyQuery, type Clause, type Query } from '../../../src/search/query/ast.js';
import { MAX_QUERY_TERMS } from '../../../src/search/query/limits.js';
import { parseQuery } from '../../../src/search/query/parse.js';
import { formatQuery } from '../../../src/search/query/print.js';
import { OPTIONS } from './fixture.js';

const parse = (text: string) => parseQuery(text, OPTIONS);
/** A clause as compact text: `word:x`, `-prefix:info`, `phrase:fin de ano`, alternatives joined by |. */
function shape(clause: Clause): string {
  return clause.any
    .map(({ negated, term }) => {
      const sign = negated ? '-' : '';
      switch (term.kind) {
        case 'word':
          return `${sign}${term.field}:word:${term.token}`;
        case 'prefix':
          return `${sign}${term.field}:prefix:${term.prefix}`;
        case 'phrase':
          return `${sign}${term.field}:phrase:${term.tokens.join(' ')}`;
        case 'address':
          return `${sign}${term.field}:address:${term.address}`;
        default:
          return `${sign}${term.kind}:${term.raw}`;
      }
    })
    .join(' | ');
}
const shapes = (q: Query) => q.all.map(shape);
const madrid = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 60 * 60_000;

describe('parseQuery', () => {
  it('SEARCH-1 ANDs words, ORs across OR, and OR binds tighter: a b OR c -d = a AND (b OR c) AND NOT d', () => {
    const { query, warnings } = parse('a b OR c -d');
    expect(shapes(query)).toEqual(['any:word:a', 'any:word:b | any:word:c', '-any:word:d']);
    expect(warnings).toEqual([]);
    expect(shapes(parse('a OR b OR c').query)).toEqual(['any:word:a | any:word:b | any:word:c']);
  });

  it('SEARCH-1 reads lower-case or, a dangling OR and AND as words or no-ops', () => {
    expect(shapes(parse('cena or comida').query)).toEqual([
      'any:word:cena',
      'any:word:or',
      'any:word:comida',
    ]);
    expect(shapes(parse('OR cena').query)).toEqual(['any:word:or', 'any:word:cena']);
    expect(shapes(parse('cena OR').query)).toEqual(['any:word:cena', 'any:word:or']);
    expect(shapes(parse('cena AND viernes').query)).toEqual(['any:word:cena', 'any:word:viernes']);
  });

  it('SEARCH-1 parses "exact phrases", closing an unbalanced quote at the end, typographic quotes too', () => {
    expect(shapes(parse('"fin de año"').query)).toEqual(['any:phrase:fin de ano']);
    expect(shapes(parse('cena "fin de AÑO').query)).toEqual([
      'any:word:cena',
      'any:phrase:fin de ano',
    ]);
    expect(shapes(parse('“fin de año” «año nuevo»').query)).toEqual([
      'any:phrase:fin de ano',
      'any:phrase:ano nuevo',
    ]);
    expect(shapes(parse('-"fin de año"').query)).toEqual(['-any:phrase:fin de ano']);
  });

  it('SEARCH-1 makes info* a prefix only from 4 characters on; inf* is the literal word inf', () => {
    expect(shapes(parse('info*').query)).toEqual(['any:prefix:info']);
    expect(shapes(parse('inf*').query)).toEqual(['any:word:inf']);
    expect(shapes(parse('Camió*').query)).toEqual(['any:prefix:camio']);
    expect(shapes(parse('año*').query)).toEqual(['any:word:ano']);
    expect(shapes(parse('"info*"').query)).toEqual(['any:word:info']);
  });

  it('SEARCH-1 reads an unquoted word with punctuation as the phrase of its parts', () => {
    expect(shapes(parse('ana.garcia e-mail').query)).toEqual([
      'any:phrase:ana garcia',
      'any:phrase:e mail',
    ]);
  });

  it('SEARCH-6 parses every operator, names in any case, values quoted or not', () => {
    const { query, warnings } = parse(
      'FROM:ana to:"Bob Smith" cc:luis subject:"fin de año" body:factu* tag:Importante label:facturas ' +
        'in:"Bandeja de entrada" has:attachment is:unread is:read is:starred before:2026-03-01 after:2026 ' +
        'larger:5M smaller:200K priority:high',
    );
    expect(warnings).toEqual([]);
    expect(shapes(query)).toEqual([
      'from:word:ana',
      'to:phrase:bob smith',
      'cc:word:luis',
      'subject:phrase:fin de ano',
      'body:prefix:factu',
      'tag:Importante',
      'tag:facturas',
      'folder:"Bandeja de entrada"',
      'flag:attachment',
      'flag:unread',
      'flag:read',
      'flag:starred',
      'date:2026-03-01',
      'date:2026',
      'size:5M',
      'size:200K',
      'priority:high',
    ]);
    const folder = query.all[7]?.any[0]?.term;
    expect(folder?.kind === 'folder' && folder.name).toBe('Bandeja de entrada');
  });

  it('SEARCH-6 negates operators with -, and reads a whole address or @domain as an address', () => {
    expect(
      shapes(parse('-from:bob -has:attachment from:Ana.Garcia@Correo.es to:@correo.es').query),
    ).toEqual([
      '-from:word:bob',
      '-flag:attachment',
      'from:address:ana.garcia@correo.es',
      'to:address:@correo.es',
    ]);
  });

  it('SEARCH-6 reads dates as local midnights: before: exclusive, after: inclusive, ISO prefixes', () => {
    const at = (text: string) => {
      const term = parse(text).query.all[0]?.any[0]?.term;
      return term?.kind === 'date' ? term.at : null;
    };
    expect(at('before:2026-03-01')).toBe(madrid(2026, 3, 1));
    expect(at('after:2026-03')).toBe(madrid(2026, 3, 1));
    expect(at('after:2026')).toBe(madrid(2026, 1, 1));
    expect(at('after:2026/3/7')).toBe(madrid(2026, 3, 7));
    expect(parseQuery('after:2026-03-01').query.all[0]?.any[0]?.term).toMatchObject({
      at: new Date(2026, 2, 1).getTime(),
    });
  });

  it('SEARCH-3 reads sizes in binary units and priorities by name or number', () => {
    const values = parse(
      'larger:5M smaller:200k larger:1,5MB smaller:1000 priority:LOW priority:2',
    ).query.all.map((c) => c.any[0]?.term);
    expect(
      values.map((t) => (t?.kind === 'size' ? t.bytes : t?.kind === 'priority' ? t.level : null)),
    ).toEqual([5 * 1024 * 1024, 200 * 1024, 1.5 * 1024 * 1024, 1000, 'low', 'high']);
  });

  it('SEARCH-6 warns about a malformed value and searches it as the plain text typed', () => {
    const { query, warnings } = parse(
      'before:soon larger:huge is:happy has:dog priority:urgent after:2026-02-30 cena',
    );
    expect(warnings).toEqual([
      'not a date: soon',
      'not a size: huge',
      'unknown is: value: happy',
      'unknown has: value: dog',
      'not a priority: urgent',
      'not a date: 2026-02-30',
    ]);
    expect(shapes(query)).toEqual([
      'any:phrase:before soon',
      'any:phrase:larger huge',
      'any:phrase:is happy',
      'any:phrase:has dog',
      'any:phrase:priority urgent',
      'any:phrase:after 2026 02 30',
      'any:word:cena',
    ]);
  });

  it('SEARCH-6 warns about an operator with no value and ignores it', () => {
    const { query, warnings } = parse('from: cena -in: tag:"" subject:!!! body:"  "');
    expect(shapes(query)).toEqual(['any:word:cena']);
    expect(warnings).toEqual([
      'from: needs a value',
      'in: needs a value',
      'tag: needs a value',
      'subject: needs a value',
      'body: needs a value',
    ]);
  });

  it('SEARCH-1 treats unknown operators as text: 10:30, https://x.example', () => {
    expect(shapes(parse('10:30 https://x.example').query)).toEqual([
      'any:phrase:10 30',
      'any:phrase:https x example',
    ]);
  });

  it('SEARCH-1 gives the empty query for blank text, lone quotes, dashes and punctuation', () => {
    for (const text of ['', '   ', '"', '""', '-', '- -', '!!!', '\u202E', '«»']) {
      const { query } = parse(text);
      expect(isEmptyQuery(query), JSON.stringify(text)).toBe(true);
    }
  });

  it(`SEARCH-1 keeps at most ${MAX_QUERY_TERMS} terms and says so`, () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    const { query, warnings } = parse(words.join(' '));
    expect(query.all).toHaveLength(MAX_QUERY_TERMS);
    expect(shape(query.all[MAX_QUERY_TERMS - 1] as Clause)).toBe(
      `any:word:w${MAX_QUERY_TERMS - 1}`,
    );
    expect(warnings).toEqual([`only the first ${MAX_QUERY_TERMS} terms are used`]);

    const ored = parse(words.join(' OR ')).query;
    expect(ored.all).toHaveLength(1);
    expect(ored.all[0]?.any).toHaveLength(MAX_QUERY_TERMS);
    expect(parse(words.slice(0, MAX_QUERY_TERMS).join(' ')).warnings).toEqual([]);
  });

  it('SEARCH-6 prints a query back to text that parses to the same query', () => {
    for (const text of [
      'camion sabado OR marzo -spam',
      'from:"Ana María" subject:"fin de año" -has:attachment is:read',
      'info* inf* "OR" before:soon tag:"Proyecto X" in:Enviados larger:1,5M',
      '“curly” «quotes» "unbalanced',
    ]) {
      const first = parse(text).query;
      expect(parse(formatQuery(first)).query, text).toEqual(first);
    }
    expect(formatQuery(parse('a  b   OR  c “d e”').query)).toBe('a b OR c "d e"');
  });
});
