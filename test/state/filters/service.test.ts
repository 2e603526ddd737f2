// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// FILTER-1…3 through the real FilterService over a fresh fake-indexeddb database and the
// real (inline) parser: what is stored, what is refused, and what "run now" does to mail.
import { describe, expect, it } from 'vitest';
import { putSettingValues } from '../../../src/store/repos/settings.js';
import { createFilterService } from '../../../src/state/filters/service.js';
import { createInlineParser } from '../../../src/mail/parse.js';
import { INBOX_ID } from '../../../src/store/folder-rules.js';
import type { FilterRunProgress } from '../../../src/state/filter-types.js';
import { filter, filterHarness, first, put, subjectsIn } from './support.js';
import { removeBody } from '../../support/bodies.js';

describe('FilterService settings (FILTER-2)', () => {
  it('FILTER-2 saves, reorders, switches off and deletes filters, and they stay after a restart', async () => {
    const { db, filters } = await filterHarness();
    const a = filter({ description: 'A' });
    const b = filter({ description: 'B' });
    await filters.saveFilters([a, b]);
    await filters.saveFilters([b, { ...a, active: false }]);
    let s = await first(filters.observeSettings());
    expect(s.filters.map((f) => [f.description, f.active])).toEqual([
      ['B', true],
      ['A', false],
    ]);
    // Another service over the same database (a reload) reads the same.
    const again = createFilterService({ db, now: Date.now, parser: createInlineParser() });
    s = await first(again.observeSettings());
    expect(s.filters.map((f) => f.description)).toEqual(['B', 'A']);
    await filters.saveFilters([b]);
    s = await first(again.observeSettings());
    expect(s.filters.map((f) => f.description)).toEqual(['B']);
    expect(s.away).toBeNull();
    expect(s.forward).toBeNull();
  });

  it('FILTER-2 observeSettings re-emits when filters change', async () => {
    const { filters } = await filterHarness();
    const seen: number[] = [];
    let wake: () => unknown = () => undefined;
    const sub = filters.observeSettings().subscribe({
      next: (s) => {
        seen.push(s.filters.length);
        wake();
      },
    });
    const until = (n: number) =>
      new Promise<void>((resolve) => {
        wake = () => (seen.at(-1) === n ? resolve() : undefined);
        wake();
      });
    await until(0);
    await filters.saveFilters([filter()]);
    await until(1);
    await filters.saveFilters([filter(), filter()]);
    await until(2);
    sub.unsubscribe();
    expect(seen).toEqual([0, 1, 2]);
  });

  it('FILTER-1 refuses invalid filters and keeps what was stored', async () => {
    const { filters } = await filterHarness();
    await filters.saveFilters([filter({ description: 'Good' })]);
    await expect(filters.saveFilters([filter({ description: '   ' })])).rejects.toThrow(
      /description/,
    );
    await expect(
      filters.saveFilters([filter({ actions: [{ type: 'forward', to: 'not an address' }] })]),
    ).rejects.toThrow(/not valid/);
    await expect(
      filters.saveFilters([filter({ actions: [{ type: 'tag', keyword: 'two words' }] })]),
    ).rejects.toThrow(/not valid/);
    await expect(filters.saveFilters([filter({ conditions: [] })])).rejects.toThrow(/not valid/);
    const s = await first(filters.observeSettings());
    expect(s.filters.map((f) => f.description)).toEqual(['Good']);
  });

  it('FILTER-1 a stored filter with one bad part is dropped whole when read back', async () => {
    const { db, filters } = await filterHarness();
    const good = filter({ description: 'Good' });
    const bad = { ...filter({ description: 'Bad' }), actions: [{ type: 'explode' }] };
    await putSettingValues(db, { filters: [bad, good], filterAway: { enabled: 'yes' } });
    const s = await first(filters.observeSettings());
    expect(s.filters.map((f) => f.description)).toEqual(['Good']);
    expect(s.away).toBeNull();
  });

  it('FILTER-4/5 away and forwarding are kept; a bad forwarding address is refused', async () => {
    const { filters } = await filterHarness();
    await filters.saveAway({
      enabled: true,
      start: '2026-07-01',
      end: '2026-07-15',
      subject: 'De vacaciones',
      text: 'Vuelvo el 16.',
      days: 7,
      addresses: [],
    });
    await filters.saveForward({ enabled: true, to: 'me@elsewhere.example', keepCopy: true });
    await expect(
      filters.saveForward({ enabled: true, to: 'nowhere', keepCopy: true }),
    ).rejects.toThrow(/forwarding address/);
    const s = await first(filters.observeSettings());
    expect(s.away?.subject).toBe('De vacaciones');
    expect(s.forward).toEqual({ enabled: true, to: 'me@elsewhere.example', keepCopy: true });
    expect(filters.compileReport(s).warnings).toContain('loop-risk');
  });

  it('FILTER-3 without an account the rules run in the app only (state local)', async () => {
    const { filters } = await filterHarness();
    expect(await first(filters.observeServerState())).toEqual({ kind: 'local' });
  });

  it('FILTER-3 compileReport names the app-only actions with their sentence', async () => {
    const { filters } = await filterHarness();
    const f = filter({
      actions: [
        { type: 'tag', keyword: 'x' },
        { type: 'priority', priority: 1 },
      ],
    });
    const report = filters.compileReport({ filters: [f], away: null, forward: null });
    expect(report.clientOnly).toEqual([
      expect.objectContaining({ filterId: f.id, actionIndex: 1, reason: 'priority' }),
    ]);
    expect(report.clientOnly[0]?.message).toMatch(/editheader/);
  });
});

