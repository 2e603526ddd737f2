// The sync service as a page runs it, over a test device (device.ts): Alice's account, the
// device's client and database, and a push stream whose opening the test holds back
// until `streamGate` resolves (never, to keep push out of a test). `onStream` hears of
// each stream the service opens.
import { createInlineParser } from '../../../src/mail/parse.js';
import { createSyncService, type RunningSyncService } from '../../../src/sync/service.js';
import { ALICE, type JmapAccount } from '../../proxy/support/jmap-account.js';
import type { Device } from './device.js';
import { NodeEventSource } from './event-source.js';

export function deviceSyncService(
  account: JmapAccount,
  device: Device,
  streamGate: Promise<void> = Promise.resolve(),
  onStream: () => void = () => undefined,
): RunningSyncService {
  const origin = account.buzon.origin;
  return createSyncService({
    db: device.db,
    account: {
      id: account.accountId,
      username: ALICE.user,
      providerId: 'test',
      providerName: 'Test',
      offlineWindowDays: null,
    },
    parser: createInlineParser(),
    notify: () => undefined,
    client: device.client,
    eventSource: (url) => {
      onStream();
      return new NodeEventSource(url, { Cookie: device.cookie, Origin: origin }, streamGate);
    },
  });
}
