// VIEW-3 after a bootstrap (ADR 0036): a folder shown sorted by subject, sender or size
// whose rows lack that sort's key gets its keys written here, in batches, while the list
// shows the folder by date. Only while someone shows it: leaving the view (another sort,
// another folder) stops the work after the batch in hand; showing it again resumes.
import type { BuzonDb } from '../store/db.js';
import { fillSortKeysStep } from '../store/repos/sort-keys.js';

/**
 * Messages per transaction. Each batch rewrites its rows (~0.7 ms a row in Chromium on
 * this machine): a thousand keep a transaction under a second, so new mail and the user's
 * clicks are not held up long behind it.
 */
export const SORT_KEY_BATCH_SIZE = 1000;

/**
 * A pause between batches. Dexie drops a live query's run when a write it watches lands
 * while it reads, and starts it again; back-to-back batches would keep every open view of
 * the mailbox (the list, its first rows, a new mail's row) from showing anything until the
 * last batch. A pause longer than such a read lets them catch up.
 */
export const SORT_KEY_PAUSE_MS = 100;

type Listener = (remaining: number) => void;

export class SortKeyFiller {
  /** Views showing each folder in a keyed sort. */
  private readonly watchers = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly db: BuzonDb,
    private readonly batchSize = SORT_KEY_BATCH_SIZE,
    private readonly pauseMs = SORT_KEY_PAUSE_MS,
  ) {}

  /** A view of the folder in a keyed sort is shown until the returned function is called. */
  watch(mailboxId: string): () => void {
    this.watchers.set(mailboxId, (this.watchers.get(mailboxId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.watchers.get(mailboxId) ?? 1) - 1;
      if (n > 0) this.watchers.set(mailboxId, n);
      else this.watchers.delete(mailboxId);
    };
  }

  /** Told how many of the folder's messages still lack a key after each batch. */
  onProgress(mailboxId: string, listener: Listener): () => void {
    const set = this.listeners.get(mailboxId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(mailboxId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(mailboxId);
    };
  }

  /** Writes the folder's missing keys while it is watched; joins a run in progress. */
  fill(mailboxId: string): Promise<void> {
    const inProgress = this.running.get(mailboxId);
    if (inProgress) return inProgress;
    const run = (async () => {
      try {
        while (this.watchers.has(mailboxId)) {
          const remaining = await fillSortKeysStep(this.db, mailboxId, this.batchSize);
          this.listeners.get(mailboxId)?.forEach((l) => l(remaining));
          if (remaining === 0) break;
          await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
        }
      } finally {
        this.running.delete(mailboxId);
      }
    })();
    this.running.set(mailboxId, run);
    return run;
  }
}
