// The per-session IMAP connection of the JMAP facade, against a real Dovecot: one
// connection reused, reopened after it dropped, closed when the session ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticatedSession } from '../../src/proxy/auth/sessions.js';
import { ImapAuthError, ImapPool } from '../../src/proxy/imap/pool.js';
import { createLogger } from '../../src/proxy/security/redact.js';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { dovecotProvider } from './support/buzon.js';

const TEST_TIMEOUT_MS = 20_000;
const START_TIMEOUT_MS = 30_000;

let dovecot: DovecotInstance;
const logs: string[] = [];
const live = new Set<string>();
let pool: ImapPool;

function session(id: string, password = 'alice-secret'): AuthenticatedSession {
  live.add(id);
  return {
    sessionId: id,
    username: 'alice@buzon.test',
    password,
    provider: dovecotProvider(dovecot),
  };
}

beforeAll(async () => {
  dovecot = await startDovecot();
  pool = new ImapPool(
    (id) => live.has(id),
    createLogger((line) => logs.push(line)),
  );
}, START_TIMEOUT_MS);

afterAll(async () => {
  pool?.closeAll();
  await dovecot?.stop();
});

describe('IMAP connection per session', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCESS-1 opens lazily, reuses one connection and serializes work on it', async () => {
    const s = session('one');
    expect(pool.openConnections).toBe(0);
    const order: number[] = [];
    const clients = await Promise.all(
      [1, 2, 3].map((n) =>
        pool.run(s, async (client) => {
          order.push(n);
          await client.noop();
          order.push(n);
          return client;
        }),
      ),
    );
    expect(new Set(clients).size).toBe(1);
    // Serialized: each piece of work ends before the next starts.
    expect(order).toEqual([1, 1, 2, 2, 3, 3]);
    expect(pool.openConnections).toBe(1);
  });

  it('ACCESS-1 reconnects when the connection dropped, keeping the session cache', async () => {
    const s = session('two');
    const first = await pool.run(s, async (client, cache) => {
      cache.mailboxIds.set('marker', 'kept');
      return client;
    });
    first.close();
    const [second, marker] = await pool.run(s, async (client, cache) => {
      await client.noop();
      return [client, cache.mailboxIds.get('marker')] as const;
    });
    expect(second).not.toBe(first);
    expect(second.usable).toBe(true);
    expect(marker).toBe('kept');
  });

  it('security: the connection forgets the password once logged in', async () => {
    const client = await pool.run(session('three'), async (c) => c);
    expect(JSON.stringify((client as unknown as { options: unknown }).options)).not.toContain(
      'alice-secret',
    );
  });

  it('ACCESS-1 a session that ended (logout, expiry) loses its connection at the next sweep', async () => {
    const s = session('four');
    const client = await pool.run(s, async (c) => c);
    live.delete('four');
    pool.sweep();
    await new Promise<void>((resolve) =>
      client.usable ? client.once('close', () => resolve()) : resolve(),
    );
    expect(client.usable).toBe(false);
  });

  it('ACCESS-1 a refused login is reported as such (the session must sign in again)', async () => {
    await expect(
      pool.run(session('five', 'wrong-password'), async (c) => c),
    ).rejects.toBeInstanceOf(ImapAuthError);
  });
});

describe('a fresh connection for the shares (SHARED-2)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('SHARED-2 recycle replaces a connection that logged in before the time given, and keeps a newer one', async () => {
    const s = session('six');
    const first = await pool.run(s, async (c) => c);
    // A Session fetch that came after this connection logged in: a new connection.
    pool.recycle('six', Date.now() + 1);
    const second = await pool.run(s, async (c) => c);
    expect(second).not.toBe(first);
    expect(first.usable).toBe(false);
    // A Session fetch that came before it logged in (the first of a sign-in, whose
    // capability checks opened it): the same connection, not a second login.
    const asked = Date.now();
    const s7 = session('seven');
    const opened = await pool.run(s7, async (c) => c);
    pool.recycle('seven', asked);
    const again = await pool.run(s7, async (c) => c);
    expect(again).toBe(opened);
    expect(again.usable).toBe(true);
  });
});
