// StorageService (ACCOUNT-1, local part): the browser's estimate and persistence, when
// the platform has them (Node and some browsers do not: zeros and false then).
import type { StorageEstimate, StorageService } from './types.js';

function storageManager(): StorageManager | undefined {
  const nav = (globalThis as { navigator?: { storage?: StorageManager } }).navigator;
  return nav?.storage;
}

export function createStorageService(): StorageService {
  return {
    async getEstimate(): Promise<StorageEstimate> {
      const sm = storageManager();
      if (!sm || typeof sm.estimate !== 'function') return { usage: 0, quota: 0, persisted: false };
      const [est, persisted] = await Promise.all([
        sm.estimate(),
        typeof sm.persisted === 'function' ? sm.persisted() : Promise.resolve(false),
      ]);
      return { usage: est.usage ?? 0, quota: est.quota ?? 0, persisted };
    },
    async requestPersistence() {
      const sm = storageManager();
      if (!sm || typeof sm.persist !== 'function') return false;
      try {
        return await sm.persist();
      } catch {
        // Some browsers reject instead of answering false; either way it is not persisted.
        return false;
      }
    },
  };
}
