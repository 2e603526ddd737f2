// Sessions live in the proxy's memory: ids, who, which provider, and the sealed
// credentials. Nothing here can be decrypted without the cookie's key half. A restart
// ends every session (the user signs in again; their mail stays in the browser).
import { randomBytes } from 'node:crypto';
import type { ProviderConfig } from '../config/types.js';
import type { SealedCredentials } from './crypto.js';

/** A session unused for 12 hours ends: a working day away means signing in again. */
export const SESSION_IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** No session outlives 7 days, however busy: a stolen cookie has a bounded life. */
export const SESSION_ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** Bounds memory; past it the least recently used session ends (it can sign in again). */
export const MAX_SESSIONS = 10_000;
/** How often expired sessions are dropped even if nobody asks for them. */
const SWEEP_INTERVAL_MS = 5 * 60 * 1000;
/** 144 random bits: unguessable, and a whole number of base64url characters. */
const SESSION_ID_BYTES = 18;

export interface SessionRecord {
  readonly id: string;
  readonly username: string;
  /** The provider as dialled: for a user-typed host, the checked IP plus the name for TLS. */
  readonly provider: ProviderConfig;
  readonly sealed: SealedCredentials;
  readonly createdAt: number;
  lastSeenAt: number;
}

export function newSessionId(): string {
  return randomBytes(SESSION_ID_BYTES).toString('base64url');
}

export class SessionStore {
  readonly #sessions = new Map<string, SessionRecord>();
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  add(record: SessionRecord): void {
    this.#sessions.set(record.id, record);
    while (this.#sessions.size > MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
  }

  /** The live session with this id, or undefined (an expired one is dropped on the way). */
  get(id: string): SessionRecord | undefined {
    const record = this.#sessions.get(id);
    if (!record) return undefined;
    if (this.#expired(record)) {
      this.#sessions.delete(id);
      return undefined;
    }
    return record;
  }

  /** Marks the session used now; Map order then stays least recently used first. */
  touch(record: SessionRecord): void {
    record.lastSeenAt = this.now();
    this.#sessions.delete(record.id);
    this.#sessions.set(record.id, record);
  }

  delete(id: string): boolean {
    return this.#sessions.delete(id);
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Every stored record, as a dump of the store would show it (for tests and diagnostics). */
  records(): SessionRecord[] {
    return [...this.#sessions.values()];
  }

  sweep(): void {
    for (const record of this.#sessions.values()) {
      if (this.#expired(record)) this.#sessions.delete(record.id);
    }
  }

  startSweeping(): void {
    if (this.#sweeper !== undefined) return;
    this.#sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    // Never keeps the process alive on its own (tests, graceful shutdown).
    (this.#sweeper as { unref?: () => void }).unref?.();
  }

  stopSweeping(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  #expired(record: SessionRecord): boolean {
    const now = this.now();
    return (
      now - record.lastSeenAt > SESSION_IDLE_TIMEOUT_MS ||
      now - record.createdAt > SESSION_ABSOLUTE_TIMEOUT_MS
    );
  }
}
