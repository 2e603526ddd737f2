// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// The account service against the REAL proxy and Dovecot: the browser's half of signing
// in (issue 3). fetch is Node's, wrapped to behave like a same-origin page: relative URLs,
// the session cookie kept and sent back, and the page's Origin on every request.
import { createServer } from 'node:http';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AccountOfflineError,
  ProxyRefusedError,
  accountDbName,
  createAccountService,
  loadCurrentAccount,
} from '../../src/state/account-service.js';
import type { AccountInfo, SignInRequest } from '../../src/state/types.js';
import { LOCAL_DB_NAME, deleteDb, openDb, type BuzonDb } from '../../src/store/db.js';
import { DEFAULT_LOGIN_LIMITS } from '../../src/proxy/config/load.js';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { dovecotProvider, startBuzon } from '../proxy/support/buzon.js';
import type { RunningBuzon } from '../proxy/support/buzon.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };

let dovecot: DovecotInstance;
let buzon: RunningBuzon;

beforeAll(async () => {
  dovecot = await startDovecot();
  buzon = await startBuzon({ providers: [dovecotProvider(dovecot)] });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await dovecot?.stop();
});

/** What a browser tab on the Buzón origin does with fetch and cookies. */
function browserFetch(origin: string) {
  const jar = new Map<string, string>();
  const fetchLike = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Origin', origin);
    if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(new URL(String(input), origin), { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      const cleared = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (cleared || value.join('=') === '') jar.delete(name.trim());
      else jar.set(name.trim(), value.join('='));
    }
    return response;
  };
  return { fetch: fetchLike as typeof fetch, jar };
}

interface Setup {
  db: BuzonDb;
  factory: IDBFactory;
  reloads: number[];
  browser: ReturnType<typeof browserFetch>;
  service: ReturnType<typeof createAccountService>;
}

async function setup(
  target: RunningBuzon = buzon,
  current: AccountInfo | null = null,
): Promise<Setup> {
  const factory = new IDBFactory();
  const db = await openDb(LOCAL_DB_NAME, { indexedDB: factory, IDBKeyRange });
  const reloads: number[] = [];
  const browser = browserFetch(target.origin);
  const service = createAccountService(db, {
    fetch: browser.fetch,
    reload: () => reloads.push(1),
    current,
  });
  return { db, factory, reloads, browser, service };
}

function alice(over: Partial<SignInRequest> = {}): SignInRequest {
  return {
    providerId: 'test',
    username: ALICE.user,
    password: ALICE.pass,
    offlineWindowDays: 30,
    ...over,
  };
}

/** Every row of every table of the device database, as text. */
async function everythingStored(db: BuzonDb): Promise<string> {
  const dump: string[] = [];
  for (const table of db.tables) dump.push(JSON.stringify(await table.toArray()));
  return dump.join('\n');
}

let s: Setup;
beforeEach(async () => {
  s = await setup();
});

