import { describe, expect, it } from 'vitest';

import { MAX_FILTERS } from '../../src/filters/model.js';
import { parseAwaySettings, parseFilters, parseForwardSettings } from '../../src/filters/parse.js';

const good = {
  id: 'f1',
  description: 'Facturas',
  active: true,
  join: 'all',
  conditions: [{ field: 'from', op: 'contains', negate: false, value: 'contable' }],
  actions: [{ type: 'move', folder: { path: 'Facturas', id: 'local-1' } }, { type: 'stop' }],
};

function withCondition(condition: unknown) {
  return { ...good, conditions: [good.conditions[0], condition] };
}
function withAction(action: unknown) {
  return { ...good, actions: [action] };
}

describe('stored filters', () => {
  it('FILTER-1 keeps valid filters as they are', () => {
    expect(parseFilters([good])).toEqual([good]);
  });

  it('FILTER-1 drops a filter whole when one condition or action is bad, never widening it', () => {
    const bad = [
      withCondition({ field: 'date', op: 'is', negate: false, value: 'x' }),
      withCondition({ field: 'subject', op: 'regex', negate: false, value: 'x' }),
      withCondition({ field: 'subject', op: 'is', negate: false, value: '' }),
      withCondition({ field: 'subject', op: 'is', negate: 'no', value: 'x' }),
      withCondition({ field: 'subject', op: 'is', negate: false, value: 'a\r\nb' }),
      withCondition({ field: 'body', op: 'is', negate: false, value: 'x' }),
      withCondition({ field: 'header', header: 'X Bad', op: 'is', negate: false, value: 'x' }),
      withCondition({ field: 'header', header: 'X-Bad:', op: 'is', negate: false, value: 'x' }),
      withCondition({ field: 'size', op: 'greater', negate: false, bytes: -1 }),
      withCondition({ field: 'size', op: 'greater', negate: false, bytes: 1.5 }),
      withCondition({ field: 'size', op: 'contains', negate: false, bytes: 1 }),
      withAction({ type: 'tag', keyword: 'two words' }),
      withAction({ type: 'tag', keyword: '\\Seen' }),
      withAction({ type: 'tag', keyword: 'a"b' }),
      withAction({ type: 'forward', to: 'not an address' }),
      withAction({ type: 'forward', to: 'a@b.example>, c@d.example' }),
      withAction({ type: 'move', folder: { path: '' } }),
      withAction({ type: 'move', folder: { path: 'a\nb' } }),
      withAction({ type: 'priority', priority: 9 }),
      withAction({ type: 'reply' }),
      withAction({ type: 'shell', command: 'rm' }),
      { ...good, conditions: [] },
      { ...good, actions: [] },
      { ...good, join: 'either' },
      { ...good, active: 'yes' },
      { ...good, id: '' },
      null,
      'filter',
    ];
    expect(parseFilters(bad)).toEqual([]);
  });

  it("FILTER-1 TEMPLATE-1 a reply keeps its template's Message-ID, and without one still parses", () => {
    const withMid = { type: 'reply', templateId: 'local-7', templateMessageId: 'tpl-1@buzon.test' };
    expect(parseFilters([withAction(withMid)])[0]?.actions).toEqual([withMid]);
    const plain = { type: 'reply', templateId: 'M123' };
    expect(parseFilters([withAction(plain)])[0]?.actions).toEqual([plain]);
    const bad = { type: 'reply', templateId: 'x', templateMessageId: 'a\r\nBcc: evil' };
    expect(parseFilters([withAction(bad)])[0]?.actions ?? []).not.toContainEqual(bad);
  });

  it('FILTER-2 keeps stored order, drops repeated ids and bounds the count', () => {
    const many = Array.from({ length: MAX_FILTERS + 5 }, (_, i) => ({ ...good, id: `f${i}` }));
    const parsed = parseFilters([
      { ...good, id: 'b' },
      { ...good, id: 'a' },
      { ...good, id: 'b', description: 'dup' },
      ...many,
    ]);
    expect(parsed.slice(0, 3).map((f) => f.id)).toEqual(['b', 'a', 'f0']);
    expect(parsed.find((f) => f.description === 'dup')).toBeUndefined();
    expect(parsed).toHaveLength(MAX_FILTERS);
    expect(parseFilters({ not: 'an array' })).toEqual([]);
  });

  it('FILTER-2 keeps inactive filters and turns control characters in a description into spaces', () => {
    const [f] = parseFilters([{ ...good, active: false, description: 'a\nb\u2028c' }]);
    expect(f).toMatchObject({ active: false, description: 'a b c' });
  });
});

describe('stored away and forwarding settings', () => {
  const away = {
    enabled: true,
    start: '2025-07-01',
    end: '2025-07-31',
    subject: 'Fuera',
    text: 'Vuelvo.\n\nGracias',
    addresses: ['me@example.org'],
  };

  it('FILTER-4 reads away settings, defaulting to once a week per sender', () => {
    expect(parseAwaySettings(away)).toEqual({ ...away, days: 7 });
    expect(parseAwaySettings({ ...away, start: null, end: null, days: 1 })).toMatchObject({
      start: null,
      end: null,
      days: 1,
    });
  });

  it('FILTER-4 refuses impossible dates, a reversed period, a multi-line subject and bad days', () => {
    for (const bad of [
      { ...away, start: '2025-02-30' },
      { ...away, start: '2025-08-01' },
      { ...away, end: '31/07/2025' },
      { ...away, subject: 'Fuera\r\nBcc: x@example.org' },
      { ...away, days: 0 },
      { ...away, days: 31 },
      { ...away, addresses: ['yo'] },
      { ...away, text: 'nul\u0000' },
    ]) {
      expect(parseAwaySettings(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('FILTER-5 reads forwarding settings and refuses an enabled forward without a valid address', () => {
    expect(
      parseForwardSettings({ enabled: true, to: 'otro@example.net', keepCopy: false }),
    ).toEqual({ enabled: true, to: 'otro@example.net', keepCopy: false });
    expect(parseForwardSettings({ enabled: false, to: '', keepCopy: true })).toEqual({
      enabled: false,
      to: '',
      keepCopy: true,
    });
    expect(parseForwardSettings({ enabled: true, to: '', keepCopy: true })).toBeNull();
    expect(
      parseForwardSettings({ enabled: true, to: 'otro@example.net\nBcc: x', keepCopy: true }),
    ).toBeNull();
  });
});
