// The end of the page's first sync pass, for work that should not get ahead of it on the
// proxy (ACCOUNT-1's quota). Bounded: a first download of a big mailbox takes minutes,
// and another tab may be the one syncing.
import type { Subscribable } from '../state/observable.js';
import type { SyncStatus } from '../state/types.js';

/** Longest wait: after it the caller goes ahead anyway. */
export const FIRST_PASS_WAIT_MS = 10_000;

/** Phases that end a pass without a sync (lastSyncAt stays as it was). */
const ENDED = new Set<SyncStatus['phase']>(['error', 'offline', 'signed-out', 'local']);

/**
 * Resolves once a pass has ended: one succeeded (lastSyncAt set; the status says 'idle'
 * before the first pass too, so the phase alone does not tell) or one failed, or after
 * `maxWaitMs`.
 */
export function firstPassOver(
  sync: { observeStatus(): Subscribable<SyncStatus> },
  maxWaitMs = FIRST_PASS_WAIT_MS,
): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // Later: the status may answer while `subscribe` is still running.
      queueMicrotask(() => sub.unsubscribe());
      resolve();
    };
    const timer = setTimeout(finish, maxWaitMs);
    const sub = sync.observeStatus().subscribe({
      next: (s) => {
        if (s.lastSyncAt !== null || ENDED.has(s.phase)) finish();
      },
      error: finish,
    });
  });
}