describe('issue 3 sign-in through the real proxy and Dovecot', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCESS-1 lists the providers of the proxy configuration', async () => {
    expect(await s.service.listProviders()).toEqual([
      { id: 'test', name: 'Test Dovecot', custom: false },
    ]);
  });

  it('issue 3 sign-in remembers the account under its JMAP account id, makes it current and reloads', async () => {
    await s.service.signIn(alice());
    const session = (await (await s.browser.fetch('/jmap/session')).json()) as {
      primaryAccounts: Record<string, string>;
    };
    const id = session.primaryAccounts['urn:ietf:params:jmap:mail'] ?? '';
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    const expected: AccountInfo = {
      id,
      username: ALICE.user,
      providerId: 'test',
      providerName: 'Test Dovecot',
      offlineWindowDays: 30,
    };
    expect(await s.service.listAccounts()).toEqual([expected]);
    expect(await loadCurrentAccount(s.db)).toEqual(expected);
    expect(s.reloads).toHaveLength(1);
    expect(accountDbName(id)).toBe(`buzon-account-${id}`);

    // After the reload, main.ts passes the loaded account: current() is it.
    const after = createAccountService(s.db, { current: await loadCurrentAccount(s.db) });
    expect(after.current()).toEqual(expected);
  });

  it('issue 3 sign-in: the password is never stored in the browser', async () => {
    await s.service.signIn(alice());
    const stored = await everythingStored(s.db);
    expect(stored).toContain(ALICE.user);
    expect(stored).not.toContain(ALICE.pass);
    expect(stored).not.toMatch(/password/i);
    // No other database was created to hold it either.
    const names = (await s.factory.databases()).map((d) => d.name);
    expect(names).toEqual([LOCAL_DB_NAME]);
    // The cookie the proxy set holds the session id and a key half, not the password.
    expect([...s.browser.jar.values()].join(';')).not.toContain(ALICE.pass);
  });

  it('ACCESS-1 a wrong password is refused with a clear message and nothing is remembered', async () => {
    const failure = await s.service
      .signIn(alice({ password: 'not-alices-password-4711' }))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProxyRefusedError);
    expect((failure as ProxyRefusedError).code).toBe('invalidCredentials');
    expect((failure as Error).message).toBe(
      'The mail server did not accept this username and password.',
    );
    expect(await s.service.listAccounts()).toEqual([]);
    expect(await loadCurrentAccount(s.db)).toBeNull();
    expect(s.reloads).toEqual([]);
    expect(await everythingStored(s.db)).not.toContain('not-alices-password-4711');
  });

  it('ACCESS-1 too many failed sign-ins says how many minutes to wait', async () => {
    const strict = await startBuzon({
      providers: [dovecotProvider(dovecot)],
      loginLimits: { ...DEFAULT_LOGIN_LIMITS, perUserFailures: 1 },
    });
    try {
      const t = await setup(strict);
      const wrong = alice({ password: 'wrong-once' });
      await expect(t.service.signIn(wrong)).rejects.toThrow(/did not accept/);
      const failure = (await t.service.signIn(wrong).catch((e: unknown) => e)) as ProxyRefusedError;
      expect(failure).toBeInstanceOf(ProxyRefusedError);
      expect(failure.status).toBe(429);
      expect(failure.message).toBe('Too many failed sign-ins. Try again in 15 min.');
    } finally {
      await strict.stop();
    }
  });

  it('issue 3 sign-in without a network says so, and remembers nothing', async () => {
    // A port that was just closed: the connection is refused, as when the network is down.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));
    const t = await setup({ ...buzon, origin: `http://127.0.0.1:${port}` });
    const failure = await t.service.signIn(alice()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AccountOfflineError);
    expect((failure as Error).message).toBe('You are offline: signing in needs the network');
    expect(await t.service.listAccounts()).toEqual([]);
  });

  it("ACCESS-1 a user-typed host on loopback is refused with the proxy's reason", async () => {
    const open = await startBuzon({ providers: [], allowCustomHosts: true });
    try {
      const t = await setup(open);
      expect(await t.service.listProviders()).toEqual([
        { id: 'custom', name: 'Other server', custom: true },
      ]);
      const failure = (await t.service
        .signIn(alice({ providerId: 'custom', host: '127.0.0.1', port: 993, tls: true }))
        .catch((e: unknown) => e)) as ProxyRefusedError;
      expect(failure).toBeInstanceOf(ProxyRefusedError);
      expect(failure.code).toBe('hostNotAllowed');
      expect(failure.message.length).toBeGreaterThan(0);
      expect(await t.service.listAccounts()).toEqual([]);
    } finally {
      await open.stop();
    }
  });

  it('issue 3 accounts side by side: a second sign-in adds the account; switchTo(null) shows the local mailbox', async () => {
    await s.service.signIn(alice());
    await s.service.signIn(alice({ username: BOB.user, password: BOB.pass, offlineWindowDays: 7 }));
    const accounts = await s.service.listAccounts();
    expect(accounts.map((a) => [a.username, a.offlineWindowDays])).toEqual([
      [ALICE.user, 30],
      [BOB.user, 7],
    ]);
    expect((await loadCurrentAccount(s.db))?.username).toBe(BOB.user);

    await s.service.switchTo(accounts[0]?.id ?? null);
    expect((await loadCurrentAccount(s.db))?.username).toBe(ALICE.user);
    await s.service.switchTo(null);
    expect(await loadCurrentAccount(s.db)).toBeNull();
    expect(s.reloads).toHaveLength(4);
    // The accounts stay listed, to switch back to.
    expect(await s.service.listAccounts()).toHaveLength(2);
    await expect(s.service.switchTo('no-such-account')).rejects.toThrow(/no account/);
  });

  it('issue 3 sign-out ends the proxy session and shows the local mailbox; the account stays listed', async () => {
    await s.service.signIn(alice());
    expect((await s.browser.fetch('/auth/session')).status).toBe(200);
    const cookie = [...s.browser.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const after = createAccountService(s.db, {
      fetch: s.browser.fetch,
      reload: () => s.reloads.push(1),
      current: await loadCurrentAccount(s.db),
    });
    await after.signOut();
    expect((await s.browser.fetch('/auth/session')).status).toBe(401);
    // Not only forgotten by the browser: the old cookie no longer opens the session.
    const replay = await fetch(new URL('/auth/session', buzon.origin), {
      headers: { Cookie: cookie },
    });
    expect(replay.status).toBe(401);
    expect(await loadCurrentAccount(s.db)).toBeNull();
    expect(await after.listAccounts()).toHaveLength(1);
    expect(s.reloads).toHaveLength(2);
  });

  it('issue 3 remove from this device: the account, its database and its proxy session go', async () => {
    await s.service.signIn(alice());
    const account = await loadCurrentAccount(s.db);
    if (!account) throw new Error('not signed in');
    const mailDb = await openDb(accountDbName(account.id), {
      indexedDB: s.factory,
      IDBKeyRange,
      synced: true,
    });
    await mailDb.settings.put({ key: 'marker', value: 1 });
    mailDb.close();
    const shown = createAccountService(s.db, {
      fetch: s.browser.fetch,
      reload: () => s.reloads.push(1),
      current: account,
      deleteDatabase: (name) => deleteDb(name, { indexedDB: s.factory, IDBKeyRange }),
    });
    await shown.removeFromDevice();
    const names = (await s.factory.databases()).map((d) => d.name);
    expect(names).not.toContain(accountDbName(account.id));
    expect(await shown.listAccounts()).toEqual([]);
    expect(await loadCurrentAccount(s.db)).toBeNull();
    expect((await s.browser.fetch('/auth/session')).status).toBe(401);
    expect(s.reloads).toHaveLength(2);
  });

  it('issue 3 the offline window chosen for the shown account is kept', async () => {
    await s.service.signIn(alice({ offlineWindowDays: 30 }));
    const shown = createAccountService(s.db, { current: await loadCurrentAccount(s.db) });
    await shown.setOfflineWindow(null);
    expect(shown.current()?.offlineWindowDays).toBeNull();
    expect((await loadCurrentAccount(s.db))?.offlineWindowDays).toBeNull();
    await shown.setOfflineWindow(90);
    expect((await shown.listAccounts())[0]?.offlineWindowDays).toBe(90);
  });

  it('issue 3 account databases are named after RFC 8620 ids (and Cyrus-style user ids) only', () => {
    expect(accountDbName('Aabc_DEF-123')).toBe('buzon-account-Aabc_DEF-123');
    expect(accountDbName('alice@example.org')).toBe('buzon-account-alice@example.org');
    for (const bad of ['', '../x', 'a b', 'ä', 'a/b', 'x'.repeat(256)])
      expect(() => accountDbName(bad)).toThrow(/not a valid account id/);
  });
});