describe('run now and the match preview (FILTER-1, FILTER-3)', () => {
  it('FILTER-3 runNow moves and tags the matching messages, leaves the others and skips mail without bytes', async () => {
    const { db, filters, services } = await filterHarness();
    const folder = await services.folders.createFolder('Facturas', null);
    const ids = await put(db, INBOX_ID, [
      'Invoice 42',
      'Your INVOICE for May',
      'Dinner on Friday',
      'Invoice, not downloaded',
    ]);
    await removeBody(db, ids[3] as string);
    const f = filter({
      actions: [
        { type: 'move', folder: { path: 'Facturas', id: folder.id } },
        { type: 'tag', keyword: 'pagar' },
      ],
    });
    const report = await filters.runNow(f, INBOX_ID);
    expect(report).toEqual({ examined: 4, matched: 2, skipped: 1, cancelled: false });
    expect(await subjectsIn(db, folder.id)).toEqual(['Invoice 42', 'Your INVOICE for May']);
    expect(await subjectsIn(db, INBOX_ID)).toEqual(['Dinner on Friday', 'Invoice, not downloaded']);
    const moved = (await db.emails.bulkGet(ids.slice(0, 2))).map((e) => e?.keywords['pagar']);
    expect(moved).toEqual([true, true]);
    expect((await db.emails.get(ids[2] as string))?.keywords['pagar']).toBeUndefined();
    // FOLDER-5 counters follow.
    expect((await db.mailboxes.get(folder.id))?.total).toBe(2);
  });

  it('FILTER-1 countMatches counts without changing anything, with progress', async () => {
    const { db, filters } = await filterHarness();
    await put(db, INBOX_ID, ['Invoice 1', 'invoice 2', 'Hello', 'Re: an Invoice']);
    const progress: FilterRunProgress[] = [];
    const n = await filters.countMatches(filter({ actions: [{ type: 'delete' }] }), INBOX_ID, {
      onProgress: (p) => progress.push(p),
    });
    expect(n).toBe(3);
    expect(progress.at(-1)).toEqual({ done: 4, total: 4 });
    expect((await subjectsIn(db, INBOX_ID)).length).toBe(4);
    const negated = filter({
      conditions: [{ field: 'subject', op: 'contains', negate: true, value: 'invoice' }],
    });
    expect(await filters.countMatches(negated, INBOX_ID)).toBe(1);
  });

  it('FILTER-3 a cancelled run stops and what it did stays done', async () => {
    const { db, filters, services } = await filterHarness();
    const folder = await services.folders.createFolder('Facturas', null);
    await put(
      db,
      INBOX_ID,
      Array.from({ length: 60 }, (_, i) => `Invoice ${i}`),
    );
    const abort = new AbortController();
    const report = await filters.runNow(
      filter({ actions: [{ type: 'move', folder: { path: 'Facturas', id: folder.id } }] }),
      INBOX_ID,
      {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.done > 0) abort.abort();
        },
      },
    );
    expect(report.cancelled).toBe(true);
    expect(report.matched).toBeGreaterThan(0);
    expect(report.matched).toBeLessThan(60);
    expect((await subjectsIn(db, folder.id)).length).toBe(report.matched);
    expect((await subjectsIn(db, INBOX_ID)).length).toBe(60 - report.matched);
    await expect(
      filters.countMatches(filter(), INBOX_ID, { signal: AbortSignal.abort() }),
    ).rejects.toThrow(/Cancel/);
  });
});
