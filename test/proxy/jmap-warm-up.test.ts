// The email index read ahead after a session's first Session (warm-up.ts), against a real
// Dovecot: it holds what Email/query answers, and mail that arrives or goes between it
// and the app's first request is listed as the server has it then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticatedSession } from '../../src/proxy/auth/sessions.js';
import { ImapPool } from '../../src/proxy/imap/pool.js';
import { createLogger } from '../../src/proxy/security/redact.js';
import { warmEmailIndex } from '../../src/proxy/jmap/warm-up.js';
import { cookiePair, dovecotProvider, jmapRequest, send } from './support/buzon.js';
import type { Call } from './support/buzon.js';
import {
  ALICE,
  USING,
  plainMessage,
  startJmapAccount,
  type JmapAccount,
} from './support/jmap-account.js';

const TEST_TIMEOUT_MS = 20_000;
const START_TIMEOUT_MS = 30_000;

const message = (n: number, subject: string) => plainMessage(n, subject, 'warm');

let account: JmapAccount;

beforeAll(async () => {
  account = await startJmapAccount([message(1, 'Uno'), message(2, 'Dos'), message(3, 'Tres')]);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

/** A new sign-in of Alice: a proxy session whose email index has not been read. */
async function signIn(): Promise<string> {
  const login = await send(account.buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  expect(login.status).toBe(200);
  return cookiePair(login);
}

/** The responses by call id; anything but 200 fails the test (support/buzon.ts). */
function jmap(cookie: string, methodCalls: unknown[]): Promise<Record<string, Call>> {
  return jmapRequest(account.buzon.origin, cookie, methodCalls, USING);
}

/** Subjects of every message, newest first, as Email/query and Email/get answer them. */
async function listed(cookie: string): Promise<string[]> {
  const { g } = await jmap(cookie, [
    ['Email/query', { accountId: account.accountId }, 'q'],
    [
      'Email/get',
      {
        accountId: account.accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['subject'],
      },
      'g',
    ],
  ]);
  const list = g?.[1]['list'] as { subject: string }[];
  return list.map((e) => e.subject);
}

describe('the email index read ahead (issue 3)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCESS-1 the read-ahead index holds every folder message with its id, as Email/query lists them', async () => {
    const live = new Set(['warm']);
    const pool = new ImapPool(
      (id) => live.has(id),
      createLogger(() => undefined),
    );
    const session: AuthenticatedSession = {
      sessionId: 'warm',
      username: ALICE.user,
      password: ALICE.pass,
      provider: dovecotProvider(account.dovecot),
    };
    try {
      await warmEmailIndex(
        session,
        pool,
        createLogger(() => undefined),
      );
      const indexed = [...pool.cache('warm').rows.values()].flatMap((m) => m.rows);
      expect(indexed).toHaveLength(3);
      const cookie = await signIn();
      const { q } = await jmap(cookie, [['Email/query', { accountId: account.accountId }, 'q']]);
      const ids = q?.[1]['ids'] as string[];
      expect(new Set(indexed.map((r) => r.id))).toEqual(new Set(ids));
    } finally {
      pool.closeAll();
    }
  });

  it('ACCESS-1 mail delivered and deleted after the Session is listed as the server has it', async () => {
    const cookie = await signIn();
    const session = await send(account.buzon.origin, 'GET', '/jmap/session', {
      headers: { Cookie: cookie },
    });
    expect(session.status).toBe(200);
    // Queued behind the read-ahead on the session's connection: answered once it is done.
    const { m } = await jmap(cookie, [
      ['Mailbox/get', { accountId: account.accountId, ids: null }, 'm'],
    ]);
    expect(m?.[0]).toBe('Mailbox/get');

    await account.dovecot.deliver(ALICE.user, message(4, 'Cuatro'));
    const other = await account.imapClient();
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageDelete({ subject: 'Dos' });
    } finally {
      lock.release();
    }

    expect(await listed(cookie)).toEqual(['Cuatro', 'Tres', 'Uno']);
  });
});
