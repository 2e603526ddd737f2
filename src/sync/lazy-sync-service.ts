// The sync service as the page first sees it: its status and commands at once, the engine
// (pull, push, bodies, the op runner, push listening: ~10 KB gzip) loaded in a chunk of its
// own right after start-up. The local mailbox never loads it, and a signed-in user's first
// paint does not wait for it (start-up budget, 100 KB gzip).
import type { SyncStatus } from '../state/types.js';
import { ValueSubject } from '../state/subscribable.js';
import type { RunningSyncService } from './service.js';

/** What the status line shows until the engine has loaded and said more. */
const LOADING: SyncStatus = {
  phase: 'syncing',
  progress: null,
  pending: 0,
  lastSyncAt: null,
  message: null,
};

export function createLazySyncService(load: () => Promise<RunningSyncService>): RunningSyncService {
  const status = new ValueSubject<SyncStatus>(LOADING);
  let loading: Promise<RunningSyncService> | null = null;
  let stopped = false;

  const real = (): Promise<RunningSyncService> =>
    (loading ??= load().then(
      (service) => {
        service.observeStatus().subscribe({ next: (s) => status.set(s) });
        return service;
      },
      (err: unknown) => {
        loading = null;
        status.set({
          ...LOADING,
          phase: 'error',
          message: `Sync could not start: ${err instanceof Error ? err.message : String(err)}`,
        });
        throw err;
      },
    ));

  return {
    observeStatus: () => status,
    async syncNow() {
      await (await real()).syncNow();
    },
    cancel() {
      void real().then((s) => s.cancel());
    },
    start() {
      void real().then(
        (s) => {
          if (!stopped) s.start();
        },
        () => undefined,
      );
    },
    stop() {
      stopped = true;
      void loading?.then((s) => s.stop());
    },
    async fetchBody(id) {
      return (await real()).fetchBody(id);
    },
  };
}
