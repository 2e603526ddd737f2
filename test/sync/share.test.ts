// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SHARED-1…3 from the browser's side, in Node (fake-indexeddb) against the real proxy and
// Dovecot: Alice shares through her ShareService; Bob's ShareService lists and opens her
// mailbox as an account of this device; Bob's sync service syncs it into its own database
// through his own proxy session, both ways; when Alice stops, Bob's sync stops with a
// clear message and his local copy stays.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { createInlineParser } from '../../src/mail/parse.js';
import { readRegistry } from '../../src/state/account-registry.js';
import { createServices } from '../../src/state/services.js';
import type { AccountInfo, ShareService, SyncStatus } from '../../src/state/types.js';
import { LOCAL_DB_NAME, openDb, type BuzonDb } from '../../src/store/db.js';
import { JmapClient } from '../../src/sync/jmap-client.js';
import { createSyncService, type RunningSyncService } from '../../src/sync/service.js';
import { createShareService } from '../../src/sync/share.js';
import { cookiePair, send } from '../proxy/support/buzon.js';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';
import { first } from '../state/support/services.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 30_000;
/** How often a wait re-checks; the waits end on what the user would see. */
const POLL_MS = 25;

const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const SUBJECTS = ['Factura de abril', 'Reunión del lunes'];

const noRender = {
  renderMail(): never {
    throw new Error('no DOM in Node tests');
  },
  renderPrintDocument(): never {
    throw new Error('no DOM in Node tests');
  },
};

let account: JmapAccount;
let aliceImap: ImapFlow;
let aliceShares: ShareService;
let bobClient: JmapClient;
let bobCookie: string;
let bobShares: ShareService;
let bobDevice: BuzonDb;
let bobInfo: AccountInfo;
const reloads: string[] = [];

function message(subject: string, n: number): string {
  return [
    'From: Ana <ana@example.test>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    `Message-ID: <shared-sync-${n}@example.test>`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Cuerpo de ${subject}.`,
    '',
  ].join('\r\n');
}

const client = (cookie: string, accountId?: string) =>
  new JmapClient({
    baseUrl: account.buzon.origin,
    headers: { Cookie: cookie, Origin: account.buzon.origin },
    ...(accountId ? { accountId } : {}),
  });

async function signIn(user: string, pass: string): Promise<string> {
  const login = await send(account.buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: user, password: pass },
  });
  return cookiePair(login);
}

