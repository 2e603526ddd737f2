import { describe, expect, it } from 'vitest';
import { matches } from '../../../src/search/query/match.js';
import { parseQuery } from '../../../src/search/query/parse.js';
import { prepareDoc } from '../../../src/search/query/search-doc.js';
import { DOCS, OPTIONS, search } from './fixture.js';

const ALL = DOCS.map((d) => d.id);
const except = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

describe('matches over the fixture mailbox: words, OR, phrases, prefixes, negation (SEARCH-1)', () => {
  it('SEARCH-1 camion finds camión and CAMIÓN (and a decomposed camión), but not camiones', () => {
    const expected = ['d01', 'd02', 'd10', 'd24'];
    expect(search('camion')).toEqual(expected);
    expect(search('CAMIÓN')).toEqual(expected);
    expect(search('Camión')).toEqual(expected);
  });

  it('SEARCH-1 folds ß, ñ and ç the same in mail and query', () => {
    expect(search('strasse')).toEqual(['d11']);
    expect(search('STRAẞE')).toEqual(['d11']);
    expect(search('grusse')).toEqual(['d29']);
    expect(search('gross')).toEqual(['d11', 'd29']);
    expect(search('nandu')).toEqual(['d23']);
    expect(search('PEÑISCOLA')).toEqual(['d08']);
    expect(search('francois')).toEqual(['d30']);
  });

  it('SEARCH-1 ANDs words', () => {
    expect(search('camion sabado')).toEqual(['d01', 'd10']);
    expect(search('camion sabado perfecto')).toEqual(['d10']);
  });

  it('SEARCH-1 ORs words joined by OR', () => {
    expect(search('camion OR presupuesto')).toEqual(['d01', 'd02', 'd10', 'd17', 'd23', 'd24']);
  });

  it('SEARCH-1 OR binds tighter than AND: camion sabado OR cena = camion AND (sabado OR cena)', () => {
    expect(search('camion sabado OR cena')).toEqual(['d01', 'd10']);
    expect(search('cena OR sabado camion')).toEqual(['d01', 'd10']);
  });

  it('SEARCH-1 "exact phrase" needs the words together and in order', () => {
    expect(search('"fin de año"')).toEqual(['d06']);
    expect(search('"FIN DE ANO"')).toEqual(['d06']);
    expect(search('fin de año')).toEqual(['d06', 'd07']);
    expect(search('"año de fin"')).toEqual([]);
  });

  it('SEARCH-1 info* finds words starting with info; inf* only the word inf', () => {
    expect(search('info*')).toEqual(['d02', 'd04', 'd05', 'd12']);
    expect(search('inf*')).toEqual(['d13']);
    expect(search('camio*')).toEqual(['d01', 'd02', 'd10', 'd17', 'd24']);
  });

  it('SEARCH-1 -word excludes', () => {
    expect(search('camion -sabado')).toEqual(['d02', 'd24']);
    expect(search('-camion')).toEqual(except('d01', 'd02', 'd10', 'd24'));
    expect(search('-"fin de año" fin')).toEqual(['d07']);
    expect(search('sabado OR -viernes')).toEqual(except('d16', 'd25'));
    expect(search('cena OR -viernes')).toEqual(ALL);
  });

  it('SEARCH-1 a word with punctuation must appear as written: ana.garcia, 2026-03-04', () => {
    expect(search('ana.garcia')).toEqual(['d01', 'd05', 'd10', 'd16', 'd21', 'd25']);
    expect(search('2026-03-04')).toEqual(['d18']);
  });

  it('SEARCH-1 the empty query matches everything (the caller shows no search instead)', () => {
    expect(search('')).toEqual(ALL);
  });
});

