// Issue 3: a sync pass that fails (the proxy answers that the mail server is unreachable)
// is tried again by itself within seconds, backing off while the fault lasts, and the
// mailbox fills once the server answers. Real proxy and Dovecot; the failure is the
// proxy's own "Bad Gateway" answer, put in front of the device's requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs, type RunningSyncService } from '../../src/sync/service.js';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';
import { openDevice, type Device } from './support/device.js';
import { deviceSyncService } from './support/sync-service.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 30_000;
/** Shorter than the 30 s a failed pass used to wait: a retry must come before it. */
const RECOVERY_WAIT_MS = 10_000;

let account: JmapAccount;
let device: Device;
let service: RunningSyncService | undefined;
let serverDown = true;
let refused = 0;

const MESSAGE = [
  'From: Bob <bob@buzon.test>',
  `To: ${ALICE.user}`,
  'Subject: After the outage',
  `Message-ID: <retry-${Date.now()}@buzon.test>`,
  'Date: Mon, 02 Mar 2026 09:00:00 +0100',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello.',
  '',
].join('\r\n');

beforeAll(async () => {
  account = await startJmapAccount([MESSAGE]);
  device = await openDevice(account, {
    wrapFetch: (next) => (input, init) => {
      if (serverDown && String(input).endsWith('/jmap')) {
        refused++;
        return Promise.resolve(
          new Response(JSON.stringify({ detail: 'The mail server did not answer.' }), {
            status: 502,
            headers: { 'Content-Type': 'application/problem+json' },
          }),
        );
      }
      return next(input, init);
    },
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  service?.stop();
  device?.close();
  await account?.stop();
});

describe('issue 3 a failed sync pass is retried by itself', () => {
  it('the pause after failed passes starts at 2 s and doubles up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(retryDelayMs)).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it(
    'issue 3 the server unreachable at the first pass: the status says so, and the mail arrives within seconds once it answers, with no click',
    async () => {
      // The push stream is held shut: its opening starts a pass too, and only the retry
      // may bring this mail.
      service = deviceSyncService(account, device, new Promise(() => {}));
      let phase = '';
      service.observeStatus().subscribe({ next: (s) => (phase = s.phase) });
      service.start();
      await expect.poll(() => phase, { timeout: RECOVERY_WAIT_MS }).toBe('error');
      expect(await device.db.emails.count()).toBe(0);
      serverDown = false;
      const tried = refused;
      await expect
        .poll(async () => (await device.db.emails.toArray()).map((e) => e.subject), {
          timeout: RECOVERY_WAIT_MS,
        })
        .toEqual(['After the outage']);
      await expect.poll(() => phase, { timeout: RECOVERY_WAIT_MS }).toBe('idle');
      expect(tried).toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS,
  );
});