async function until<T>(probe: () => Promise<T> | T, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function aliceFlags(subject: string): Promise<string[]> {
  const lock = await aliceImap.getMailboxLock('INBOX');
  try {
    await aliceImap.noop();
    const all = await aliceImap.fetchAll('1:*', { envelope: true, flags: true });
    return [...(all.find((m) => m.envelope?.subject === subject)?.flags ?? [])];
  } finally {
    lock.release();
  }
}

const newDb = (name: string) =>
  openDb(name, { indexedDB: new IDBFactory(), IDBKeyRange, synced: name !== LOCAL_DB_NAME });

beforeAll(async () => {
  account = await startJmapAccount(SUBJECTS.map(message));
  aliceImap = await account.imapClient();
  const aliceInfo: AccountInfo = {
    id: account.accountId,
    username: ALICE.user,
    providerId: 'test',
    providerName: 'Test Dovecot',
    offlineWindowDays: null,
  };
  aliceShares = createShareService({
    client: client(account.cookie),
    deviceDb: await newDb(LOCAL_DB_NAME),
    current: aliceInfo,
    reload: () => reloads.push('alice'),
  });
  bobCookie = await signIn(BOB.user, BOB.pass);
  bobClient = client(bobCookie);
  const bobOwn = await bobClient.accountId();
  bobDevice = await newDb(LOCAL_DB_NAME);
  bobInfo = { ...aliceInfo, id: bobOwn, username: BOB.user };
  bobShares = createShareService({
    client: bobClient,
    deviceDb: bobDevice,
    current: bobInfo,
    reload: () => reloads.push('bob'),
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('a shared mailbox on the grantee’s device', () => {
  let sync: RunningSyncService | undefined;
  let bobDb: BuzonDb;
  let shared: AccountInfo;

  afterAll(() => sync?.stop());

  it(
    'SHARED-1 Alice shares through her ShareService; the address is checked first',
    async () => {
      expect(aliceShares.canManage()).toBe(true);
      await expect(aliceShares.share('anyone')).rejects.toThrow();
      await expect(aliceShares.share('bob@buzon.test\r\nx')).rejects.toThrow();
      await expect(aliceShares.share(ALICE.user)).rejects.toThrow(/own address/);
      expect(await aliceShares.listShares()).toEqual([]);
      await aliceShares.share(BOB.user);
      expect((await aliceShares.listShares()).map((s) => s.address)).toEqual([BOB.user]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-2 a page start asking for the Session twice at once (quota, the account menu) fetches it once, as does the menu connecting after it came; the menu opened later fetches it afresh',
    async () => {
      let fetches = 0;
      const counting = new JmapClient({
        baseUrl: account.buzon.origin,
        headers: { Cookie: bobCookie, Origin: account.buzon.origin },
        fetch: (input, init) => {
          if (String(input).endsWith('/jmap/session')) fetches++;
          return fetch(input, init);
        },
      });
      const shares = createShareService({
        client: counting,
        deviceDb: await newDb(LOCAL_DB_NAME),
        current: bobInfo,
        reload: () => undefined,
      });
      const [session, offered] = await Promise.all([counting.session(), shares.listSharedWithMe()]);
      expect(fetches).toBe(1);
      expect(Object.keys(session.accounts)).toContain(offered[0]?.accountId);
      expect(offered.map((m) => m.owner)).toEqual([ALICE.user]);
      // The menu connecting after that answer came (page start) takes the shares from it.
      const atStart = await shares.listSharedWithMe({ asked: false });
      expect(atStart.map((m) => m.owner)).toEqual([ALICE.user]);
      expect(fetches).toBe(1);
      // Opened again once that answer is in: the proxy is asked again (a share made since shows).
      await shares.listSharedWithMe();
      expect(fetches).toBe(2);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-2 Bob sees "alice" shared with him and opens it as an account of this device',
    async () => {
      bobClient.refreshSession();
      const offered = await bobShares.listSharedWithMe();
      expect(offered.map((m) => m.owner)).toEqual([ALICE.user]);
      await bobShares.openShared(offered[0] as (typeof offered)[number]);
      expect(reloads).toContain('bob');
      const registry = await readRegistry(bobDevice);
      const opened = registry.accounts.find((a) => a.id === offered[0]?.accountId);
      expect(opened).toMatchObject({ sharedBy: ALICE.user, username: BOB.user });
      expect(registry.currentId).toBe(offered[0]?.accountId);
      shared = opened as AccountInfo;
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-2 Bob’s sync fills its own database with Alice’s mail and sends his flag back',
    async () => {
      bobDb = await newDb(`buzon-account-${shared.id}`);
      const parser = createInlineParser();
      const services = createServices(bobDb, { parser, render: noRender });
      const statuses: SyncStatus[] = [];
      sync = createSyncService({
        db: bobDb,
        account: shared,
        parser,
        notify: () => undefined,
        client: client(bobCookie, shared.id),
      });
      sync.observeStatus().subscribe({ next: (s) => statuses.push(s) });
      sync.start();
      await until(
        () => statuses.some((s) => s.lastSyncAt !== null && s.phase === 'idle'),
        'the first sync',
      );

      const folders = await first(services.folders.observeFolders());
      const inbox = folders.find((f) => f.id === 'inbox');
      expect(inbox).toBeDefined();
      const ids = await first(
        services.messages.observeMessageIds({
          folderId: 'inbox',
          sort: 'date',
          descending: true,
          unreadOnly: false,
        }),
      );
      const rows = await services.messages.getRows(ids);
      expect(rows.map((r) => r.subject).sort()).toEqual([...SUBJECTS].sort());

      const target = rows.find((r) => r.subject === SUBJECTS[1]);
      await services.messages.setFlagged([target?.id ?? ''], true);
      await sync.syncNow();
      await until(
        async () => (await aliceFlags(SUBJECTS[1] ?? '')).includes('\\Flagged'),
        'the flag on the server',
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-3 when Alice stops sharing, Bob’s sync stops with a clear message; his copy stays',
    async () => {
      const [share] = await aliceShares.listShares();
      await aliceShares.unshare(share?.id ?? '');
      expect(await aliceShares.listShares()).toEqual([]);

      await sync?.syncNow();
      const status = await until(async () => {
        const s = await first(sync?.observeStatus() ?? { subscribe: () => ({ unsubscribe() {} }) });
        return s.phase === 'error' && s.message?.includes(ALICE.user) ? s : null;
      }, 'the "no longer shared" status');
      expect(status?.message).toMatch(/no longer shares this mailbox/);
      expect(await bobDb.emails.count()).toBe(SUBJECTS.length);
      bobClient.refreshSession();
      expect(await bobShares.listSharedWithMe()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
