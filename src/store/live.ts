// Dexie's liveQuery behind the contract's Subscribable, with errors mapped to store errors.
import { liveQuery } from 'dexie';
import type { Observer, Subscribable, Subscription } from '../state/observable.js';
import { mapDbError } from './errors.js';

export function observeQuery<T>(query: () => Promise<T>): Subscribable<T> {
  const observable = liveQuery(query);
  return {
    subscribe(observer: Observer<T>): Subscription {
      const sub = observable.subscribe({
        next: (value) => observer.next(value),
        error: (err: unknown) => observer.error?.(mapDbError(err)),
      });
      return { unsubscribe: () => sub.unsubscribe() };
    },
  };
}
