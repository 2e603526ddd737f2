// ACCOUNT-1, server side: Quota/get and Quota/changes (RFC 9425) through the real proxy
// over a real Dovecot with a maildir quota (test/support/dovecot: DEFAULT_QUOTA).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUOTA } from '../support/dovecot/index.js';
import { send, jmapRequest, type Call } from './support/buzon.js';
import { ALICE, startJmapAccount, USING } from './support/jmap-account.js';
import type { JmapAccount } from './support/jmap-account.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const QUOTA = 'urn:ietf:params:jmap:quota';
const USING_QUOTA = [...USING, QUOTA];

interface Quota {
  id: string;
  resourceType: string;
  used: number;
  hardLimit: number;
  scope: string;
  name: string;
  types: string[];
}

const message = (subject: string, bodyLines: number) =>
  [
    'From: Ana <ana@example.test>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    'Message-ID: <' + subject.replace(/\W/g, '') + '@example.test>',
    '',
    ...Array.from({ length: bodyLines }, (_, i) => `line ${i} ${'x'.repeat(70)}`),
    '',
  ].join('\r\n');

let account: JmapAccount;

function call(methodCalls: Call[], using = USING_QUOTA): Promise<Record<string, Call>> {
  return jmapRequest(account.buzon.origin, account.cookie, methodCalls, using);
}

async function quotas(): Promise<{ state: string; list: Quota[] }> {
  const { q } = await call([['Quota/get', { accountId: account.accountId, ids: null }, 'q']]);
  expect(q?.[0]).toBe('Quota/get');
  return q?.[1] as { state: string; list: Quota[] };
}

const byType = (list: Quota[], type: string) => list.find((q) => q.resourceType === type);

beforeAll(async () => {
  account = await startJmapAccount([message('Primero', 40)]);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('Quota over IMAP QUOTA (RFC 9425, RFC 9208)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCOUNT-1 the Session advertises the quota capability for the mail account', async () => {
    const reply = await send(account.buzon.origin, 'GET', '/jmap/session', {
      headers: { Cookie: account.cookie },
    });
    const session = reply.json as {
      capabilities: Record<string, unknown>;
      primaryAccounts: Record<string, string>;
      accounts: Record<string, { accountCapabilities: Record<string, unknown> }>;
    };
    expect(session.capabilities[QUOTA]).toEqual({});
    expect(session.primaryAccounts[QUOTA]).toBe(account.accountId);
    expect(session.accounts[account.accountId]?.accountCapabilities[QUOTA]).toEqual({});
  });

  it('ACCOUNT-1 Quota/get answers the configured limits in octets and messages', async () => {
    const { state, list } = await quotas();
    expect(state).toMatch(/^q/);
    expect(list).toHaveLength(2);
    const storage = byType(list, 'octets');
    const count = byType(list, 'count');
    expect(storage).toMatchObject({
      hardLimit: DEFAULT_QUOTA.storageKiB * 1024,
      scope: 'account',
      name: 'User quota',
      types: ['Mail'],
    });
    expect(count).toMatchObject({ hardLimit: DEFAULT_QUOTA.messages, used: 1, scope: 'account' });
    // One ~3 KiB message: IMAP reports whole KiB, converted to octets.
    expect(storage?.used).toBeGreaterThanOrEqual(1024);
    expect((storage?.used ?? 0) % 1024).toBe(0);
    for (const q of list) expect(q.id).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
  });

  it('ACCOUNT-1 usage grows after a delivery; ids stay; Quota/changes names what moved', async () => {
    const before = await quotas();
    await account.dovecot.deliver(ALICE.user, message('Segundo', 400));
    const after = await quotas();
    expect(after.list.map((q) => q.id).sort()).toEqual(before.list.map((q) => q.id).sort());
    expect(byType(after.list, 'count')?.used).toBe((byType(before.list, 'count')?.used ?? 0) + 1);
    // 400 lines of ~80 octets: at least 30 KiB more.
    expect(byType(after.list, 'octets')?.used).toBeGreaterThanOrEqual(
      (byType(before.list, 'octets')?.used ?? 0) + 30 * 1024,
    );
    expect(after.state).not.toBe(before.state);

    const { c, same } = await call([
      ['Quota/changes', { accountId: account.accountId, sinceState: before.state }, 'c'],
      ['Quota/changes', { accountId: account.accountId, sinceState: after.state }, 'same'],
    ]);
    expect(c?.[1]).toMatchObject({
      oldState: before.state,
      newState: after.state,
      created: [],
      destroyed: [],
      updatedProperties: ['used'],
    });
    expect((c?.[1]['updated'] as string[]).sort()).toEqual(after.list.map((q) => q.id).sort());
    expect(same?.[1]).toMatchObject({ created: [], updated: [], destroyed: [] });
  });

  it('ACCOUNT-1 unknown ids are notFound; properties are honoured', async () => {
    const { list } = await quotas();
    const storageId = byType(list, 'octets')?.id ?? '';
    const { q } = await call([
      [
        'Quota/get',
        { accountId: account.accountId, ids: [storageId, 'Qnope'], properties: ['used'] },
        'q',
      ],
    ]);
    expect(q?.[1]['notFound']).toEqual(['Qnope']);
    const got = q?.[1]['list'] as Record<string, unknown>[];
    expect(got).toHaveLength(1);
    expect(Object.keys(got[0] ?? {}).sort()).toEqual(['id', 'used']);
  });

  it('ACCOUNT-1 a state from elsewhere is cannotCalculateChanges; quota needs its capability', async () => {
    const { bad, wrong } = await call([
      ['Quota/changes', { accountId: account.accountId, sinceState: 'qnot-a-state' }, 'bad'],
      ['Quota/get', { accountId: 'Anobody', ids: null }, 'wrong'],
    ]);
    expect(bad).toEqual([
      'error',
      expect.objectContaining({ type: 'cannotCalculateChanges' }),
      'bad',
    ]);
    expect(wrong).toEqual(['error', expect.objectContaining({ type: 'accountNotFound' }), 'wrong']);
    const { q } = await call([['Quota/get', { accountId: account.accountId }, 'q']], USING);
    expect(q).toEqual(['error', expect.objectContaining({ type: 'unknownMethod' }), 'q']);
  });
});
