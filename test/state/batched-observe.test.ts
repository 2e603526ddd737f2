// The per-row marks of the message list (TAG-1, COMMENT-1) are served by one query over
// every row shown: src/state/batched-observe.ts.
import { describe, expect, it } from 'vitest';
import { batchedObserver } from '../../src/state/batched-observe.js';
import type { Observer } from '../../src/state/observable.js';

/** A live source of values per key that the test changes by hand, counting its queries. */
function source() {
  const values = new Map<string, string>();
  const live = new Set<{ keys: readonly string[]; o: Observer<ReadonlyMap<string, string>> }>();
  const queries: string[][] = [];
  const emit = (q: { keys: readonly string[]; o: Observer<ReadonlyMap<string, string>> }) =>
    q.o.next(new Map(q.keys.flatMap((k) => (values.has(k) ? [[k, values.get(k) as string]] : []))));
  return {
    values,
    queries,
    open: () => live.size,
    set(key: string, value: string) {
      values.set(key, value);
      for (const q of live) emit(q);
    },
    query: (keys: readonly string[]) => ({
      subscribe(o: Observer<ReadonlyMap<string, string>>) {
        queries.push([...keys]);
        const q = { keys, o };
        live.add(q);
        queueMicrotask(() => live.has(q) && emit(q));
        return { unsubscribe: () => void live.delete(q) };
      },
    }),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('batched observation of list rows (TAG-1, COMMENT-1)', () => {
  it('TAG-1 COMMENT-1 a screenful of rows subscribing at once is served by one query, each row hearing its own value', async () => {
    const src = source();
    src.values.set('a', 'A1');
    src.values.set('c', 'C1');
    const observe = batchedObserver(src.query, (x, y) => x === y);
    const heard: Record<string, (string | null)[]> = { a: [], b: [], c: [] };
    const subs = ['a', 'b', 'c'].map((k) =>
      observe(k).subscribe({ next: (v) => heard[k]?.push(v) }),
    );
    await tick();
    expect(src.queries).toEqual([['a', 'b', 'c']]);
    expect(heard).toEqual({ a: ['A1'], b: [null], c: ['C1'] });

    // A change to one row reaches that row only.
    src.set('b', 'B1');
    expect(heard).toEqual({ a: ['A1'], b: [null, 'B1'], c: ['C1'] });

    // A second observer of a shown row hears the value at once, without a new query.
    const late: (string | null)[] = [];
    const lateSub = observe('a').subscribe({ next: (v) => late.push(v) });
    expect(late).toEqual(['A1']);
    await tick();
    expect(src.queries).toHaveLength(1);

    // Scrolling: a row leaves, another comes; one new query over the rows still shown.
    subs[2]?.unsubscribe();
    const d: (string | null)[] = [];
    observe('d').subscribe({ next: (v) => d.push(v) });
    await tick();
    expect(src.queries.at(-1)).toEqual(['a', 'b', 'd']);
    expect(src.open()).toBe(1);
    expect(d).toEqual([null]);
    // Rows already shown are not told again of a value they have.
    expect(heard.a).toEqual(['A1']);

    for (const s of [...subs, lateSub]) s?.unsubscribe();
  });

  it('TAG-1 COMMENT-1 when the last row goes, no query stays open', async () => {
    const src = source();
    const observe = batchedObserver(src.query, (x, y) => x === y);
    const sub = observe('a').subscribe({ next: () => undefined });
    await tick();
    expect(src.open()).toBe(1);
    sub.unsubscribe();
    await tick();
    expect(src.open()).toBe(0);
  });

  it('TAG-1 COMMENT-1 a failing query reports to every row it serves', async () => {
    const observe = batchedObserver<string>(
      () => ({
        subscribe(o) {
          queueMicrotask(() => o.error?.(new Error('store unavailable')));
          return { unsubscribe: () => undefined };
        },
      }),
      (x, y) => x === y,
    );
    const errors: string[] = [];
    for (const k of ['a', 'b'])
      observe(k).subscribe({
        next: () => undefined,
        error: (e) => errors.push(`${k}: ${String(e)}`),
      });
    await tick();
    expect(errors).toEqual(['a: Error: store unavailable', 'b: Error: store unavailable']);
  });
});
