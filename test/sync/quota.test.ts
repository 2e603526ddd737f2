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
