// One watcher per signed-in session with open event streams: its OWN IMAP connection
// (the pooled one serves JMAP calls and must never sit in IDLE), told about changes by
// NOTIFY (RFC 5465) or, on a server without it, by IDLE on INBOX plus a poll of the other
// folders. It watches the user's own account and every mailbox shared with them (each a
// JMAP account, ADR 0013). Activity is debounced and turned into fresh states per account
// (states.ts); a change is reported only when a state string actually moved (ADR 0011).
import { ImapFlow } from 'imapflow';
import type { TypeState } from '../../protocol/jmap-core.js';
import { imapClientOptions } from '../auth/imap-login.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import { ImapAuthError, ImapUnavailableError } from '../imap/pool.js';
import type { Logger } from '../security/redact.js';
import { discoverShares, WatchedAccounts } from './accounts.js';
import type { WatchedAccount } from './accounts.js';
import { hasNotify, notifySet, onNotifyResponses } from './notify.js';
import type { AccountStates, ComputedStates } from './states.js';

/**
 * Dovecot reports a change 0–0.5 s after it happened, often as several responses in one
 * packet (LIST + STATUS, or one STATUS per folder of a move): one recompute a moment after
 * the first response covers the burst; anything later marks the account again and the
 * running recompute loops. Every millisecond here is push latency (100 ms measured 632 ms
 * LMTP → StateChange on the bench; see the README).
 */
export const PUSH_DEBOUNCE_MS = 20;
/**
 * With NOTIFY, states are still recomputed this often: it catches any notification lost in
 * a race with our own LIST, shares made since the connection opened, and keeps the
 * connection under imapflow's 5-minute socket timeout and NAT idle timers.
 */
export const NOTIFY_RECHECK_MS = 2 * 60 * 1000;
/**
 * Without NOTIFY only INBOX is watched live (IDLE); other folders are polled this often.
 * With NOTIFY, shared mailboxes are rechecked as often: Dovecot reports a shared INBOX only
 * while it is selected, and only one can be (ADR 0011 § Shared mailboxes).
 */
export const IDLE_POLL_MS = 30 * 1000;
/**
 * Dovecot arms NOTIFY and the selected mailbox's watch a moment after the commands
 * complete: a delivery in the first few hundred milliseconds was not reported (measured).
 * One recompute this long after watching starts covers that window.
 */
export const ARM_SETTLE_MS = 1500;
/** Reconnecting after a drop starts after 1 s and backs off to once a minute. */
export const RECONNECT_MIN_MS = 1000;
export const RECONNECT_MAX_MS = 60 * 1000;

export type WatchMode = 'notify' | 'idle';

export interface WatcherEvents {
  /** Pushed types of `accountId` changed; `computed` holds the facts /changes must remember. */
  changed(changed: TypeState, computed: ComputedStates, accountId: string): void;
  /** The watcher cannot go on (the server refused the stored password). */
  failed(err: Error): void;
  /** Watching again after the server could not be reached (a reconnect that worked). */
  up?(): void;
}

export interface WatcherOptions {
  /** Use the IDLE fallback even when the server has NOTIFY (tests of the fallback). */
  preferIdle?: boolean;
}

export class AccountWatcher {
  #client: ImapFlow | null = null;
  readonly #accounts: WatchedAccounts;
  /** The account whose INBOX is selected on the connection (its EXISTS/FETCH/EXPUNGE). */
  #selected: string | null = null;
  #debounce: ReturnType<typeof setTimeout> | undefined;
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #reconnect: ReturnType<typeof setTimeout> | undefined;
  #backoff = RECONNECT_MIN_MS;
  #refreshing = false;
  #closed = false;
  #mode: WatchMode | null = null;

  constructor(
    private readonly session: AuthenticatedSession,
    private readonly events: WatcherEvents,
    private readonly log: Logger,
    private readonly options: WatcherOptions = {},
  ) {
    this.#accounts = new WatchedAccounts(session);
  }

  /** How changes are learned on the current connection; null before start. */
  get mode(): WatchMode | null {
    return this.#mode;
  }

  /** The personal account's states as last computed (the baseline new streams start from). */
  get states(): AccountStates | null {
    return this.#accounts.personal.last;
  }

  /** Whether `accountId` (own or shared) is being watched now. */
  watches(accountId: string): boolean {
    return this.#accounts.has(accountId);
  }