describe('matches: operators (SEARCH-6, SEARCH-3)', () => {
  it('SEARCH-6 from: matches the sender name or address parts, never cc or to', () => {
    expect(search('from:ana')).toEqual(['d01', 'd21', 'd25']);
    expect(search('from:"Ana María"')).toEqual(['d01', 'd25']);
    expect(search('from:"ana garcia"')).toEqual(['d01', 'd21', 'd25']);
    expect(search('from:empresa.example')).toEqual(['d06', 'd09', 'd12', 'd13', 'd17', 'd28']);
  });

  it('SEARCH-6 from:ana.garcia@correo.es matches that whole address only; @domain matches subdomains', () => {
    expect(search('from:ana.garcia@correo.es')).toEqual(['d01', 'd25']);
    expect(search('from:ANA.GARCIA@CORREO.ES')).toEqual(['d01', 'd25']);
    expect(search('from:@correo.es')).toEqual(['d01', 'd22', 'd25']);
    expect(search('from:@orreo.es')).toEqual([]);
  });

  it('SEARCH-6 to: and cc: look at their own fields', () => {
    expect(search('to:ana')).toEqual(['d10']);
    expect(search('cc:ana')).toEqual(['d05', 'd16']);
    expect(search('to:equipo@empresa.example')).toEqual(['d17']);
  });

  it('SEARCH-6 subject: and body: look only at their field', () => {
    expect(search('subject:camion')).toEqual(['d01', 'd02', 'd10']);
    expect(search('body:camion')).toEqual(['d01', 'd02', 'd24']);
    expect(search('subject:"fin de año"')).toEqual(['d06']);
    expect(search('body:infor*')).toEqual(['d02', 'd04', 'd12']);
  });

  it('SEARCH-6 tag: matches the keyword of a tag by name, case-insensitive', () => {
    expect(search('tag:importante')).toEqual(['d08', 'd23']);
    expect(search('tag:Facturas')).toEqual(['d03', 'd19']);
    expect(search('tag:"proyecto x"')).toEqual(['d12']);
    expect(search('label:IMPORTANTE')).toEqual(['d08', 'd23']);
    // Not a tag name here, but tags are keywords: the keyword itself still works.
    expect(search('tag:$label1')).toEqual(['d08', 'd23']);
    expect(search('tag:nada')).toEqual([]);
  });

  it('SEARCH-6 in: matches the mailbox ids the resolver gives for a name', () => {
    expect(search('in:enviados')).toEqual(['d10']);
    expect(search('in:"Proyectos 2026"')).toEqual(['d12', 'd17']);
    const inbox = DOCS.filter((d) => d.mailboxId === 'mb-inbox').map((d) => d.id);
    expect(search('in:inbox')).toEqual(inbox);
    expect(search('in:"bandeja de entrada"')).toEqual(inbox);
    expect(search('-in:inbox -in:archivo')).toEqual(['d10', 'd12', 'd15', 'd17']);
    expect(search('in:papelera')).toEqual([]);
  });

  it('SEARCH-6 in: without a resolver compares the mailbox name, accent-insensitive', () => {
    expect(search('in:ARCHIVO', undefined)).toEqual(['d04', 'd05', 'd28']);
    expect(search('in:mb-sent', undefined)).toEqual(['d10']);
  });

  it('SEARCH-6 has:attachment, is:unread, is:read, is:flagged', () => {
    const withFiles = ['d02', 'd03', 'd08', 'd12', 'd19', 'd23', 'd26'];
    expect(search('has:attachment')).toEqual(withFiles);
    expect(search('-has:attachment')).toEqual(except(...withFiles));
    const unread = ['d01', 'd09', 'd16', 'd18', 'd23'];
    expect(search('is:unread')).toEqual(unread);
    expect(search('is:read')).toEqual(except(...unread));
    expect(search('is:flagged')).toEqual(['d04', 'd25']);
    expect(search('is:starred')).toEqual(['d04', 'd25']);
  });

  it('SEARCH-6 before: is exclusive and after: inclusive of the local day', () => {
    const before = search('before:2026-03-01');
    expect(before).toContain('d10'); // 28 Feb 23:59
    expect(before).not.toContain('d09'); // 1 Mar 00:30
    const after = search('after:2026-03-01');
    expect(after).toContain('d09');
    expect(after).not.toContain('d10');
    expect(search('after:2026-03')).toEqual(after);
    expect([...before, ...after].sort()).toEqual([...ALL].sort());
    expect(search('before:2026')).toEqual(['d06', 'd08', 'd29']);
    expect(search('after:2026-03-12')).toEqual(['d16', 'd25']);
    expect(search('after:2026-02-28 before:2026-03-02')).toEqual(['d09', 'd10', 'd19']);
  });

  it('SEARCH-3 larger: and smaller: compare the size in bytes', () => {
    expect(search('larger:5M')).toEqual(['d08']);
    expect(search('larger:2M')).toEqual(['d08', 'd12']);
    expect(search('larger:100K smaller:1M')).toEqual(['d02', 'd03', 'd23']);
    expect(search('larger:120K smaller:250000')).toEqual(['d23']);
  });

  it('SEARCH-3 priority:high finds X-Priority 1 and 2; low 4 and 5', () => {
    expect(search('priority:high')).toEqual(['d09', 'd12', 'd18']);
    expect(search('priority:low')).toEqual(['d14', 'd15', 'd30']);
    expect(search('priority:normal').length).toBe(ALL.length - 6);
  });

  it('SEARCH-6 combines operators with words, negations and OR', () => {
    expect(search('from:luis has:attachment')).toEqual(['d12']);
    expect(search('in:inbox is:unread priority:high')).toEqual(['d09', 'd18']);
    expect(search('-from:bob meeting')).toEqual([]);
    expect(search('factura OR invoice has:attachment')).toEqual(['d03', 'd19']);
    expect(search('is:flagged OR tag:importante -in:inbox')).toEqual(['d04']);
  });

  it('SEARCH-6 a malformed value searches the text typed, warning instead of throwing', () => {
    const { query, warnings } = parseQuery('before:soon', OPTIONS);
    expect(warnings).toEqual(['not a date: soon']);
    expect(DOCS.filter((d) => matches(query, d))).toEqual([]);
  });

  it('SEARCH-1 gives the same answers for a prepared document, query after query', () => {
    const prepared = DOCS.map((d) => ({ id: d.id, doc: prepareDoc(d) }));
    for (const text of ['camion', 'from:ana', '"fin de año"', 'info*', 'is:unread -camion']) {
      const { query } = parseQuery(text, OPTIONS);
      expect(
        prepared.filter((p) => matches(query, p.doc)).map((p) => p.id),
        text,
      ).toEqual(search(text));
    }
  });
});
