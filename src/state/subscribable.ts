// Small helpers over the Subscribable contract.
import type { Observer, Subscribable, Subscription } from './observable.js';

export function mapSubscribable<A, B>(src: Subscribable<A>, f: (a: A) => B): Subscribable<B> {
  return {
    subscribe: (observer) =>
      src.subscribe({
        next: (v) => observer.next(f(v)),
        error: (e) => observer.error?.(e),
      }),
  };
}

/** A value that can be read, set and observed; new subscribers get the current value. */
export class ValueSubject<T> implements Subscribable<T> {
  private readonly observers = new Set<Observer<T>>();

  constructor(private current: T) {}

  get value(): T {
    return this.current;
  }

  set(value: T): void {
    this.current = value;
    for (const o of [...this.observers]) o.next(value);
  }

  subscribe(observer: Observer<T>): Subscription {
    this.observers.add(observer);
    observer.next(this.current);
    return { unsubscribe: () => this.observers.delete(observer) };
  }
}

/**
 * A Subscribable whose source is loaded on the first subscription (a service in a chunk
 * of its own, ADR 0004's start-up budget). Unsubscribing before it loaded subscribes to
 * nothing; a failed load is the observer's error.
 */
export function deferredSubscribable<T>(load: () => Promise<Subscribable<T>>): Subscribable<T> {
  return {
    subscribe(observer) {
      let inner: Subscription | null = null;
      let closed = false;
      load().then(
        (src) => {
          if (!closed) inner = src.subscribe(observer);
        },
        (err: unknown) => {
          if (!closed) observer.error?.(err);
        },
      );
      return {
        unsubscribe() {
          closed = true;
          inner?.unsubscribe();
        },
      };
    },
  };
}
