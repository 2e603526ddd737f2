// Many per-key subscriptions served by one live query over every key subscribed at the
// moment. The message list shows a tag chip and a comment icon per row (TAG-1, COMMENT-1):
// one live query per row and per mark cost each list refresh ~60 IndexedDB transactions,
// queued behind one another in the browser's IndexedDB backend, for a screenful of rows.
// Batched, a refresh costs one query per mark kind (ADR 0025, addendum).
import type { Observer, Subscribable, Subscription } from './observable.js';

/** The query over a set of keys: a live value per key (absent: nothing for that key). */
export type BatchQuery<V> = (keys: readonly string[]) => Subscribable<ReadonlyMap<string, V>>;

/**
 * Returns `observe(key)`: the value of one key, kept live by a query shared with every
 * other key observed meanwhile. Subscriptions made in the same task share one rebuild of
 * the query; a key's observers hear only of changes to its own value (`same` decides).
 */
export function batchedObserver<V>(
  query: BatchQuery<V>,
  same: (a: V | null, b: V | null) => boolean,
): (key: string) => Subscribable<V | null> {
  const watchers = new Map<string, Set<Observer<V | null>>>();
  /** The last value emitted per watched key, once the query has covered it. */
  const last = new Map<string, V | null>();
  let current: Subscription | null = null;
  let scheduled = false;

  function rebuild(): void {
    scheduled = false;
    const keys = [...watchers.keys()];
    const old = current;
    current = null;
    if (keys.length > 0) {
      current = query(keys).subscribe({
        next(values) {
          for (const key of keys) {
            const observers = watchers.get(key);
            if (!observers) continue; // unsubscribed since; the next rebuild drops it
            const value = values.get(key) ?? null;
            if (last.has(key) && same(last.get(key) ?? null, value)) continue;
            last.set(key, value);
            for (const o of [...observers]) o.next(value);
          }
        },
        error(err) {
          for (const key of keys) for (const o of [...(watchers.get(key) ?? [])]) o.error?.(err);
        },
      });
    }
    old?.unsubscribe();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // A task, not a microtask: a list renders its rows and their marks subscribe across
    // several promise turns of the same update.
    setTimeout(rebuild, 0);
  }

  return (key) => ({
    subscribe(observer) {
      let observers = watchers.get(key);
      if (!observers) {
        observers = new Set();
        watchers.set(key, observers);
        schedule();
      } else if (last.has(key)) {
        observer.next(last.get(key) ?? null);
      }
      observers.add(observer);
      let open = true;
      return {
        unsubscribe() {
          if (!open) return;
          open = false;
          const set = watchers.get(key);
          set?.delete(observer);
          if (set && set.size === 0) {
            watchers.delete(key);
            last.delete(key);
            schedule();
          }
        },
      };
    },
  });
}
