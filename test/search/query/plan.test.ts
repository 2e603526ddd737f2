import { describe, expect, it } from 'vitest';
import { matches } from '../../../src/search/query/match.js';
import { parseQuery } from '../../../src/search/query/parse.js';
import { planQuery, type QueryPlan, type TextProbe } from '../../../src/search/query/plan.js';
import { prepareDoc, type PreparedDoc } from '../../../src/search/query/search-doc.js';
import { DOCS, OPTIONS, RESOLVER, local } from './fixture.js';

const plan = (text: string) => planQuery(parseQuery(text, OPTIONS).query);

/** What a simple posting-list index would answer for one probe: the tokens (and prefix) in the field. */
function probeHits(probe: TextProbe, doc: PreparedDoc): boolean {
  const tokens = doc.tokenRuns(probe.field).flat();
  return (
    probe.tokens.every((t) => tokens.includes(t)) &&
    (probe.prefix === null || tokens.some((t) => t.startsWith(probe.prefix ?? '')))
  );
}

/** The filters as a store would apply them. */
function passesFilters(p: QueryPlan, doc: PreparedDoc): boolean {
  const f = p.filters;
  const d = doc.doc;
  const seen = doc.keywords().has('$seen');
  const level = d.priority <= 2 ? 'high' : d.priority >= 4 ? 'low' : 'normal';
  const inFolder = (name: string) => RESOLVER.mailboxIdsFor(name)?.has(d.mailboxId) ?? false;
  const tagged = (name: string) =>
    doc.keywords().has((RESOLVER.keywordFor(name) ?? name).toLowerCase());
  return (
    (f.receivedFrom === null || d.receivedAt >= f.receivedFrom) &&
    (f.receivedBefore === null || d.receivedAt < f.receivedBefore) &&
    (f.largerThan === null || d.size > f.largerThan) &&
    (f.smallerThan === null || d.size < f.smallerThan) &&
    (f.unread === null || f.unread === !seen) &&
    (f.flagged === null || f.flagged === doc.keywords().has('$flagged')) &&
    (f.hasAttachment === null || f.hasAttachment === d.hasAttachment) &&
    (f.priorities === null || f.priorities.includes(level)) &&
    f.inFolders.every(inFolder) &&
    !f.notInFolders.some(inFolder) &&
    f.withTags.every(tagged) &&
    !f.withoutTags.some(tagged)
  );
}

describe('planQuery: what an index must look up', () => {
  it('SEARCH-1 turns words, prefixes and phrases into AND-of-OR probes; phrases need confirming', () => {
    const p = plan('camion info* "fin de año" from:luis factura OR invoice');
    expect(p.candidates).toEqual([
      [{ field: 'any', tokens: ['camion'], prefix: null, confirm: false }],
      [{ field: 'any', tokens: [], prefix: 'info', confirm: false }],
      [
        {
          field: 'any',
          tokens: ['fin', 'de', 'ano'],
          prefix: null,
          sequence: ['fin', 'de', 'ano'],
          confirm: true,
        },
      ],
      [{ field: 'from', tokens: ['luis'], prefix: null, confirm: false }],
      [
        { field: 'any', tokens: ['factura'], prefix: null, confirm: false },
        { field: 'any', tokens: ['invoice'], prefix: null, confirm: false },
      ],
    ]);
    expect(p.docOnly).toEqual([]);
    expect(p.exact).toBe(false);
    expect(plan('camion sabado').exact).toBe(true);
    expect(plan('from:ana.garcia@correo.es').candidates).toEqual([
      [{ field: 'from', tokens: ['ana', 'garcia', 'correo', 'es'], prefix: null, confirm: true }],
    ]);
  });

  it('SEARCH-6 gathers metadata operators into structured filters, negations included', () => {
    const p = plan(
      'after:2026-03 before:2026-04 -before:2026-03-05 larger:100K -larger:1M is:unread -has:attachment ' +
        '-priority:low in:inbox -in:spam tag:Facturas -tag:Importante',
    );
    expect(p.candidates).toEqual([]);
    expect(p.docOnly).toEqual([]);
    expect(p.impossible).toBe(false);
    expect(p.filters).toEqual({
      receivedFrom: local(2026, 3, 5, 0),
      receivedBefore: local(2026, 4, 1, 0),
      largerThan: 100 * 1024,
      smallerThan: 1024 * 1024 + 1,
      unread: true,
      flagged: null,
      hasAttachment: false,
      priorities: ['high', 'normal'],
      inFolders: ['inbox'],
      notInFolders: ['spam'],
      withTags: ['Facturas'],
      withoutTags: ['Importante'],
    });
  });

  it('SEARCH-1 leaves negated text and mixed ORs to be checked on the message', () => {
    const p = plan('camion -sabado cena OR is:unread in:inbox OR in:archivo');
    expect(p.candidates).toHaveLength(1);
    expect(p.docOnly.map((c) => c.any.map((l) => l.source).join('|'))).toEqual([
      'sabado',
      'cena|is:unread',
      'in:inbox|in:archivo',
    ]);
    expect(p.exact).toBe(false);
  });

  it('SEARCH-6 knows contradictions find nothing, and the empty query is empty', () => {
    expect(plan('is:read is:unread').impossible).toBe(true);
    expect(plan('after:2026-03 before:2026-02').impossible).toBe(true);
    expect(plan('larger:1M smaller:1M').impossible).toBe(true);
    expect(plan('priority:high priority:low').impossible).toBe(true);
    expect(plan('is:read -is:unread').impossible).toBe(false);
    expect(plan('').empty).toBe(true);
    expect(plan('-camion').candidates).toEqual([]);
  });

  it('SEARCH-1 never loses a match: candidates ∩ filters ⊇ matches, equal when exact', () => {
    const queries = [
      'camion',
      'camion sabado OR cena',
      '"fin de año"',
      'info* -meeting',
      'from:ana.garcia@correo.es',
      'from:@correo.es OR to:ana',
      'subject:camion has:attachment',
      'is:unread priority:high in:inbox',
      'after:2026-03 -tag:importante larger:50K',
      'tag:facturas OR tag:importante',
      'is:read -is:unread -before:2026-03-01',
      '-larger:100K -smaller:4000',
    ];
    for (const text of queries) {
      const { query } = parseQuery(text, OPTIONS);
      const p = planQuery(query);
      for (const d of DOCS) {
        const doc = prepareDoc(d);
        const candidate =
          !p.impossible &&
          p.candidates.every((group) => group.some((probe) => probeHits(probe, doc))) &&
          passesFilters(p, doc);
        const hit = matches(query, doc, RESOLVER);
        if (hit) expect(candidate, `${text} ${d.id}`).toBe(true);
        if (p.exact) expect(hit, `${text} ${d.id}`).toBe(candidate);
      }
    }
  });
});
