// One sync pass and its status (ARCHITECTURE.md § Sync): folders, then messages (bootstrap
// or /changes), then the queued local changes, then — if any went out — the server's view
// of them, then bodies newest first. Errors decide the phase: offline and signed-out wait
// for their trigger, anything else is retried by the next one.
import type { MailParser } from '../mail/types.js';
import { ValueSubject } from '../state/subscribable.js';
import type { SyncPhase, SyncStatus } from '../state/types.js';
import type { BuzonDb } from '../store/db.js';
import { readState } from '../store/sync/sync-state.js';
import { countOps } from '../store/sync/ops.js';
import { listMailboxRecords } from '../store/sync/lookup.js';
import type { Conflict } from '../store/sync/server-types.js';
import { downloadBodies } from './bodies.js';
import type { JmapClient } from './jmap-client.js';
import { OfflineError, SignedOutError } from './jmap-client.js';
import type { PullContext } from './pull-context.js';
import { pullEmailChanges, pullMailboxes } from './pull.js';
import { reconcileWindow } from './pull-window.js';
import { pushOps } from './push-ops.js';

export interface SyncEngineOptions {
  db: BuzonDb;
  client: JmapClient;
  parser: MailParser;
  /** null = everything; a function is read at each pass (the user may change it). */
  windowDays: number | null | (() => number | null);
  now?: () => number;
  onConflicts?: (conflicts: Conflict[]) => void;
  /** Localised text for an error the user should read (the state layer supplies it). */
  describeError?: (err: unknown) => string;
  /**
   * Localised text for a pass that synced all but the other accounts named (their servers
   * could not be reached: EXTERNAL-2, protocol/jmap-partial.ts).
   */
  describeUnreachable?: (names: readonly string[]) => string;
  /** Download bodies after the rows (tests of the rows alone turn it off). */
  bodies?: boolean;
  /** SPAM-1/FILTER-3: queue incoming Inbox mail (PullContext.queueIncoming). */
  queueIncoming?: boolean;
}

/** The names of other accounts (their top-level folders' names, i.e. their addresses). */
async function namesOf(db: BuzonDb, accounts: ReadonlySet<string>): Promise<string[]> {
  const folders = await listMailboxRecords(db);
  return [...accounts].map((a) => folders.find((m) => m.serverId === a)?.name ?? a);
}

export type SyncOutcome = 'done' | 'offline' | 'signed-out' | 'cancelled' | 'error';

export class SyncEngine {
  readonly status = new ValueSubject<SyncStatus>({
    phase: 'idle',
    progress: null,
    pending: 0,
    lastSyncAt: null,
    message: null,
  });
  private running: Promise<SyncOutcome> | null = null;
  private again = false;
  private controller: AbortController | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: SyncEngineOptions) {
    this.now = opts.now ?? Date.now;
  }

  private patch(p: Partial<SyncStatus>): void {
    this.status.set({ ...this.status.value, ...p });
  }

  /** Runs a pass; a call while one runs asks for one more pass after it. */
  sync(): Promise<SyncOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let outcome: SyncOutcome;
      do {
        this.again = false;
        outcome = await this.pass();
      } while (this.again && outcome === 'done');
      return outcome;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the running pass; what arrived stays, and the next pass resumes. */
  cancel(): void {
    this.controller?.abort();
  }

  async refreshPending(): Promise<void> {
    this.patch({ pending: await countOps(this.opts.db) });
  }

  private async pass(): Promise<SyncOutcome> {
    const { db, client } = this.opts;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    const bootstrapping = (await readState(db, 'Email')) === null;
    this.setPhase(bootstrapping ? 'bootstrap' : 'syncing');
    /** Other accounts whose servers were down in this pass (EXTERNAL-2). */
    const leftOut = new Set<string>();
    try {
      const ctx: PullContext = {
        db,
        client,
        accountId: await client.accountId(),
        now: this.now,
        windowDays:
          typeof this.opts.windowDays === 'function'
            ? this.opts.windowDays()
            : this.opts.windowDays,
        signal,
        ...(this.opts.bodies !== false ? { parser: this.opts.parser } : {}),
        ...(this.opts.queueIncoming ? { queueIncoming: true } : {}),
        onProgress: (done, total) =>
          this.patch({ progress: { done, total, label: bootstrapping ? 'messages' : 'bodies' } }),
        onConflicts: (c) => this.opts.onConflicts?.(c),
        onLeftOut: (accounts) => accounts.forEach((a) => leftOut.add(a)),
      };
      // The folders' request brings the messages' first step too: the first download's
      // listing, or the first page of changes.
      await pullEmailChanges(ctx, await pullMailboxes(ctx));
      await reconcileWindow(ctx);
      const pushed = await pushOps(ctx);
      // The Outbox's sender loads only when something waits to leave (start-up budget).
      const outbox = (await db.outbox.count())
        ? await (await import('./outbox.js')).sendOutbox(ctx)
        : { sent: 0 };
      if (pushed.sent > 0 || outbox.sent > 0) await pullEmailChanges(ctx, await pullMailboxes(ctx));
      await this.refreshPending();
      if (this.opts.bodies !== false) {
        this.patch({ progress: null });
        await downloadBodies(
          { ...ctx, onProgress: (done, total) => this.bodyProgress(done, total) },
          this.opts.parser,
        );
      }
      this.patch({
        phase: 'idle',
        progress: null,
        lastSyncAt: this.now(),
        message: leftOut.size > 0 ? this.describeUnreachable(await namesOf(db, leftOut)) : null,
      });
      return 'done';
    } catch (err) {
      await this.refreshPending().catch(() => undefined);
      if (signal.aborted) {
        this.patch({ phase: 'idle', progress: null, message: null });
        return 'cancelled';
      }
      if (err instanceof OfflineError) {
        this.patch({ phase: 'offline', progress: null, message: null });
        return 'offline';
      }
      if (err instanceof SignedOutError) {
        this.patch({ phase: 'signed-out', progress: null, message: this.describe(err) });
        return 'signed-out';
      }
      this.patch({ phase: 'error', progress: null, message: this.describe(err) });
      return 'error';
    } finally {
      this.controller = null;
    }
  }

  private bodyProgress(done: number, total: number): void {
    this.patch({ progress: { done, total, label: 'bodies' } });
  }

  private setPhase(phase: SyncPhase): void {
    this.patch({ phase, message: null });
  }

  private describeUnreachable(names: readonly string[]): string {
    if (this.opts.describeUnreachable) return this.opts.describeUnreachable(names);
    return `Up to date, except ${names.join(', ')}: its server cannot be reached.`;
  }

  private describe(err: unknown): string {
    if (this.opts.describeError) return this.opts.describeError(err);
    return err instanceof Error ? err.message : String(err);
  }
}
