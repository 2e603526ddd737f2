// The share service of the local mailbox: nothing lives on a server, so nothing can be
// shared and nothing is shared with it (SHARED-1…3 need a server account).
import type { ShareService } from './types.js';

/** Thrown when sharing is asked of the local mailbox (the UI does not offer it there). */
export class SharingUnavailableError extends Error {
  override name = 'SharingUnavailableError';
}

export function createNoShareService(): ShareService {
  const refuse = async (): Promise<never> => {
    throw new SharingUnavailableError('Sharing needs a server account.');
  };
  return {
    canManage: () => false,
    listShares: async () => [],
    share: refuse,
    unshare: refuse,
    listSharedWithMe: async () => [],
    openShared: refuse,
  };
}
