import { describe, expect, it } from 'vitest';

import { conditionMatches, matchesFilter, runFilters } from '../../src/filters/engine.js';
import type { Condition } from '../../src/filters/model.js';
import { wildcardMatch } from '../../src/filters/wildcard.js';
import { filter, filterMessage } from './support/messages.js';

const tag = (keyword: string) => ({ type: 'tag', keyword }) as const;
const move = (path: string) => ({ type: 'move', folder: { path } }) as const;

describe('filter conditions (engine)', () => {
  it('FILTER-1 matches every field and operator, ignoring case, on a real message', async () => {
    const m = await filterMessage('invoice.eml');
    const yes: Condition[] = [
      { field: 'from', op: 'contains', negate: false, value: 'ALICE@' },
      { field: 'from', op: 'contains', negate: false, value: 'pérez' },
      { field: 'from', op: 'is', negate: false, value: 'Alice@Example.com' },
      { field: 'from', op: 'matches', negate: false, value: '*@example.???' },
      { field: 'to', op: 'is', negate: false, value: 'me@example.org' },
      { field: 'cc', op: 'contains', negate: false, value: 'bob' },
      { field: 'subject', op: 'is', negate: false, value: 'FACTURA DE MARZO' },
      { field: 'subject', op: 'matches', negate: false, value: 'factura ?e *' },
      { field: 'subject', op: 'contains', negate: false, value: 'de mar' },
      { field: 'body', op: 'contains', negate: false, value: 'pago PENDIENTE' },
      { field: 'body', op: 'matches', negate: false, value: '*120 eur*' },
      { field: 'header', header: 'x-mailer', op: 'is', negate: false, value: 'contable 2.0' },
      { field: 'size', op: 'greater', negate: false, bytes: 100 },
      { field: 'size', op: 'less', negate: false, bytes: 100_000 },
      { field: 'attachment', negate: true },
    ];
    const no: Condition[] = [
      // is/matches on an address field look at the address, never the display name.
      { field: 'from', op: 'is', negate: false, value: 'Alice Pérez' },
      { field: 'from', op: 'matches', negate: false, value: 'Alice P*' },
      { field: 'subject', op: 'matches', negate: false, value: 'factura' },
      { field: 'subject', op: 'is', negate: false, value: 'factura' },
      { field: 'cc', op: 'contains', negate: false, value: 'alice' },
      { field: 'header', header: 'X-Absent', op: 'contains', negate: false, value: 'a' },
      { field: 'size', op: 'greater', negate: false, bytes: 100_000 },
      { field: 'attachment', negate: false },
    ];
    for (const c of yes) expect(conditionMatches(c, m), JSON.stringify(c)).toBe(true);
    for (const c of no) expect(conditionMatches(c, m), JSON.stringify(c)).toBe(false);
    // Every negation is the exact opposite, a missing header included.
    for (const c of [...yes, ...no])
      expect(conditionMatches({ ...c, negate: !c.negate }, m)).toBe(!conditionMatches(c, m));
  });

  it('FILTER-1 sees attachments as the reader does, and a missing subject as absent', async () => {
    expect((await filterMessage('shared:attachment-only.eml')).hasAttachment).toBe(true);
    expect((await filterMessage('shared:crlf-attachment.eml')).hasAttachment).toBe(true);
    const noSubject = { ...(await filterMessage('invoice.eml')), subject: null };
    expect(
      conditionMatches({ field: 'subject', op: 'matches', negate: false, value: '*' }, noSubject),
    ).toBe(false);
    expect(
      conditionMatches({ field: 'subject', op: 'contains', negate: true, value: 'x' }, noSubject),
    ).toBe(true);
  });

  it('FILTER-1 matches only * and ? as wildcards; everything else, backslash included, is literal', () => {
    expect(wildcardMatch('a.b', 'axb')).toBe(false);
    expect(wildcardMatch('a.b', 'A.B')).toBe(true);
    expect(wildcardMatch('(x)+[y]', '(X)+[y]')).toBe(true);
    expect(wildcardMatch('C:\\dir\\*', 'c:\\DIR\\file.txt')).toBe(true);
    expect(wildcardMatch('?', 'ñ')).toBe(true);
    expect(wildcardMatch('??', '😀')).toBe(false);
    expect(wildcardMatch('*', '')).toBe(true);
    expect(wildcardMatch('a*b*c', 'a\nxx\nbyc')).toBe(true);
    // Many stars against a long near-miss: a linear scan per star, not an exponential one.
    expect(wildcardMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(20_000))).toBe(false);
  });

  it('FILTER-1 joins conditions by ALL or ANY', async () => {
    const m = await filterMessage('invoice.eml');
    const hit = { field: 'subject', op: 'contains', negate: false, value: 'factura' } as const;
    const miss = { field: 'subject', op: 'contains', negate: false, value: 'nómina' } as const;
    expect(matchesFilter(filter([hit, miss], [tag('x')], { join: 'all' }), m)).toBe(false);
    expect(matchesFilter(filter([hit, miss], [tag('x')], { join: 'any' }), m)).toBe(true);
    expect(matchesFilter(filter([miss, miss], [tag('x')], { join: 'any' }), m)).toBe(false);
  });
});

