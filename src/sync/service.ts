// The SyncService of a signed-in account (ARCHITECTURE.md § Sync): when to sync, and which
// tab does it. Triggers: start, push (SSE StateChange), `online`, the tab becoming
// visible, a local change, a slow timer, and the backoff of waiting ops. One tab syncs —
// whichever holds the Web Lock — and tells the others its status over a BroadcastChannel;
// their views follow the database through liveQuery. When the syncing tab closes, the
// lock passes to another.
import type { MailParser } from '../mail/types.js';
import { ValueSubject } from '../state/subscribable.js';
import type {
  AccountInfo,
  NoticeKind,
  OfflineWindowDays,
  SyncService,
  SyncStatus,
} from '../state/types.js';
import type { BuzonDb } from '../store/db.js';
import { getEmail } from '../store/repos/emails.js';
import { readState } from '../store/sync/sync-state.js';
import { nextRetryAt, observeOpCount } from '../store/sync/ops.js';
import { countIncoming } from '../store/repos/incoming.js';
import { nextOutboxAt } from '../store/repos/outbox.js';
import { fetchBody } from './bodies.js';
import { SyncEngine } from './engine.js';
import { JmapClient, OfflineError } from './jmap-client.js';
import {
  bodyOfflineMessage,
  describeConflict,
  describeSyncError,
  unreachableAccountsMessage,
  otherAccountMessage,
} from './messages.js';
import { PushListener, type EventSourceFactory } from './push-listener.js';
import { shareEndedMessage } from './share.js';

/** A sync now and then even without push (a server without NOTIFY/IDLE, a lost stream). */
const POLL_MS = 5 * 60_000;
/**
 * After a failed pass, the next one comes after 2 s, then 4, 8, 16, then every 30 s: a
 * passing fault (a busy server, a dropped connection) heals within seconds and the user's
 * queued changes go out; a server that stays down is not hammered.
 */
const FIRST_RETRY_MS = 2_000;
const RETRY_AFTER_ERROR_MS = 30_000;

/** The pause before the next pass after `failures` failed passes in a row (1, 2, …). */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_AFTER_ERROR_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}
/** Local changes are sent after this pause, so a burst of clicks becomes one request. */
const LOCAL_CHANGE_DEBOUNCE_MS = 300;

export interface SyncServiceOptions {
  db: BuzonDb;
  account: AccountInfo;
  parser: MailParser;
  notify: (kind: NoticeKind, message: string) => void;
  /** The offline window now (the account service's, which Settings changes). */
  windowDays?: () => OfflineWindowDays;
  client?: JmapClient;
  /** The browser's; tests in Node pass none (one "tab", no push). */
  locks?: LockManager;
  eventSource?: EventSourceFactory;
  channel?: BroadcastChannel;
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  visibility?: () => DocumentVisibilityState;
  /**
   * SPAM-1/FILTER-3: loads what processes incoming Inbox mail (spam detection, then the
   * filters) and answers its drain. Run by the syncing tab after each pass; without it, or
   * for a mailbox shared with the user, nothing is queued or processed.
   */
  incoming?: () => Promise<(signal: AbortSignal) => Promise<number>>;
}

export interface RunningSyncService extends SyncService {
  start(): void;
  stop(): void;
  /** For the reader: the bytes of a message not downloaded yet. */
  fetchBody(id: string): Promise<Uint8Array>;
}

/**
 * Between the tabs of one account: the syncing tab broadcasts its status; the others ask
 * for it when they open, and pass on Sync now and Cancel.
 */
type ChannelMessage =
  | { type: 'status'; status: SyncStatus }
  | { type: 'status-request' }
  | { type: 'sync-request' }
  | { type: 'cancel' };

