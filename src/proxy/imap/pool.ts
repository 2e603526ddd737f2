// One IMAP connection per signed-in session: opened lazily on the first JMAP call, reused,
// reopened when it dropped, closed after a quiet spell or when the session ends (logout or
// expiry: the sweep asks the session store). Work is serialized per connection, because
// the selected mailbox is connection state that two requests must not fight over.
import { ImapFlow } from 'imapflow';
import { imapClientOptions } from '../auth/imap-login.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { Logger } from '../security/redact.js';
import { SessionCache } from './cache.js';

/**
 * A connection unused this long is logged out: it holds a server process (Dovecot's
 * `mail_max_userip_connections` counts it) and NAT boxes drop idle flows after ~5 min.
 * The next request reconnects in one round trip on a LAN.
 */
export const IMAP_IDLE_CLOSE_MS = 5 * 60 * 1000;
/** How often idle connections and those of ended sessions are looked for. */
export const IMAP_SWEEP_INTERVAL_MS = 30 * 1000;

export class ImapUnavailableError extends Error {
  override name = 'ImapUnavailableError';
}

/** The server refused the session's stored credentials (e.g. the password was changed). */
export class ImapAuthError extends Error {
  override name = 'ImapAuthError';
}

/**
 * The server of one of the user's other IMAP accounts refused its saved password
 * (ADR 0016): that account is unusable until the user updates it, the session is not over.
 */
export class OtherAccountAuthError extends ImapUnavailableError {
  override name = 'OtherAccountAuthError';
}

interface Entry {
  client: ImapFlow | null;
  /** When `client` logged in (Date.now()). */
  loggedInAt: number;
  /** The tail of this session's work queue. */
  tail: Promise<unknown>;
  lastUsed: number;
  /** The personal account's cache. */
  readonly cache: SessionCache;
  /** One cache per shared account this session opened (ADR 0013), keyed by account id. */
  readonly scoped: Map<string, SessionCache>;
}

/** Separates a signed-in session's id from one of its other accounts' (ids are base64url). */
const UPSTREAM_KEY_SEPARATOR = '/';

/**
 * The pool key of another IMAP account of a session (EXTERNAL-2, ADR 0016): its own
 * connection and caches, closed with the session.
 */
export function upstreamKey(sessionId: string, accountId: string): string {
  return `${sessionId}${UPSTREAM_KEY_SEPARATOR}${accountId}`;
}

/** The signed-in session a pool key belongs to (itself for the session's own connection). */
export function owningSessionId(key: string): string {
  const at = key.indexOf(UPSTREAM_KEY_SEPARATOR);
  return at < 0 ? key : key.slice(0, at);
}

export type ImapWork<T> = (client: ImapFlow, cache: SessionCache) => Promise<T>;

