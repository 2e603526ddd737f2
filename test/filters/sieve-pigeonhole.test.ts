// The compiled scripts run by the real Pigeonhole (Debian's dovecot-sieve): sievec must accept
// them on a stock configuration, and sieve-test must show the actions the app promises —
// and the same decisions the app's engine takes on the same .eml files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runFilters } from '../../src/filters/engine.js';
import type { AwaySettings, Condition, Filter, ForwardSettings } from '../../src/filters/model.js';
import { compileSieve } from '../../src/filters/sieve.js';
import type { SieveOptions } from '../../src/filters/sieve.js';
import { filter, filterMessage, rawEml } from './support/messages.js';
import type { Sandbox } from './support/pigeonhole.js';
import { compileWithSievec, makeSandbox, runSieveTest } from './support/pigeonhole.js';

const OPTIONS: SieveOptions = {
  junkFolder: 'Junk',
  trashFolder: 'Trash',
  ownAddresses: ['me@example.org'],
  zone: '+0000',
};
const ME = { from: 'alice@example.com', to: 'me@example.org' };
const always: Condition = { field: 'subject', op: 'contains', negate: false, value: 'factura' };

/** A UTC day `offset` days from today, as YYYY-MM-DD. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const HOSTILE = '"; discard; "\n.\n${buzon_stop}\\';

function away(extra: Partial<AwaySettings> = {}): AwaySettings {
  return {
    enabled: true,
    start: day(-1),
    end: day(1),
    subject: 'Fuera de la oficina "hasta" el lunes',
    text: `Estoy de vacaciones.\n.\n..dos puntos\n"; discard; "\n\${buzon_stop} y \\ fin`,
    days: 7,
    addresses: ['me@example.org'],
    ...extra,
  };
}

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
});
afterAll(() => box.remove());

async function run(
  filters: Filter[],
  eml: string,
  a: AwaySettings | null = null,
  f: ForwardSettings | null = null,
) {
  const { script } = compileSieve(filters, a, f, OPTIONS);
  expect(await compileWithSievec(box, script)).toBe('');
  return runSieveTest(box, script, rawEml(eml), ME);
}

describe('Sieve output on Pigeonhole', () => {
  it('FILTER-3 compiles every condition, action, the away message and forwarding with a stock sievec', async () => {
    const conditions: Condition[] = [
      { field: 'from', op: 'contains', negate: false, value: 'a' },
      { field: 'to', op: 'is', negate: true, value: 'b@example.org' },
      { field: 'cc', op: 'matches', negate: false, value: '*@example.*' },
      { field: 'subject', op: 'is', negate: false, value: 'x' },
      { field: 'body', op: 'matches', negate: true, value: '*y?*' },
      { field: 'header', header: 'X-Mailer', op: 'contains', negate: false, value: 'z' },
      { field: 'size', op: 'greater', negate: false, bytes: 10 },
      { field: 'size', op: 'less', negate: true, bytes: 10_000_000 },
      { field: 'attachment', negate: false },
    ];
    const filters = [
      filter(
        conditions,
        [
          { type: 'move', folder: { path: 'Facturas/2025' } },
          { type: 'copy', folder: { path: 'Archivo' } },
          { type: 'tag', keyword: '$label1' },
          { type: 'comment', text: 'c' },
          { type: 'mark-read' },
          { type: 'priority', priority: 5 },
          { type: 'forward', to: 'contable@example.net' },
          { type: 'reply', templateId: 't' },
          { type: 'delete' },
          { type: 'spam' },
          { type: 'stop' },
        ],
        { join: 'any' },
      ),
    ];
    const { script, requires } = compileSieve(
      filters,
      away(),
      { enabled: true, to: 'otro@example.net', keepCopy: true },
      OPTIONS,
    );
    expect(await compileWithSievec(box, script)).toBe('');
    expect(requires).toEqual([
      'body',
      'copy',
      'date',
      'fileinto',
      'foreverypart',
      'imap4flags',
      'mime',
      'relational',
      'vacation',
      'variables',
    ]);
  });

  it('FILTER-1 moves into the folder with the tags and \\Seen, whichever filter set them', async () => {
    const result = await run(
      [
        filter([always], [{ type: 'move', folder: { path: 'Facturas' } }]),
        filter([always], [{ type: 'tag', keyword: 'pagar' }, { type: 'mark-read' }]),
      ],
      'invoice.eml',
    );
    expect(result.stored).toEqual([
      { folder: 'Facturas', flags: expect.arrayContaining(['pagar', '\\seen']) as unknown },
    ]);
    expect(result.keep).toBeNull();
    expect(result.discarded).toBe(false);
  });

  it('FILTER-1 files a message moved twice into both folders; copy keeps it in the Inbox', async () => {
    const moved = await run(
      [
        filter(
          [always],
          [
            { type: 'move', folder: { path: 'A' } },
            { type: 'move', folder: { path: 'B' } },
          ],
        ),
      ],
      'invoice.eml',
    );
    expect(moved.stored.map((s) => s.folder)).toEqual(['A', 'B']);
    expect(moved.keep).toBeNull();
    const copied = await run(
      [filter([always], [{ type: 'copy', folder: { path: 'A' } }])],
      'invoice.eml',
    );
    expect(copied.stored.map((s) => s.folder)).toEqual(['A']);
    expect(copied.keep?.folder).toBe('INBOX');
  });

  it('FILTER-1 delete files into Trash, mark as spam into Junk with $Junk, forward redirects and keeps', async () => {
    const deleted = await run([filter([always], [{ type: 'delete' }])], 'invoice.eml');
    expect(deleted).toMatchObject({ stored: [{ folder: 'Trash' }], keep: null, discarded: false });
    const spam = await run([filter([always], [{ type: 'spam' }])], 'invoice.eml');
    expect(spam.stored).toEqual([{ folder: 'Junk', flags: ['$Junk'] }]);
    const forwarded = await run(
      [filter([always], [{ type: 'forward', to: 'contable@example.net' }])],
      'invoice.eml',
    );
    expect(forwarded.redirects).toEqual(['contable@example.net']);
    expect(forwarded.keep?.folder).toBe('INBOX');
  });

  it('FILTER-2 honours order, inactive filters and stop', async () => {
    const result = await run(
      [
        filter([always], [{ type: 'tag', keyword: 'uno' }]),
        filter([always], [{ type: 'move', folder: { path: 'Nunca' } }], { active: false }),
        filter([always], [{ type: 'tag', keyword: 'dos' }, { type: 'stop' }]),
        filter([always], [{ type: 'move', folder: { path: 'Tampoco' } }]),
      ],
      'invoice.eml',
    );
    expect(result.stored).toEqual([]);
    expect(result.keep).toEqual({ folder: 'INBOX', flags: ['uno', 'dos'] });
  });

  it('FILTER-1 the server and the engine agree on every condition, on five real messages', async () => {
    const base: Condition[] = [
      { field: 'from', op: 'contains', negate: false, value: 'alice' },
      { field: 'from', op: 'contains', negate: false, value: 'pérez' },
      { field: 'from', op: 'is', negate: false, value: 'ALICE@example.com' },
      { field: 'from', op: 'is', negate: false, value: 'Alice Pérez' },
      { field: 'from', op: 'matches', negate: false, value: '*@example.???' },
      { field: 'to', op: 'matches', negate: false, value: 'me@*' },
      { field: 'cc', op: 'contains', negate: false, value: 'me@example.org' },
      { field: 'subject', op: 'is', negate: false, value: 'factura de marzo' },
      { field: 'subject', op: 'matches', negate: false, value: '*factura*' },
      { field: 'subject', op: 'contains', negate: false, value: '[lista]' },
      { field: 'body', op: 'contains', negate: false, value: 'pago pendiente' },
      { field: 'body', op: 'matches', negate: false, value: '*factura*' },
      { field: 'header', header: 'List-Id', op: 'contains', negate: false, value: 'lists.example' },
      { field: 'header', header: 'x-mailer', op: 'matches', negate: false, value: 'contable ?.0' },
      { field: 'size', op: 'greater', negate: false, bytes: 380 },
      { field: 'size', op: 'less', negate: false, bytes: 1000 },
      { field: 'attachment', negate: false },
    ];
    const conditions = base.flatMap((c) => [c, { ...c, negate: true }]);
    const filters = conditions.map((c, i) => filter([c], [{ type: 'tag', keyword: `c${i}` }]));
    const fixtures = [
      'invoice.eml',
      'list.eml',
      'auto-reply.eml',
      'shared:attachment-only.eml',
      'shared:alternative-related-cid.eml',
    ];
    for (const name of fixtures) {
      const server = await run(filters, name);
      const app = runFilters(filters, await filterMessage(name));
      expect(server.keep?.flags ?? [], name).toEqual(app.keywords);
    }
  });

  it('FILTER-3 files spam into Junk with $Junk and runs no filter on it', async () => {
    const result = await run(
      [
        filter(
          [always],
          [
            { type: 'tag', keyword: 'x' },
            { type: 'forward', to: 'contable@example.net' },
          ],
        ),
      ],
      'spam.eml',
      away(),
      { enabled: true, to: 'otro@example.net', keepCopy: true },
    );
    expect(result.stored).toEqual([{ folder: 'Junk', flags: ['$Junk'] }]);
    expect(result).toMatchObject({ keep: null, redirects: [], vacation: null });
  });
});

describe('away message and forwarding on Pigeonhole', () => {
  it('FILTER-4 answers once per period with the subject and text exactly as written', async () => {
    const result = await run([], 'invoice.eml', away());
    expect(result.vacation?.subject).toBe('Fuera de la oficina "hasta" el lunes');
    // A multi-line string keeps its last line break (RFC 5228 §2.4.2).
    expect(result.vacation?.text.replace(/\r/g, '')).toBe(away().text + '\n');
    expect(result.raw).toContain('seconds : 604800');
    expect(result.keep?.folder).toBe('INBOX');
    expect(result.discarded).toBe(false);
  });

  it('FILTER-4 never answers spam, lists or robots, nor outside its dates', async () => {
    for (const name of ['spam.eml', 'list.eml', 'auto-reply.eml']) {
      expect((await run([], name, away())).vacation, name).toBeNull();
    }
    expect(
      (await run([], 'invoice.eml', away({ start: day(-10), end: day(-2) }))).vacation,
    ).toBeNull();
    expect((await run([], 'invoice.eml', away({ start: day(2), end: null }))).vacation).toBeNull();
    expect(
      (await run([], 'invoice.eml', away({ start: null, end: null }))).vacation,
    ).not.toBeNull();
  });

  it('FILTER-5 forwards with or without a copy, and never into a loop', async () => {
    const kept = await run([], 'invoice.eml', null, {
      enabled: true,
      to: 'otro@example.net',
      keepCopy: true,
    });
    expect(kept.redirects).toEqual(['otro@example.net']);
    expect(kept.keep?.folder).toBe('INBOX');
    const gone = await run(
      [filter([always], [{ type: 'tag', keyword: 'x' }])],
      'invoice.eml',
      null,
      { enabled: true, to: 'otro@example.net', keepCopy: false },
    );
    expect(gone).toMatchObject({ redirects: ['otro@example.net'], keep: null, stored: [] });
    const loop = await run([], 'looped.eml', null, {
      enabled: true,
      to: 'me@elsewhere.example',
      keepCopy: false,
    });
    expect(loop.redirects).toEqual([]);
    expect(loop.keep?.folder).toBe('INBOX');
  });

  it('FILTER-3 hostile names, values and texts stay data: no injected command runs', async () => {
    const hostileFilter = filter(
      [{ field: 'subject', op: 'contains', negate: true, value: '"; discard; "' }],
      [{ type: 'move', folder: { path: '"; discard; "${buzon_stop}\\' } }],
      { description: 'x\n}\ndiscard;\n# "' },
    );
    const result = await run(
      [hostileFilter],
      'invoice.eml',
      away({ subject: HOSTILE.replace(/\n/g, ' ') }),
    );
    expect(result.discarded).toBe(false);
    expect(result.stored).toEqual([{ folder: '"; discard; "${buzon_stop}\\', flags: [] }]);
    expect(result.vacation?.subject).toBe(HOSTILE.replace(/\n/g, ' '));
  });
});