export function createSyncService(opts: SyncServiceOptions): RunningSyncService {
  const client = opts.client ?? new JmapClient();
  const engine = new SyncEngine({
    db: opts.db,
    client,
    parser: opts.parser,
    // Read at each pass: the user may pick another window in Settings.
    windowDays: () => opts.windowDays?.() ?? opts.account.offlineWindowDays,
    onConflicts: (conflicts) => conflicts.forEach((c) => opts.notify('error', describeConflict(c))),
    describeError: describeSyncError,
    describeUnreachable: unreachableAccountsMessage,
    queueIncoming: opts.incoming !== undefined && opts.account.sharedBy === undefined,
  });
  const status = new ValueSubject<SyncStatus>({ ...engine.status.value, phase: 'syncing' });
  let leader = false;
  let paused = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  let releaseLock: (() => void) | null = null;
  let lastOpCount = 0;
  /** Failed passes in a row (the retry backs off). */
  let failures = 0;
  let incomingRun: Promise<void> | null = null;
  const incomingAbort = new AbortController();
  const cleanups: (() => void)[] = [];
  const push = new PushListener(client, () => schedule(0), opts.eventSource);

  engine.status.subscribe({
    next: (s) => {
      if (!leader) return;
      status.set(s);
      opts.channel?.postMessage({ type: 'status', status: s } satisfies ChannelMessage);
    },
  });

  function schedule(delayMs: number): void {
    if (stopped || !leader) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, delayMs);
  }

  async function checkAccount(): Promise<boolean> {
    const owner = opts.account.sharedBy;
    if (owner !== undefined) return checkSharedAccount(owner);
    const id = await client.accountId();
    if (id === opts.account.id) return true;
    engine.status.set({
      ...engine.status.value,
      phase: 'signed-out',
      progress: null,
      message: otherAccountMessage(),
    });
    return false;
  }

  /**
   * SHARED-3: a mailbox shared with the user syncs while the session lists it. When the
   * owner stops sharing, sync stops with a clear message (the local copy stays); the next
   * trigger asks again, so a renewed share resumes by itself.
   */
  async function checkSharedAccount(owner: string): Promise<boolean> {
    if (await client.listsAccount(opts.account.id)) return true;
    engine.status.set({
      ...engine.status.value,
      phase: 'error',
      progress: null,
      message: shareEndedMessage(owner),
    });
    push.stop();
    client.refreshSession();
    return false;
  }

  async function run(): Promise<void> {
    if (paused || stopped) return;
    try {
      if (!(await checkAccount())) return;
    } catch (err) {
      engine.status.set({
        ...engine.status.value,
        phase: err instanceof OfflineError ? 'offline' : 'signed-out',
        message: err instanceof OfflineError ? null : describeSyncError(err),
      });
      return;
    }
    // A first download opens the push stream once it is done: the stream's own IMAP
    // connection and its folder listing would compete with the download's first request
    // (~75 ms of the server's time at 10k messages), and the stream's opening asks for the
    // pass that catches what changed meanwhile. A download cancelled or failed half-way
    // waits for the next pass, so Cancel is not undone by the stream opening.
    const firstDownload = await readState(opts.db, 'Email').then(
      (state) => state === null,
      () => false,
    );
    if (!firstDownload) push.start();
    const outcome = await engine.sync();
    if (firstDownload && outcome === 'done') push.start();
    if (outcome === 'error' && opts.account.sharedBy !== undefined) {
      // The share may have ended (accountNotFound): ask the server's Session again.
      client.refreshSession();
      if (!(await checkAccount().catch(() => true))) return;
    }
    if (outcome === 'done') await processIncoming();
    failures = outcome === 'error' ? failures + 1 : 0;
    if (outcome === 'error') schedule(retryDelayMs(failures));
    if (outcome === 'signed-out') push.stop();
    // The next op to retry, or the end of a sent message's undo window (the Outbox).
    const retryAt = await nextRetryAt(opts.db).catch(() => null);
    const sendAt = await nextOutboxAt(opts.db).catch(() => null);
    const next = [retryAt, sendAt].filter((t): t is number => t !== null);
    if (next.length > 0 && outcome === 'done')
      schedule(Math.max(0, Math.min(...next) - Date.now()));
  }

  /**
   * Incoming mail the pass queued. Its moves and keywords become ops, which the op-count
   * watch below sends in the next pass; a failure here is reported, never breaks sync.
   */
  async function processIncoming(): Promise<void> {
    if (!opts.incoming || opts.account.sharedBy !== undefined || stopped) return;
    if ((await countIncoming(opts.db).catch(() => 0)) === 0) return;
    incomingRun ??= (async () => {
      try {
        const drain = await opts.incoming?.();
        await drain?.(incomingAbort.signal);
      } catch (err) {
        if (!incomingAbort.signal.aborted) opts.notify('error', describeSyncError(err));
      } finally {
        incomingRun = null;
      }
    })();
    await incomingRun;
  }

  function becomeLeader(): void {
    leader = true;
    const target = opts.target;
    if (target) {
      const online = () => schedule(0);
      const visible = () => {
        if ((opts.visibility?.() ?? 'visible') === 'visible') schedule(0);
      };
      target.addEventListener('online', online);
      target.addEventListener('visibilitychange', visible);
      cleanups.push(() => target.removeEventListener('online', online));
      cleanups.push(() => target.removeEventListener('visibilitychange', visible));
    }
    poll = setInterval(() => schedule(0), POLL_MS);
    const sub = observeOpCount(opts.db).subscribe({
      next: (n) => {
        // More ops than before: the user changed something; send it soon.
        if (n > lastOpCount) schedule(LOCAL_CHANGE_DEBOUNCE_MS);
        lastOpCount = n;
        engine.status.set({ ...engine.status.value, pending: n });
      },
    });
    cleanups.push(() => sub.unsubscribe());
    schedule(0);
  }

  if (opts.channel) {
    opts.channel.onmessage = (e: MessageEvent<ChannelMessage>) => {
      if (e.data.type === 'status' && !leader) status.set(e.data.status);
      if (!leader) return;
      if (e.data.type === 'status-request') {
        opts.channel?.postMessage({
          type: 'status',
          status: engine.status.value,
        } satisfies ChannelMessage);
      } else if (e.data.type === 'sync-request') {
        paused = false;
        schedule(0);
      } else if (e.data.type === 'cancel') {
        paused = true;
        engine.cancel();
      }
    };
  }

  return {
    observeStatus: () => status,
    async syncNow() {
      paused = false;
      if (!leader) {
        opts.channel?.postMessage({ type: 'sync-request' } satisfies ChannelMessage);
        return;
      }
      await run();
    },
    cancel() {
      if (!leader) {
        opts.channel?.postMessage({ type: 'cancel' } satisfies ChannelMessage);
        return;
      }
      paused = true;
      engine.cancel();
      opts.channel?.postMessage({
        type: 'status',
        status: engine.status.value,
      } satisfies ChannelMessage);
    },
    start() {
      // A tab that opens while another syncs shows that tab's status at once.
      opts.channel?.postMessage({ type: 'status-request' } satisfies ChannelMessage);
      if (!opts.locks) {
        becomeLeader();
        return;
      }
      // Waits for the lock: the first tab syncs at once, the others when it goes away.
      void opts.locks.request(`buzon-sync:${opts.account.id}`, () => {
        if (stopped) return undefined;
        becomeLeader();
        return new Promise<void>((resolve) => (releaseLock = resolve));
      });
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      for (const c of cleanups.splice(0)) c();
      push.stop();
      engine.cancel();
      incomingAbort.abort();
      releaseLock?.();
    },
    async fetchBody(id) {
      const row = await getEmail(opts.db, id);
      try {
        return await fetchBody(
          { db: opts.db, client, signal: new AbortController().signal },
          opts.parser,
          id,
          row.blobId ?? id,
        );
      } catch (err) {
        if (err instanceof OfflineError) throw new OfflineError(bodyOfflineMessage());
        throw err;
      }
    },
  };
}