export class ImapPool {
  readonly #entries = new Map<string, Entry>();
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** True while the session exists in the session store (not logged out, not expired). */
    private readonly isSessionLive: (sessionId: string) => boolean,
    private readonly log: Logger,
  ) {}

  /**
   * Runs `work` on the session's connection after every earlier piece of work on it.
   * Read-only work is retried once on a fresh connection if the old one had dropped.
   */
  run<T>(session: AuthenticatedSession, work: ImapWork<T>, scope = ''): Promise<T> {
    const current = this.#entry(session.sessionId);
    const cache = this.#cacheOf(current, scope);
    const result = current.tail.then(async () => {
      current.lastUsed = Date.now();
      try {
        return await work(await this.#connected(current, session), cache);
      } catch (err) {
        // Only a connection that dropped under the work is worth one more try.
        if (err instanceof ImapUnavailableError || err instanceof ImapAuthError) throw err;
        if (current.client?.usable) throw err;
        current.client = null;
        return await work(await this.#connected(current, session), cache);
      } finally {
        current.lastUsed = Date.now();
      }
    });
    current.tail = result.catch(() => undefined);
    return result;
  }

  /** The session's cache for `scope` ('' = its own account), made on first use. */
  cache(sessionId: string, scope = ''): SessionCache {
    return this.#cacheOf(this.#entry(sessionId), scope);
  }

  /**
   * Replaces the session's connection after the work queued so far: a new connection sees
   * shares made since the old one logged in (ADR 0013). Caches are kept. A connection that
   * logged in at `since` or later is new enough and stays: the first Session of a sign-in
   * used to open one connection to learn the server's capabilities, log it out and open
   * another (~30 ms and a server process more on the way to the first listing).
   */
  recycle(sessionId: string, since = Infinity): void {
    const entry = this.#entries.get(sessionId);
    if (!entry) return;
    entry.tail = entry.tail.then(async () => {
      const client = entry.client;
      if (!client || entry.loggedInAt >= since) return;
      entry.client = null;
      await this.#logout(client);
    });
  }

  /** Forgets a shared account's cache at once (the share was stopped: SHARED-3). */
  forget(sessionId: string, scope: string): void {
    this.#entries.get(sessionId)?.scoped.delete(scope);
  }

  #entry(sessionId: string): Entry {
    let entry = this.#entries.get(sessionId);
    if (!entry) {
      entry = {
        client: null,
        loggedInAt: 0,
        tail: Promise.resolve(),
        lastUsed: Date.now(),
        cache: new SessionCache(),
        scoped: new Map(),
      };
      this.#entries.set(sessionId, entry);
    }
    return entry;
  }

  #cacheOf(entry: Entry, scope: string): SessionCache {
    if (scope === '') return entry.cache;
    let cache = entry.scoped.get(scope);
    if (!cache) {
      cache = new SessionCache();
      entry.scoped.set(scope, cache);
    }
    return cache;
  }

  /**
   * Closes the connection and forgets the caches of `key`: a signed-in session (with the
   * connections of its other accounts) or one of those accounts.
   */
  close(key: string): void {
    for (const [id, entry] of [...this.#entries]) {
      if (id !== key && !id.startsWith(`${key}${UPSTREAM_KEY_SEPARATOR}`)) continue;
      this.#entries.delete(id);
      if (entry.client) void this.#logout(entry.client);
    }
  }

  closeAll(): void {
    for (const id of [...this.#entries.keys()]) this.close(id);
  }

  /** Number of sessions with an open connection (for tests and diagnostics). */
  get openConnections(): number {
    return [...this.#entries.values()].filter((e) => e.client?.usable).length;
  }

  sweep(now = Date.now()): void {
    for (const [id, entry] of this.#entries) {
      if (!this.isSessionLive(owningSessionId(id))) {
        this.close(id);
      } else if (entry.client && now - entry.lastUsed > IMAP_IDLE_CLOSE_MS) {
        const client = entry.client;
        entry.client = null;
        // Queued behind running work so a request in flight is not cut off.
        entry.tail = entry.tail.then(() => this.#logout(client));
      }
    }
  }

  startSweeping(): void {
    if (this.#sweeper !== undefined) return;
    this.#sweeper = setInterval(() => this.sweep(), IMAP_SWEEP_INTERVAL_MS);
    (this.#sweeper as { unref?: () => void }).unref?.();
  }

  stopSweeping(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  async #connected(entry: Entry, session: AuthenticatedSession): Promise<ImapFlow> {
    if (entry.client?.usable) return entry.client;
    const startedAt = Date.now();
    const client = new ImapFlow({
      ...imapClientOptions(session.provider.imap, session.username, session.password),
      // Email state strings and /changes come from mod-sequences (ADR 0010).
      qresync: true,
    });
    client.on('error', (err: Error) => {
      this.log.warn('imap connection error', { user: session.username, reason: err.message });
    });
    try {
      await client.connect();
    } catch (err) {
      client.close();
      if ((err as { authenticationFailed?: boolean }).authenticationFailed) {
        // Another account's refusal must not end the user's session (ADR 0016).
        if (owningSessionId(session.sessionId) !== session.sessionId)
          throw new OtherAccountAuthError(
            `${session.username}: the server refused the saved password`,
          );
        throw new ImapAuthError('the mail server refused the stored credentials');
      }
      const code = (err as { code?: string }).code;
      throw new ImapUnavailableError(`IMAP connection failed${code ? ` (${code})` : ''}`, {
        cause: err,
      });
    }
    // imapflow reads the password only while logging in; do not keep it past that.
    (client as unknown as { options: { auth?: unknown } }).options.auth = {
      user: session.username,
    };
    entry.client = client;
    entry.loggedInAt = startedAt;
    return client;
  }

  async #logout(client: ImapFlow): Promise<void> {
    try {
      await client.logout();
    } catch {
      client.close();
    }
  }
}
