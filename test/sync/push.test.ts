// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// Push in the sync service (issue 3, ARCHITECTURE.md § Sync): the syncing tab's SSE stream
// against the real proxy and Dovecot. What changes on the server before the stream is
// open — while a new syncing tab takes over, or while a stream reconnects — is fetched as
// soon as it opens, not at the next poll minutes later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSyncService } from '../../src/sync/service.js';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';
import { openDevice, type Device } from './support/device.js';
import { deviceSyncService } from './support/sync-service.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 30_000;

let account: JmapAccount;
let device: Device;
let service: RunningSyncService | undefined;

function message(n: number): string {
  return [
    'From: Bob <bob@buzon.test>',
    `To: ${ALICE.user}`,
    `Subject: Push ${n}`,
    `Message-ID: <push-${n}-${Date.now()}@buzon.test>`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body ${n}.`,
    '',
  ].join('\r\n');
}

async function subjects(): Promise<string[]> {
  return (await device.db.emails.toArray()).map((e) => e.subject).sort();
}

beforeAll(async () => {
  account = await startJmapAccount([message(1)]);
  device = await openDevice(account);
}, START_TIMEOUT_MS);

afterAll(async () => {
  service?.stop();
  device?.close();
  await account?.stop();
});

describe('issue 3 push through the sync service', () => {
  it(
    'a delivery made before the push stream opened is fetched when it opens',
    async () => {
      let letStreamGo: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (letStreamGo = resolve));
      service = deviceSyncService(account, device, gate);
      let phase = '';
      service.observeStatus().subscribe({ next: (s) => (phase = s.phase) });
      service.start();
      // The first pass finishes while the stream is still held back.
      await expect.poll(subjects, { timeout: 10_000 }).toEqual(['Push 1']);
      await expect.poll(() => phase, { timeout: 10_000 }).toBe('idle');
      await account.dovecot.deliver(ALICE.user, message(2));
      letStreamGo();
      await expect.poll(subjects, { timeout: 10_000 }).toEqual(['Push 1', 'Push 2']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a first download opens the push stream once it is done, and push then works',
    async () => {
      const fresh = await openDevice(account, { name: 'buzon-push-first-download' });
      const phases: string[] = [];
      let downloaded = false;
      const atStream: string[] = [];
      const second = deviceSyncService(account, fresh, Promise.resolve(), () =>
        atStream.push(downloaded ? 'after the download' : 'during the download'),
      );
      try {
        second.observeStatus().subscribe({
          next: (s) => {
            phases.push(s.phase);
            downloaded = s.lastSyncAt !== null;
          },
        });
        second.start();
        await expect.poll(() => atStream.length, { timeout: 10_000 }).toBe(1);
        // The stream (its own IMAP connection on the proxy) waited for the download.
        expect(phases).toContain('bootstrap');
        expect(atStream).toEqual(['after the download']);
        expect(
          (await fresh.db.emails.toArray()).map((e) => e.subject).filter((s) => s === 'Push 1'),
        ).toEqual(['Push 1']);
        await account.dovecot.deliver(ALICE.user, message(3));
        await expect
          .poll(async () => (await fresh.db.emails.toArray()).map((e) => e.subject), {
            timeout: 10_000,
          })
          .toContain('Push 3');
      } finally {
        second.stop();
        fresh.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