  /** Connects, starts watching and computes the baseline states. Rejects if it cannot. */
  async start(): Promise<void> {
    await this.#open();
  }

  /**
   * After a start that failed because the server could not be reached: tries again as
   * after a drop (1 s, doubling to once a minute); `up` fires once watching.
   */
  retry(): void {
    if (!this.#closed && this.#client === null) this.#scheduleReconnect();
  }

  /**
   * Shares made since the connection logged in are invisible to it (Dovecot reads who
   * shares with whom once per connection, ADR 0013): a fresh connection picks them up.
   * Resolves once watching again, or once a reconnect is scheduled if that failed.
   */
  async reconnect(): Promise<void> {
    if (this.#closed) return;
    const old = this.#client;
    this.#client = null;
    this.#mode = null;
    this.#stopTimers();
    if (old) void old.logout().catch(() => old.close());
    try {
      await this.#open();
    } catch (err) {
      if (this.#closed) return;
      if (err instanceof ImapAuthError) this.events.failed(err);
      else this.#scheduleReconnect();
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#debounce);
    this.#stopTimers();
    clearTimeout(this.#reconnect);
    const client = this.#client;
    this.#client = null;
    if (client) void client.logout().catch(() => client.close());
  }

  async #open(): Promise<void> {
    const client = await this.#connect();
    if (this.#closed) {
      client.close();
      return;
    }
    this.#client = client;
    client.on('close', () => this.#dropped(client));
    try {
      await this.#watch(client);
    } catch (err) {
      if (this.#client === client) this.#client = null;
      this.#mode = null;
      this.#stopTimers();
      client.close();
      throw err;
    }
  }

  async #watch(client: ImapFlow): Promise<void> {
    const useNotify = hasNotify(client) && !this.options.preferIdle;
    const reconnecting = this.#accounts.personal.last !== null;
    // A new connection has nothing selected yet.
    this.#selected = null;
    this.#accounts.setShares(await discoverShares(client, this.session));
    // Whatever is selected reports its messages: INBOX (IDLE) or a shared INBOX (NOTIFY).
    for (const event of ['exists', 'expunge', 'flags', 'vanished'] as const) {
      client.on(event, () => this.#poke(this.#selected === null ? [] : [this.#selected]));
    }
    if (useNotify) {
      onNotifyResponses(client, (path) => this.#poke([this.#accounts.accountOf(path)]));
      await this.#arm(client);
    } else {
      // EXAMINE: read-only, so watching never changes \Recent or anything else.
      await client.mailboxOpen('INBOX', { readOnly: true });
      this.#selected = this.#accounts.personal.accountId;
    }
    // close() may have run meanwhile; it must not be followed by fresh timers.
    if (this.#closed) return;
    this.#stopTimers();
    this.#every(useNotify ? NOTIFY_RECHECK_MS : IDLE_POLL_MS, () => this.#poke());
    if (useNotify) {
      // Shared INBOXes: the ones not selected are not reported at all, and the selected
      // one's reports were seen missing in a race with our own commands (ADR 0011).
      this.#every(IDLE_POLL_MS, () => {
        const shared = this.#accounts.shared.map((a) => a.accountId);
        if (shared.length > 0) this.#poke(shared);
      });
    }
    // Baselines are not pushed; a failure here fails start().
    await this.#forget(client, await this.#accounts.baseline(client));
    this.#mode = useNotify ? 'notify' : 'idle';
    // After a reconnect, whatever changed while the connection was down is pushed now.
    if (reconnecting) this.#accounts.mark();
    await this.#refresh();
    const settle = setTimeout(() => {
      if (this.#client === client) this.#poke();
    }, ARM_SETTLE_MS);
    (settle as { unref?: () => void }).unref?.();
  }

  /**
   * Selects the first shared INBOX (read-only) and asks NOTIFY for the personal namespace
   * and every shared mailbox. A server refusing the shared filters still gets `personal`.
   */
  async #arm(client: ImapFlow): Promise<void> {
    const first = this.#accounts.shared[0];
    if (first?.scope.kind === 'shared') {
      await client.mailboxOpen(first.scope.root, { readOnly: true });
      this.#selected = first.accountId;
    } else if (client.mailbox) {
      await client.mailboxClose();
      this.#selected = null;
    }
    const sharedRoots = this.#accounts.sharedRoots;
    try {
      await notifySet(client, { sharedRoots, selected: this.#selected !== null });
    } catch (err) {
      if (sharedRoots.length === 0) throw err;
      this.log.warn('push: NOTIFY refused shared mailboxes; polling them', {
        user: this.session.username,
        reason: err instanceof Error ? err.message : String(err),
      });
      await notifySet(client, { sharedRoots: [], selected: this.#selected !== null });
    }
  }

  /** Stopped shares: no more NOTIFY for them, and their INBOX no longer selected. */
  async #forget(client: ImapFlow, dropped: readonly WatchedAccount[]): Promise<void> {
    if (dropped.length === 0) return;
    if (this.#selected !== null && !this.#accounts.has(this.#selected)) this.#selected = null;
    if (hasNotify(client) && !this.options.preferIdle) await this.#arm(client);
  }

  async #connect(): Promise<ImapFlow> {
    const { provider, username, password } = this.session;
    const client = new ImapFlow({
      ...imapClientOptions(provider.imap, username, password),
      // HIGHESTMODSEQ in STATUS, as the pool's connection (ADR 0010).
      qresync: true,
    });
    client.on('error', (err: Error) => {
      this.log.warn('push imap connection error', { user: username, reason: err.message });
    });
    try {
      await client.connect();
    } catch (err) {
      client.close();
      if ((err as { authenticationFailed?: boolean }).authenticationFailed) {
        throw new ImapAuthError('the mail server refused the stored credentials');
      }
      const code = (err as { code?: string }).code;
      throw new ImapUnavailableError(`IMAP connection failed${code ? ` (${code})` : ''}`);
    }
    // imapflow reads the password only while logging in; do not keep it past that.
    (client as unknown as { options: { auth?: unknown } }).options.auth = { user: username };
    return client;
  }

  #every(ms: number, tick: () => void): void {
    const timer = setInterval(tick, ms);
    (timer as { unref?: () => void }).unref?.();
    this.#timers.push(timer);
  }

  #stopTimers(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
  }

  /** Activity for some accounts (all without an argument): recompute once the burst is over. */
  #poke(accountIds?: readonly string[]): void {
    if (this.#closed) return;
    this.#accounts.mark(accountIds);
    if (this.#debounce !== undefined) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      void this.#refresh();
    }, PUSH_DEBOUNCE_MS);
  }

  /** Recomputes marked accounts until no activity arrived meanwhile; one run at a time. */
  async #refresh(): Promise<void> {
    if (this.#refreshing) return;
    this.#refreshing = true;
    try {
      while (this.#accounts.dirty && !this.#closed) {
        const client = this.#client;
        if (!client?.usable) return;
        const { changes, dropped, error } = await this.#accounts.refresh(client);
        for (const c of changes) this.events.changed(c.changed, c.computed, c.accountId);
        await this.#forget(client, dropped);
        // A dropped connection is handled by its 'close' event; anything else waits for
        // the next activity or recheck.
        if (error !== undefined) throw error;
      }
    } catch (err) {
      this.log.warn('push state refresh failed', {
        user: this.session.username,
        reason: err instanceof Error ? err.message : String(err),
      });
    } finally {
      this.#refreshing = false;
      // Our LIST broke IDLE (imapflow sends DONE first): idle again at once, since
      // imapflow's own auto-IDLE would wait 15 s and is off on these connections.
      if (this.#mode === 'idle' && this.#client?.usable && !this.#closed) {
        void this.#client.idle().catch(() => undefined);
      }
    }
  }

  #dropped(client: ImapFlow): void {
    // A drop while (re)opening fails #open() itself, whose caller decides what next.
    if (this.#closed || this.#client !== client || this.#mode === null) return;
    this.#client = null;
    this.#mode = null;
    this.#stopTimers();
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    clearTimeout(this.#reconnect);
    const delay = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, RECONNECT_MAX_MS);
    this.#reconnect = setTimeout(() => {
      this.#open().then(
        () => {
          this.#backoff = RECONNECT_MIN_MS;
          if (!this.#closed) this.events.up?.();
        },
        (err: unknown) => {
          if (this.#closed) return;
          if (err instanceof ImapAuthError) {
            this.events.failed(err);
            return;
          }
          this.#scheduleReconnect();
        },
      );
    }, delay);
    (this.#reconnect as { unref?: () => void }).unref?.();
  }
}
