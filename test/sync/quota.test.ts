// ACCOUNT-1, browser side in Node: createQuotaService against the real proxy and Dovecot,
// with a JmapClient that sends the cookie and Origin a browser would (as device.ts does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerQuota } from '../../src/state/types.js';
import { JmapClient } from '../../src/sync/jmap-client.js';
import {
  createQuotaService,
  MIN_REFRESH_INTERVAL_MS,
  toServerQuota,
} from '../../src/sync/quota.js';
import { firstPassOver } from '../../src/sync/first-pass.js';
import { ValueSubject } from '../../src/state/subscribable.js';
import type { SyncStatus } from '../../src/state/types.js';
import { DEFAULT_QUOTA } from '../support/dovecot/index.js';
import { ALICE, startJmapAccount } from '../proxy/support/jmap-account.js';
import type { JmapAccount } from '../proxy/support/jmap-account.js';

/** A few round trips to the proxy and Dovecot on loopback; generous for a loaded machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const message = (subject: string, bodyLines: number) =>
  [
    'From: Ana <ana@example.test>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    '',
    ...Array.from({ length: bodyLines }, (_, i) => `line ${i} ${'x'.repeat(70)}`),
    '',
  ].join('\r\n');

let account: JmapAccount;

/** A client like a device's: the account's cookie and Origin, and a switchable network. */
function device(): { client: JmapClient; setOffline(v: boolean): void } {
  let offline = false;
  const origin = account.buzon.origin;
  const client = new JmapClient({
    baseUrl: origin,
    headers: { Cookie: account.cookie, Origin: origin },
    fetch: (input, init) =>
      offline ? Promise.reject(new TypeError('fetch failed: network is down')) : fetch(input, init),
  });
  return { client, setOffline: (v) => (offline = v) };
}

function current(service: ReturnType<typeof createQuotaService>): ServerQuota | null {
  let seen: ServerQuota | null = null;
  service
    .observeQuota()
    .subscribe({ next: (v) => (seen = v) })
    .unsubscribe();
  return seen;
}

beforeAll(async () => {
  account = await startJmapAccount([message('Primero', 40)]);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('createQuotaService (RFC 9425 through the proxy)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCOUNT-1 maps the server quota to bytes and messages, and follows deliveries', async () => {
    let clock = 1_000_000;
    const { client } = device();
    const service = createQuotaService(client, { now: () => clock });
    await service.refresh();
    const first = current(service);
    expect(first).toMatchObject({
      limitBytes: DEFAULT_QUOTA.storageKiB * 1024,
      usedMessages: 1,
      limitMessages: DEFAULT_QUOTA.messages,
    });
    expect(first?.usedBytes).toBeGreaterThanOrEqual(1024);

    await account.dovecot.deliver(ALICE.user, message('Segundo', 400));
    clock += MIN_REFRESH_INTERVAL_MS;
    await service.refresh();
    const second = current(service);
    expect(second?.usedMessages).toBe(2);
    expect(second?.usedBytes).toBeGreaterThanOrEqual((first?.usedBytes ?? 0) + 30 * 1024);
  });

  it("ACCOUNT-1 the first ask waits for the page's first sync pass, then shows the quota", async () => {
    let quotaCalls = 0;
    const origin = account.buzon.origin;
    const client = new JmapClient({
      baseUrl: origin,
      headers: { Cookie: account.cookie, Origin: origin },
      fetch: (input, init) => {
        if (typeof init?.body === 'string' && init.body.includes('Quota/get')) quotaCalls++;
        return fetch(input, init);
      },
    });
    const status = new ValueSubject<SyncStatus>({
      phase: 'syncing',
      progress: null,
      pending: 0,
      lastSyncAt: null,
      message: null,
    });
    const service = createQuotaService(client, {
      notBefore: () => firstPassOver({ observeStatus: () => status }),
    });
    const seen: (ServerQuota | null)[] = [];
    const sub = service.observeQuota().subscribe({ next: (q) => seen.push(q) });
    // Before its first pass the sync service says 'idle' for a moment (ops counted), then
    // 'bootstrap': neither is the end of a pass.
    status.set({ ...status.value, phase: 'idle' });
    status.set({ ...status.value, phase: 'bootstrap' });
    await new Promise((r) => setTimeout(r, 300));
    expect(quotaCalls).toBe(0);
    expect(seen.at(-1)).toBeNull();
    status.set({ ...status.value, phase: 'idle', lastSyncAt: 1 });
    await expect.poll(() => seen.at(-1)?.usedMessages, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(quotaCalls).toBe(1);
    sub.unsubscribe();
  });

  it('ACCOUNT-1 a sync pass that never ends does not keep the quota away for ever', async () => {
    const status = new ValueSubject<SyncStatus>({
      phase: 'bootstrap',
      progress: null,
      pending: 0,
      lastSyncAt: null,
      message: null,
    });
    let over = false;
    void firstPassOver({ observeStatus: () => status }, 200).then(() => (over = true));
    await expect.poll(() => over, { timeout: 2_000 }).toBe(true);
    expect(status.value.phase).toBe('bootstrap');
  });

  it('ACCOUNT-1 offline keeps the last known quota instead of blanking it', async () => {
    let clock = 5_000_000;
    const { client, setOffline } = device();
    const service = createQuotaService(client, { now: () => clock });
    const seen: (ServerQuota | null)[] = [];
    const sub = service.observeQuota().subscribe({ next: (v) => seen.push(v) });
    await service.refresh();
    const known = current(service);
    expect(known?.limitMessages).toBe(DEFAULT_QUOTA.messages);

    setOffline(true);
    clock += MIN_REFRESH_INTERVAL_MS;
    await service.refresh();
    expect(current(service)).toEqual(known);
    expect(seen.at(-1)).toEqual(known);

    setOffline(false);
    clock += MIN_REFRESH_INTERVAL_MS;
    await service.refresh();
    expect(current(service)?.limitBytes).toBe(DEFAULT_QUOTA.storageKiB * 1024);
    sub.unsubscribe();
  });

  it('ACCOUNT-1 offline before any answer: null (nothing is known yet)', async () => {
    const { client, setOffline } = device();
    setOffline(true);
    const service = createQuotaService(client);
    await service.refresh();
    expect(current(service)).toBeNull();
  });
});

describe('toServerQuota (RFC 9425 → the meter)', () => {
  const quota = (
    id: string,
    resourceType: 'octets' | 'count',
    used: number,
    hardLimit: number,
  ) => ({
    id,
    resourceType,
    used,
    hardLimit,
    scope: 'account' as const,
    name: id,
    types: ['Mail'],
  });

  it('ACCOUNT-1 of several roots, the one closest to full is shown; no quota is null', () => {
    expect(
      toServerQuota([
        quota('a', 'octets', 10, 100),
        quota('b', 'octets', 90, 100),
        quota('c', 'count', 3, 10),
        { ...quota('d', 'octets', 99, 100), types: ['Calendar'] },
      ]),
    ).toEqual({ usedBytes: 90, limitBytes: 100, usedMessages: 3, limitMessages: 10 });
    expect(toServerQuota([quota('c', 'count', 3, 10)])).toEqual({
      usedBytes: 0,
      limitBytes: null,
      usedMessages: 3,
      limitMessages: 10,
    });
    expect(toServerQuota([])).toBeNull();
  });
});
