// Sliding-window counters for failed logins, per client IP and per username. A window
// keeps the timestamps of the events inside it, so a burst is counted exactly rather
// than reset at a fixed boundary. The map of keys is bounded so a flood of distinct
// usernames cannot grow memory without end.

/** Keys tracked at once; past this the least recently touched key is forgotten. */
const MAX_TRACKED_KEYS = 50_000;

export interface RateDecision {
  allowed: boolean;
  /** Seconds until one more event would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export class SlidingWindowLimiter {
  readonly #events = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether one more event for `key` is allowed now (does not record it). */
  check(key: string): RateDecision {
    const times = this.#recent(key);
    if (times.length < this.limit) return { allowed: true, retryAfterSeconds: 0 };
    const oldest = times[times.length - this.limit] ?? this.now();
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000)),
    };
  }

  record(key: string): void {
    const times = this.#recent(key);
    times.push(this.now());
    this.#events.delete(key); // re-insert: Map order is then least recently touched first
    this.#events.set(key, times);
    if (this.#events.size > MAX_TRACKED_KEYS) {
      const oldestKey = this.#events.keys().next().value;
      if (oldestKey !== undefined) this.#events.delete(oldestKey);
    }
  }

  reset(key: string): void {
    this.#events.delete(key);
  }

  #recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const times = (this.#events.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) this.#events.delete(key);
    else this.#events.set(key, times);
    return times;
  }
}
