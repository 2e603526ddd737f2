/**
 * The smallest observable shape the UI needs. Dexie's `liveQuery` satisfies it, and so
 * does anything else a service wants to expose (settings, progress, notices).
 */
export interface Subscription {
  unsubscribe(): void;
}

export interface Observer<T> {
  next(value: T): void;
  error?(err: unknown): void;
}

export interface Subscribable<T> {
  subscribe(observer: Observer<T>): Subscription;
}