describe('filter actions and order (engine)', () => {
  const always = { field: 'subject', op: 'contains', negate: false, value: 'factura' } as const;

  it('FILTER-1 collects every action of a matching filter', async () => {
    const m = await filterMessage('invoice.eml');
    const out = runFilters(
      [
        filter(
          [always],
          [
            move('Facturas'),
            { type: 'copy', folder: { path: 'Archivo/2025', id: 'local-7' } },
            tag('$label1'),
            { type: 'comment', text: 'Pagar antes del día 10' },
            { type: 'mark-read' },
            { type: 'priority', priority: 1 },
            { type: 'forward', to: 'Contable@Example.net' },
            { type: 'reply', templateId: 'tpl-recibido' },
          ],
        ),
      ],
      m,
    );
    expect(out).toMatchObject({
      keep: false,
      fileInto: [{ path: 'Facturas' }, { path: 'Archivo/2025', id: 'local-7' }],
      keywords: ['$label1'],
      comments: ['Pagar antes del día 10'],
      seen: true,
      priority: 1,
      forwards: ['contable@example.net'],
      replies: [{ id: 'tpl-recibido' }],
      trash: false,
      spam: false,
      stopped: false,
    });
  });

  it('FILTER-1 files a message moved by two filters into both folders, as Sieve does; copy keeps it', async () => {
    const m = await filterMessage('invoice.eml');
    const out = runFilters(
      [filter([always], [move('A')]), filter([always], [move('B'), move('A')])],
      m,
    );
    expect(out.fileInto.map((f) => f.path)).toEqual(['A', 'B']);
    expect(out.keep).toBe(false);
    const copy = runFilters([filter([always], [{ type: 'copy', folder: { path: 'A' } }])], m);
    expect(copy.keep).toBe(true);
    expect(copy.fileInto.map((f) => f.path)).toEqual(['A']);
  });

  it('FILTER-1 delete goes to Trash and mark as spam to Spam, both leaving the folder it arrived in', async () => {
    const m = await filterMessage('invoice.eml');
    expect(runFilters([filter([always], [{ type: 'delete' }])], m)).toMatchObject({
      trash: true,
      keep: false,
    });
    expect(runFilters([filter([always], [{ type: 'spam' }])], m)).toMatchObject({
      spam: true,
      keep: false,
    });
  });

  it('FILTER-2 runs filters top to bottom, skips inactive ones and stops at stop', async () => {
    const m = await filterMessage('invoice.eml');
    const first = filter([always], [tag('first')]);
    const off = filter([always], [tag('off'), move('Nunca')], { active: false });
    const stopper = filter([always], [tag('stopper'), { type: 'stop' }]);
    const after = filter([always], [tag('after')]);
    const out = runFilters([first, off, stopper, after], m);
    expect(out.keywords).toEqual(['first', 'stopper']);
    expect(out.matched).toEqual([first.id, stopper.id]);
    expect(out.stopped).toBe(true);
    expect(out.keep).toBe(true);
    // A non-matching filter's stop does nothing.
    const quiet = filter([{ ...always, negate: true }], [{ type: 'stop' }]);
    expect(runFilters([quiet, after], m).keywords).toEqual(['after']);
    // Order decides: the other way round, "after" runs first.
    expect(runFilters([after, stopper, first], m).keywords).toEqual(['after', 'stopper']);
  });

  it('FILTER-3 runs no filter on spam: it goes to Spam untouched', async () => {
    const m = await filterMessage('spam.eml', true);
    const out = runFilters(
      [filter([always], [tag('x'), { type: 'forward', to: 'a@b.example' }])],
      m,
    );
    expect(out).toMatchObject({ spam: true, keep: false, matched: [], keywords: [], forwards: [] });
  });

  it('FILTER-3 with the script installed, the app adds only what Sieve cannot, with the same stops', async () => {
    const m = await filterMessage('invoice.eml');
    const a = filter([always], [move('A'), { type: 'comment', text: 'uno' }, { type: 'stop' }]);
    const b = filter([always], [{ type: 'comment', text: 'dos' }]);
    const out = runFilters([a, b], m, { side: 'app' });
    expect(out).toMatchObject({ comments: ['uno'], fileInto: [], keep: true, stopped: true });
    expect(runFilters([a, b], await filterMessage('spam.eml', true), { side: 'app' }).spam).toBe(
      false,
    );
  });

  it('FILTER-5 a filter does not forward a message that already went through the target', async () => {
    const m = await filterMessage('looped.eml');
    const out = runFilters(
      [filter([always], [{ type: 'forward', to: 'me@elsewhere.example' }])],
      m,
    );
    expect(out.forwards).toEqual([]);
    // Redirected once already by this same user (an alias): not again, as in the Sieve script.
    const other = [filter([always], [{ type: 'forward', to: 'contable@example.net' }])];
    expect(runFilters(other, m).forwards).toEqual(['contable@example.net']);
    expect(runFilters(other, m, { ownAddresses: ['me@elsewhere.example'] }).forwards).toEqual([]);
  });

  it('FILTER-3 matchesFilter ignores the active flag and the spam verdict (match preview, run now)', async () => {
    const m = await filterMessage('spam.eml', true);
    expect(matchesFilter(filter([always], [tag('x')], { active: false }), m)).toBe(true);
  });
});
