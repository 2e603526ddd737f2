// The quota service of the local mailbox: there is no server, so no server quota (the
// storage meter still shows the browser's own storage).
import { ValueSubject } from './subscribable.js';
import type { QuotaService, ServerQuota } from './types.js';

export function createNoQuotaService(): QuotaService {
  const none = new ValueSubject<ServerQuota | null>(null);
  return { observeQuota: () => none, refresh: async () => {} };
}
