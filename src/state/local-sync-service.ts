// The sync service of the local mailbox ("On this device"): there is no server, so the
// status is always "local" and syncing does nothing.
import type { Subscribable } from './observable.js';
import type { SyncService, SyncStatus } from './types.js';

const LOCAL_STATUS: SyncStatus = {
  phase: 'local',
  progress: null,
  pending: 0,
  lastSyncAt: null,
  message: null,
};

export function createLocalSyncService(): SyncService {
  const status: Subscribable<SyncStatus> = {
    subscribe(observer) {
      observer.next(LOCAL_STATUS);
      return { unsubscribe() {} };
    },
  };
  return {
    observeStatus: () => status,
    syncNow: async () => {},
    cancel() {},
  };
}
