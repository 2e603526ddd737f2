// One watcher per signed-in session with open event streams: its OWN IMAP connection
// (the pooled one serves JMAP calls and must never sit in IDLE), told about changes by
// NOTIFY (RFC 5465) or, on a server without it, by IDLE on INBOX plus a poll of the other
// folders. Any activity is debounced and turned into fresh states (states.ts); a change is
// reported only when a state string actually moved (ADR 0011).
import { ImapFlow } from 'imapflow';
import type { TypeState } from '../../protocol/jmap-core.js';
import { imapClientOptions } from '../auth/imap-login.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import { SessionCache } from '../imap/cache.js';
import { ImapAuthError, ImapUnavailableError } from '../imap/pool.js';
import type { Logger } from '../security/redact.js';
import { hasNotify, notifyPersonalMailboxes } from './notify.js';
import { changedTypes, computeStates } from './states.js';
import type { AccountStates, ComputedStates } from './states.js';

/**
 * Dovecot reports a change 0–0.5 s after it happened, often as several responses in one
 * packet (LIST + STATUS, or one STATUS per folder of a move): one recompute after a short
 * quiet spell covers the burst, and 100 ms is small next to Dovecot's own delay.
 */
export const PUSH_DEBOUNCE_MS = 100;
/**
 * With NOTIFY, states are still recomputed this often: it catches what `personal` does not
 * cover (shared folders), any notification lost in a race with our own LIST, and keeps
 * the connection under imapflow's 5-minute socket timeout and NAT idle timers.
 */
export const NOTIFY_RECHECK_MS = 2 * 60 * 1000;
/** Without NOTIFY only INBOX is watched live (IDLE); other folders are polled this often. */
export const IDLE_POLL_MS = 30 * 1000;
/** Reconnecting after a drop starts after 1 s and backs off to once a minute. */
export const RECONNECT_MIN_MS = 1000;
export const RECONNECT_MAX_MS = 60 * 1000;

export type WatchMode = 'notify' | 'idle';

export interface WatcherEvents {
  /** Some pushed types changed; `computed` holds the facts /changes must remember. */
  changed(changed: TypeState, computed: ComputedStates): void;
  /** The watcher cannot go on (the server refused the stored password). */
  failed(err: Error): void;
}

export interface WatcherOptions {
  /** Use the IDLE fallback even when the server has NOTIFY (tests of the fallback). */
  preferIdle?: boolean;
}

export class AccountWatcher {
  #client: ImapFlow | null = null;
  /** Mailbox ids (X-GUID) for this connection's listings; same ids as the pool's. */
  readonly #cache = new SessionCache();
  #last: AccountStates | null = null;
  #debounce: ReturnType<typeof setTimeout> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #reconnect: ReturnType<typeof setTimeout> | undefined;
  #backoff = RECONNECT_MIN_MS;
  #refreshing = false;
  #dirty = false;
  #closed = false;
  #mode: WatchMode | null = null;

  constructor(
    private readonly session: AuthenticatedSession,
    private readonly events: WatcherEvents,
    private readonly log: Logger,
    private readonly options: WatcherOptions = {},
  ) {}

  /** How changes are learned on the current connection; null before start. */
  get mode(): WatchMode | null {
    return this.#mode;
  }

  /** The states as last computed (the baseline new streams start from). */
  get states(): AccountStates | null {
    return this.#last;
  }

  /** Connects, starts watching and computes the baseline states. Rejects if it cannot. */
  async start(): Promise<void> {
    await this.#open();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#debounce);
    clearInterval(this.#timer);
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
      this.#client = null;
      this.#mode = null;
      clearInterval(this.#timer);
      client.close();
      throw err;
    }
  }

  async #watch(client: ImapFlow): Promise<void> {
    const poke = () => this.#poke();
    const useNotify = hasNotify(client) && !this.options.preferIdle;
    if (useNotify) {
      await notifyPersonalMailboxes(client, poke);
    } else {
      // EXAMINE: read-only, so watching never changes \Recent or anything else.
      await client.mailboxOpen('INBOX', { readOnly: true });
      for (const event of ['exists', 'expunge', 'flags', 'vanished'] as const) {
        client.on(event, poke);
      }
    }
    // close() may have run meanwhile; it must not be followed by a fresh timer.
    if (this.#closed) return;
    clearInterval(this.#timer);
    this.#timer = setInterval(poke, useNotify ? NOTIFY_RECHECK_MS : IDLE_POLL_MS);
    (this.#timer as { unref?: () => void }).unref?.();
    if (this.#last === null) {
      // The baseline: nothing is pushed for it; a failure here fails start().
      this.#last = (await computeStates(client, this.#cache)).states;
    }
    this.#mode = useNotify ? 'notify' : 'idle';
    // After a reconnect, whatever changed while the connection was down is pushed now.
    await this.#refresh();
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

  /** Activity: recompute once the burst is over. */
  #poke(): void {
    if (this.#closed || this.#debounce !== undefined) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      void this.#refresh();
    }, PUSH_DEBOUNCE_MS);
  }

  /** Recomputes the states until no activity arrived meanwhile; one run at a time. */
  async #refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#dirty = true;
      return;
    }
    this.#refreshing = true;
    try {
      do {
        this.#dirty = false;
        const client = this.#client;
        if (!client?.usable || this.#closed) return;
        this.#publish(await computeStates(client, this.#cache));
      } while (this.#dirty && !this.#closed);
    } catch (err) {
      // A dropped connection is handled by its 'close' event; anything else waits for
      // the next activity or recheck.
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

  #publish(computed: ComputedStates): void {
    const before = this.#last;
    this.#last = computed.states;
    if (before === null) return;
    const changed = changedTypes(before, computed.states);
    if (Object.keys(changed).length > 0) this.events.changed(changed, computed);
  }

  #dropped(client: ImapFlow): void {
    // A drop while (re)opening fails #open() itself, whose caller decides what next.
    if (this.#closed || this.#client !== client || this.#mode === null) return;
    this.#client = null;
    this.#mode = null;
    clearInterval(this.#timer);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, RECONNECT_MAX_MS);
    this.#reconnect = setTimeout(() => {
      this.#open().then(
        () => {
          this.#backoff = RECONNECT_MIN_MS;
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
