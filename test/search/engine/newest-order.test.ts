// SEARCH-1: a first build indexes newest mail first across folders (ADR 0024), so recent
// mail is searchable within seconds; folders are interleaved by runs dated by their newest
// message rather than by dating every message.
import { describe, expect, it } from 'vitest';
import { newestFirstByRuns, RUN } from '../../../src/workers/search/newest-order.js';

/** A folder of `n` messages, newest first, one a minute from `newest` down. */
function folder(
  name: string,
  n: number,
  newest: number,
): { ids: string[]; dates: Map<string, number> } {
  const ids = Array.from({ length: n }, (_, i) => `${name}${i}`);
  return { ids, dates: new Map(ids.map((id, i) => [id, newest - i * 60_000])) };
}

describe('SEARCH-1 newest mail first across folders', () => {
  it('takes one folder as it is, without reading a date', async () => {
    const inbox = folder('i', 3 * RUN, 1e12);
    let asked = 0;
    const order = await newestFirstByRuns([inbox.ids, []], async (ids) => {
      asked += ids.length;
      return ids.map(() => 0);
    });
    expect(order).toEqual(inbox.ids);
    expect(asked).toBe(0);
  });

  it('interleaves folders by runs, each run where its newest message belongs, dating one message per run', async () => {
    // Inbox gets mail every minute; the archive stopped receiving an hour and a half ago.
    const inbox = folder('i', 4 * RUN, 1e12);
    const archive = folder('a', 3 * RUN, 1e12 - 90 * 60_000);
    const dates = new Map([...inbox.dates, ...archive.dates]);
    const asked: string[] = [];
    const order = await newestFirstByRuns([archive.ids, inbox.ids], async (ids) => {
      asked.push(...ids);
      return ids.map((id) => dates.get(id));
    });
    expect(asked).toHaveLength(7);
    expect([...order].sort()).toEqual([...inbox.ids, ...archive.ids].sort());
    // Each folder keeps its own order.
    expect(order.filter((id) => id.startsWith('i'))).toEqual(inbox.ids);
    expect(order.filter((id) => id.startsWith('a'))).toEqual(archive.ids);
    // Inbox's first two runs (100 minutes) come before the archive's newest message.
    expect(order.slice(0, 2 * RUN)).toEqual(inbox.ids.slice(0, 2 * RUN));
    expect(order[2 * RUN]).toBe('a0');
    // No message comes after one older than it by more than a run's span.
    const span = RUN * 60_000;
    for (let i = 1; i < order.length; i++) {
      const before = Math.min(...order.slice(0, i).map((id) => dates.get(id) as number));
      expect(dates.get(order[i] as string) as number).toBeLessThanOrEqual(before + span);
    }
  });

  it('puts a run whose newest message is gone meanwhile last', async () => {
    const inbox = folder('i', RUN, 1e12);
    const sent = folder('s', RUN, 1e12 + 60_000);
    const order = await newestFirstByRuns([sent.ids, inbox.ids], async (ids) =>
      ids.map((id) => (id.startsWith('s') ? undefined : inbox.dates.get(id))),
    );
    expect(order).toEqual([...inbox.ids, ...sent.ids]);
  });
});
