// Who listens to what: per signed-in session, its open event streams and at most one
// watcher. The watcher starts with the first stream that asks for a pushed type and is
// closed with the last one, when the session ends (logout or expiry, found by a sweep),
// or when the server refuses the stored password. Every state pushed is first
// remembered in the session's pool cache of that account (own or shared), so /changes
// accepts it as sinceState.
import type { TypeState } from '../../protocol/jmap-core.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { ImapPool } from '../imap/pool.js';
import { ImapAuthError } from '../imap/pool.js';
import { accountIdOf } from '../jmap/context.js';
import type { Logger } from '../security/redact.js';
import type { AccountStates, ComputedStates } from './states.js';
import { changedTypes } from './states.js';
import { ownComposite } from './own-composite.js';
import type { ImapUpstream } from '../external/upstreams.js';
import { AccountWatcher } from './watcher.js';
import type { WatcherOptions } from './watcher.js';

/**
 * Streams one session may hold open: a few tabs and devices sharing a cookie. Each
 * holds a socket, and a looping client must not pile up connections.
 */
export const MAX_STREAMS_PER_SESSION = 4;
/** How often streams of ended sessions are looked for (as the IMAP pool does). */
export const PUSH_SWEEP_INTERVAL_MS = 30 * 1000;

export class TooManyStreamsError extends Error {
  override name = 'TooManyStreamsError';
}

/** One open stream as the hub sees it. */
export interface PushListener {
  /** Whether this stream needs the watcher (it asked for Email or Mailbox). */
  readonly watches: boolean;
  /** Pushed types of one account (own or shared) that changed, with their new states. */
  changed(accountId: string, changed: TypeState): void;
  /** The hub ends the stream (session over, credentials refused, shutdown). */
  end(): void;
}

export interface PushSubscription {
  /** Resolves once changes are being watched (at once for a stream that needs none). */
  readonly ready: Promise<void>;
  close(): void;
}

interface Entry {
  session: AuthenticatedSession;
  listeners: Set<PushListener>;
  watcher: AccountWatcher | null;
  /** One watcher per other IMAP account of the user (EXTERNAL-2, ADR 0016), in list order. */
  others: { upstream: ImapUpstream; watcher: AccountWatcher }[];
  /**
   * The own account's states as last pushed: composite with the other accounts' parts,
   * as Email/get and Mailbox/get compose them. Null until the watcher's baseline.
   */
  pushedOwn: AccountStates | null;
  /** The accounts `others` were started for, sorted and joined (to notice a change). */
  othersKey: string;
  ready: Promise<void>;
  /** The pool's list of shared accounts as last compared with what the watcher watches. */
  seenShares: ReadonlyMap<string, string> | null;
}

const keyOf = (upstreams: readonly ImapUpstream[]) =>
  upstreams
    .map((u) => u.session.sessionId)
    .sort()
    .join(' ');

export class PushHub {
  readonly #entries = new Map<string, Entry>();
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly pool: ImapPool,
    /** True while the session exists in the session store (not logged out, not expired). */
    private readonly isSessionLive: (sessionId: string) => boolean,
    /** The server refused the stored password: the session must end. */
    private readonly onCredentialsRefused: (session: AuthenticatedSession) => void,
    private readonly log: Logger,
    private readonly watcherOptions: WatcherOptions = {},
    /** The user's other IMAP accounts, watched too and pushed as the user's own account. */
    private readonly upstreamsOf: (
      session: AuthenticatedSession,
    ) => Promise<readonly ImapUpstream[]> = async () => [],
  ) {}

  /** Watchers with an IMAP connection being opened or open (for tests and diagnostics). */
  get watchers(): number {
    return [...this.#entries.values()].filter((e) => e.watcher !== null).length;
  }

  /** Open streams of one session. */
  streamsOf(sessionId: string): number {
    return this.#entries.get(sessionId)?.listeners.size ?? 0;
  }

  /** Adds a stream; throws TooManyStreamsError past MAX_STREAMS_PER_SESSION. */
  subscribe(session: AuthenticatedSession, listener: PushListener): PushSubscription {
    let entry = this.#entries.get(session.sessionId);
    if (entry && entry.listeners.size >= MAX_STREAMS_PER_SESSION) {
      throw new TooManyStreamsError(`at most ${MAX_STREAMS_PER_SESSION} event streams`);
    }
    if (!entry) {
      entry = {
        session,
        listeners: new Set(),
        watcher: null,
        others: [],
        pushedOwn: null,
        othersKey: '',
        ready: Promise.resolve(),
        seenShares: null,
      };
      this.#entries.set(session.sessionId, entry);
    }
    const current = entry;
    current.listeners.add(listener);
    if (listener.watches && current.watcher === null) this.#startWatcher(current);
    else if (listener.watches) this.#followNewShares(current);
    const ready = listener.watches ? current.ready : Promise.resolve();
    return { ready, close: () => this.#unsubscribe(current, listener) };
  }

  /**
   * The session's list of other IMAP accounts as a request just read it: when it differs
   * from the watched one (an account added or removed, on this device or another), the
   * open streams watch the new list from now on, without a reconnect of the client.
   */
  followUpstreams(sessionId: string, upstreams: readonly ImapUpstream[]): void {
    const entry = this.#entries.get(sessionId);
    if (!entry?.watcher || keyOf(upstreams) === entry.othersKey) return;
    this.#closeOthers(entry);
    // A stream opened meanwhile waits for the new list to be watched; the states then
    // move to the new composite (the account's part added or gone), which is pushed.
    const next = entry.ready
      .then(() => this.#startOthers(entry, upstreams))
      .then(() => this.#pushOwn(entry));
    entry.ready = next;
    next.catch(() => undefined);
  }

  /** Ends every stream of a session and closes its watcher. */
  endSession(sessionId: string): void {
    const entry = this.#entries.get(sessionId);
    if (!entry) return;
    this.#entries.delete(sessionId);
    entry.watcher?.close();
    entry.watcher = null;
    this.#closeOthers(entry);
    for (const listener of [...entry.listeners]) listener.end();
    entry.listeners.clear();
  }

  sweep(): void {
    for (const id of [...this.#entries.keys()]) if (!this.isSessionLive(id)) this.endSession(id);
  }

  startSweeping(): void {
    if (this.#sweeper !== undefined) return;
    this.#sweeper = setInterval(() => this.sweep(), PUSH_SWEEP_INTERVAL_MS);
    (this.#sweeper as { unref?: () => void }).unref?.();
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    for (const id of [...this.#entries.keys()]) this.endSession(id);
  }

  /**
   * A Session fetch lists shares made since the watcher's connection logged in (ADR 0013);
   * that connection cannot see them, so it is replaced. The app fetches its Session before
   * it opens a stream, so a page showing a new share is watched from its first event.
   */
  #followNewShares(entry: Entry): void {
    const known = this.pool.cache(entry.session.sessionId).sharedAccounts;
    const watcher = entry.watcher;
    if (!watcher || known === entry.seenShares) return;
    entry.seenShares = known;
    if (![...known.keys()].some((id) => !watcher.watches(id))) return;
    entry.ready = entry.ready.then(() => watcher.reconnect());
    entry.ready.catch(() => undefined);
  }

  #startWatcher(entry: Entry): void {
    // The watcher's new connection sees every share the pool's has seen, and more.
    entry.seenShares = this.pool.cache(entry.session.sessionId).sharedAccounts;
    const watcher = new AccountWatcher(
      entry.session,
      {
        changed: (changed, computed, accountId) =>
          this.#publish(entry, accountId, changed, computed),
        failed: () => {
          this.endSession(entry.session.sessionId);
          this.onCredentialsRefused(entry.session);
        },
      },
      this.log,
      this.watcherOptions,
    );
    entry.watcher = watcher;
    entry.pushedOwn = null;
    const others = this.#startOthers(entry);
    // The own baseline as soon as the own watcher has one; again, silently, once the other
    // accounts' watchers have theirs (until then their parts are their last handed out).
    const own = watcher.start().then(() => this.#pushOwn(entry));
    entry.ready = Promise.all([own, others]).then(() => {
      entry.pushedOwn = null;
      this.#pushOwn(entry);
    });
    entry.ready = entry.ready.catch((err: unknown) => {
      // Streams waiting on it are refused; the next stream tries afresh.
      if (entry.watcher === watcher) {
        watcher.close();
        entry.watcher = null;
        this.#closeOthers(entry);
      }
      throw err;
    });
    // Each stream awaits `ready` itself; this only keeps a failure from going unhandled.
    entry.ready.catch(() => undefined);
  }

  /**
   * Watches the user's other IMAP accounts (ADR 0016): a change there is a change of the
   * user's own account, whose composite state covers them. Their failures are theirs —
   * the account stays unwatched until the next stream, and the user's own push goes on.
   */
  async #startOthers(entry: Entry, known?: readonly ImapUpstream[]): Promise<void> {
    const upstreams = known ?? (await this.upstreamsOf(entry.session).catch(() => []));
    entry.othersKey = keyOf(upstreams);
    const started = upstreams.map((upstream) => {
      const watcher = new AccountWatcher(
        upstream.session,
        {
          changed: () => this.#pushOwn(entry),
          failed: () => watcher.close(),
          // Back after being unreachable: the composite goes out even if this part looks
          // the same, since a client may hold it as "not listed" (ADR 0016, amendment).
          up: () => this.#pushOwn(entry, true),
        },
        this.log,
        this.watcherOptions,
      );
      entry.others.push({ upstream, watcher });
      return watcher.start().catch((err: unknown) => {
        this.log.warn('other imap account not watched', {
          user: upstream.session.username,
          reason: err instanceof Error ? err.message : String(err),
        });
        // A refused password stays refused; a server that is down may come back.
        if (err instanceof ImapAuthError) watcher.close();
        else watcher.retry();
      });
    });
    await Promise.all(started);
  }

  #closeOthers(entry: Entry): void {
    for (const { watcher } of entry.others.splice(0)) watcher.close();
    entry.othersKey = '';
  }

  #publish(entry: Entry, accountId: string, changed: TypeState, computed: ComputedStates): void {
    // Queued on the pool before the event leaves, so a /changes the client sends on
    // receipt finds the state remembered (the pool runs work in order), in the cache of
    // the account it belongs to ('' is the session's own, as the JMAP context keys them).
    const cacheKey = accountId === accountIdOf(entry.session) ? '' : accountId;
    this.pool
      .run(
        entry.session,
        async (_client, cache) => {
          cache.rememberEmailState(computed.states.Email, computed.emailSnapshot);
          cache.rememberMailboxState(computed.states.Mailbox, computed.mailboxSnapshot);
        },
        cacheKey,
      )
      .catch((err: unknown) => {
        this.log.warn('push state not remembered', {
          user: entry.session.username,
          reason: err instanceof Error ? err.message : String(err),
        });
      });
    if (accountId === accountIdOf(entry.session)) {
      this.#pushOwn(entry);
      return;
    }
    for (const listener of [...entry.listeners]) {
      if (listener.watches) listener.changed(accountId, changed);
    }
  }

  /**
   * Pushes the own account's composite states that moved since the last push (`all`:
   * every pushed type, moved or not).
   */
  #pushOwn(entry: Entry, all = false): void {
    const own = entry.watcher?.states;
    if (!own) return;
    const now = ownComposite(
      own,
      entry.others.map(({ upstream, watcher }) => ({
        key: upstream.id,
        address: upstream.address,
        states: watcher.states,
        cache: this.pool.cache(upstream.session.sessionId),
      })),
    );
    const before = entry.pushedOwn;
    entry.pushedOwn = now;
    if (!before) return;
    const changed: TypeState = all ? { ...now } : changedTypes(before, now);
    if (Object.keys(changed).length === 0) return;
    const accountId = accountIdOf(entry.session);
    for (const listener of [...entry.listeners]) {
      if (listener.watches) listener.changed(accountId, changed);
    }
  }

  #unsubscribe(entry: Entry, listener: PushListener): void {
    if (!entry.listeners.delete(listener)) return;
    if (entry.watcher && ![...entry.listeners].some((l) => l.watches)) {
      entry.watcher.close();
      entry.watcher = null;
      this.#closeOthers(entry);
    }
    if (entry.listeners.size === 0 && this.#entries.get(entry.session.sessionId) === entry) {
      this.#entries.delete(entry.session.sessionId);
    }
  }
}
