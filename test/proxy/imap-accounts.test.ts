// EXTERNAL-2 against a real Dovecot: Alice signs in and adds Bob's (another Dovecot user's)
// IMAP account through the proxy's /imap-accounts API. The login is tried first, the list
// lands in Alice's METADATA with only a sealed password, and nothing on Bob's server is
// ever touched by adding, changing or removing the account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { DEFAULT_USERS, execRaw, startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance, ImapToken } from '../support/dovecot/index.js';
import { freePorts } from '../support/dovecot/free-ports.js';
import { accountIdFor } from '../../src/proxy/imap/ids.js';
import { MAX_IMAP_ACCOUNTS } from '../../src/proxy/external/model.js';
import { openPassword } from '../../src/proxy/security/stored-password.js';
import { cookiePair, dovecotProvider, jmapRequest, send, startBuzon } from './support/buzon.js';
import type { Reply, RunningBuzon } from './support/buzon.js';

interface Who {
  user: string;
  pass: string;
}
interface Account {
  id: string;
  address: string;
  providerId: string;
  server: unknown;
  username: string;
  passwordSaved: boolean;
}

const ALICE: Who = { user: 'alice@buzon.test', pass: 'alice-secret' };
const BOB: Who = { user: 'bob@buzon.test', pass: 'bob-secret' };
const CAROL: Who = { user: 'carol@buzon.test', pass: 'carol-secret' };
/** Enough more users to fill the list to MAX_IMAP_ACCOUNTS and one past it. */
const MORE: Who[] = Array.from({ length: MAX_IMAP_ACCOUNTS }, (_, i) => ({
  user: `extra${i}@buzon.test`,
  pass: `extra${i}-secret`,
}));
const ENTRY = '/private/vendor/vendor.buzon/imap-accounts';
/** Known to the test, so it can open the sealed password exactly as the proxy would. */
const SECRET = randomBytes(32);

let dovecot: DovecotInstance;
let buzon: RunningBuzon;
let alice: string;

const api = (method: string, path: string, cookie: string, body?: unknown): Promise<Reply> =>
  send(buzon.origin, method, path, {
    headers: { Cookie: cookie },
    ...(body === undefined ? {} : { body }),
  });

const typeOf = (reply: Reply) => (reply.json as { type?: string }).type;

async function add(who: Who, extra: Record<string, unknown> = {}): Promise<Reply> {
  return api('POST', '/imap-accounts', alice, {
    address: who.user,
    providerId: 'test',
    username: who.user,
    password: who.pass,
    ...extra,
  });
}

async function list(): Promise<Account[]> {
  const reply = await api('GET', '/imap-accounts', alice);
  expect(reply.status, reply.text).toBe(200);
  return (reply.json as { accounts: Account[] }).accounts;
}

async function imapAs<T>(who: Who, work: (c: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: who.user, pass: who.pass },
    logger: false,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Alice's stored list as the server holds it (GETMETADATA read with another client). */
async function storedEntry(): Promise<string> {
  return imapAs(ALICE, async (client) => {
    const responses = await execRaw(
      client,
      'GETMETADATA',
      [
        { type: 'STRING', value: '' },
        { type: 'STRING', value: ENTRY },
      ],
      ['METADATA'],
    );
    const list = responses[0]?.attributes[1];
    const value = Array.isArray(list) ? (list[1] as ImapToken | null) : null;
    if (!value || value.value === undefined || value.value === null) return '';
    return Buffer.isBuffer(value.value) ? value.value.toString('utf8') : String(value.value);
  });
}

async function storedAccounts(): Promise<{ id: string; address: string; password: string }[]> {
  const text = await storedEntry();
  return text ? (JSON.parse(text) as { accounts: [] }).accounts : [];
}

/** Bob's mailboxes and message counts: what an account removal must leave alone. */
async function bobsServer(): Promise<string> {
  return imapAs(BOB, async (client) => {
    const boxes = await client.list({ statusQuery: { messages: true } });
    return boxes
      .map((b) => `${b.path}:${b.status?.messages ?? 0}`)
      .sort()
      .join(',');
  });
}

let closedPort = 0;
let jmapAccountId = '';

/** The mailbox the JMAP facade shows for an external account: top-level, named by address. */
async function folderOf(
  id: string,
): Promise<{ name: string; parentId: string | null } | undefined> {
  const responses = await jmapRequest(
    buzon.origin,
    alice,
    [['Mailbox/get', { accountId: jmapAccountId, ids: null }, 'm']],
    ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
  );
  const list = (responses['m']?.[1]['list'] ?? []) as {
    id: string;
    name: string;
    parentId: string | null;
  }[];
  return list.find((m) => m.id === id);
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [...DEFAULT_USERS, ...MORE] });
  // Nothing listens there once freePorts returns: the "unreachable server" provider.
  [closedPort] = await freePorts(1);
  buzon = await startBuzon({
    providers: [
      dovecotProvider(dovecot),
      { id: 'down', name: 'Down', imap: { host: '127.0.0.1', port: closedPort, tls: 'none' } },
    ],
    allowCustomHosts: true,
    secret: SECRET,
  });
  const reply = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  alice = cookiePair(reply);
  const session = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: alice } });
  jmapAccountId =
    (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
      'urn:ietf:params:jmap:mail'
    ] ?? '';
  await dovecot.deliver(BOB.user, 'Subject: hello Bob\r\n\r\nkept on his server\r\n');
}, 60_000);

afterAll(async () => {
  await buzon?.stop();
  await dovecot?.stop();
});

/** Dovecot logins on a loaded 2-core machine: generous. */
const TEST_TIMEOUT_MS = 30_000;

describe('EXTERNAL-2 IMAP accounts through the proxy', { timeout: TEST_TIMEOUT_MS }, () => {
  it('EXTERNAL-2 offers the providers the sign-in offers, and no accounts at first', async () => {
    const reply = await api('GET', '/imap-accounts', alice);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      accounts: [],
      providers: [
        { id: 'test', name: 'Test Dovecot' },
        { id: 'down', name: 'Down' },
        { id: 'custom', name: 'Other server', custom: true },
      ],
      passwordsSurviveRestart: false,
    });
  });

  it('EXTERNAL-2 writes need the same Origin, and every route a session', async () => {
    const foreign = await send(buzon.origin, 'POST', '/imap-accounts', {
      headers: { Cookie: alice },
      body: { address: BOB.user, providerId: 'test', username: BOB.user, password: BOB.pass },
      origin: 'http://evil.example',
    });
    expect(foreign.status).toBe(403);
    const noOrigin = await send(buzon.origin, 'POST', '/imap-accounts/delete', {
      headers: { Cookie: alice },
      body: { id: 'x000000' },
      origin: null,
    });
    expect(noOrigin.status).toBe(403);
    expect((await send(buzon.origin, 'GET', '/imap-accounts')).status).toBe(401);
    expect(await list()).toEqual([]);
  });

  it('EXTERNAL-2 a wrong password is refused with a clear message and nothing is saved', async () => {
    const reply = await add(BOB, { password: 'not-bobs' });
    expect(reply.status).toBe(400);
    expect(typeOf(reply)).toBe('urn:buzon:error:imapInvalidCredentials');
    expect((reply.json as { detail: string }).detail).toBe(
      'The IMAP server did not accept this username and password.',
    );
    expect(await list()).toEqual([]);
    expect(await storedEntry()).toBe('');
  });

  it('EXTERNAL-2 an unreachable server is refused and nothing is saved', async () => {
    const reply = await add(BOB, { providerId: 'down' });
    expect(reply.status).toBe(502);
    expect(typeOf(reply)).toBe('urn:buzon:error:imapUnreachable');
    expect((reply.json as { detail: string }).detail).toMatch(/Could not reach the IMAP server/);
    expect(await list()).toEqual([]);
  });

  it('EXTERNAL-2 a typed loopback or private server, or a non-mail port, is refused', async () => {
    for (const host of ['127.0.0.1', 'localhost', '10.0.0.1', '[::1]']) {
      const reply = await add(BOB, {
        providerId: 'custom',
        server: { host, port: 143, tls: 'starttls' },
      });
      expect(reply.status, host).toBe(400);
      expect(typeOf(reply), host).toBe('urn:buzon:error:hostNotAllowed');
    }
    const ssh = await add(BOB, {
      providerId: 'custom',
      server: { host: 'imap.example.org', port: 22, tls: 'implicit' },
    });
    expect(ssh.status).toBe(400);
    expect(await list()).toEqual([]);
  });

  it('EXTERNAL-3 a typed SMTP server for sending is checked like the IMAP one: no loopback, mail ports only', async () => {
    // A public address literal for IMAP: nothing to resolve, so the SMTP check decides.
    const server = { host: '9.9.9.9', port: 993, tls: 'implicit' };
    const loopback = await add(BOB, {
      providerId: 'custom',
      server,
      smtp: { host: '127.0.0.1', port: 465, tls: 'implicit' },
    });
    expect(loopback.status).toBe(400);
    expect(typeOf(loopback)).toBe('urn:buzon:error:hostNotAllowed');
    expect((loopback.json as { detail: string }).detail).toContain('127.0.0.1');
    const ssh = await add(BOB, {
      providerId: 'custom',
      server,
      smtp: { host: '9.9.9.10', port: 22, tls: 'implicit' },
    });
    expect(ssh.status).toBe(400);
    expect((ssh.json as { detail: string }).detail).toMatch(/smtp\.port/);
    expect(await list()).toEqual([]);
  });

  it('EXTERNAL-2 the signed-in account itself cannot be added', async () => {
    const reply = await add({ user: ALICE.user.toUpperCase(), pass: ALICE.pass });
    expect(reply.status).toBe(400);
    expect(typeOf(reply)).toBe('urn:buzon:error:ownAccount');
  });

  it('EXTERNAL-2 an address that is not an e-mail address, or a header-breaking field, is refused', async () => {
    const plain = await add(BOB, { address: 'Bob at home' });
    expect(plain.status).toBe(400);
    expect(typeOf(plain)).toBe('urn:buzon:error:invalidAddress');
    const crlf = await add(BOB, { username: `${BOB.user}\r\nA1 LOGOUT` });
    expect(crlf.status).toBe(400);
    expect(await list()).toEqual([]);
  });

  let bobId = '';

  it("EXTERNAL-2 Bob's account is added after a real login and listed without its password", async () => {
    const reply = await add(BOB);
    expect(reply.status, reply.text).toBe(201);
    const account = (reply.json as { account: Account }).account;
    expect(account).toEqual({
      id: expect.stringMatching(/^x[0-9a-z]{6}$/),
      address: BOB.user,
      providerId: 'test',
      server: null,
      smtp: null,
      username: BOB.user,
      passwordSaved: true,
    });
    bobId = account.id;
    expect(await list()).toEqual([account]);
    const listed = await api('GET', '/imap-accounts', alice);
    expect(listed.text).not.toContain(BOB.pass);
    expect(listed.text).not.toContain('"password"');
    // The facade reads the list again: the account is a top-level folder named by address.
    expect(await folderOf(bobId)).toMatchObject({ name: BOB.user, parentId: null });
  });

  it('EXTERNAL-2 METADATA holds the account with only a sealed password', async () => {
    const text = await storedEntry();
    expect(text).toContain(BOB.user);
    expect(text).not.toContain(BOB.pass);
    const [stored] = await storedAccounts();
    expect(stored?.id).toBe(bobId);
    expect(stored?.password).toMatch(/^v1\./);
    // Sealed for Alice and this account: it opens to Bob's password with the proxy's secret.
    const owner = accountIdFor('test', ALICE.user);
    expect(openPassword(stored?.password ?? '', SECRET, owner, bobId, 'imap')).toBe(BOB.pass);
    expect(openPassword(stored?.password ?? '', SECRET, owner, bobId, 'pop3')).toBeNull();
    expect(buzon.logs.join('\n')).not.toContain(BOB.pass);
  });

  it('EXTERNAL-2 the same login or the same address again is refused', async () => {
    const again = await add(
      { user: BOB.user.toUpperCase(), pass: BOB.pass },
      { address: 'other@buzon.test' },
    );
    expect(again.status).toBe(409);
    expect(typeOf(again)).toBe('urn:buzon:error:accountExists');
    const sameAddress = await add(CAROL, { address: BOB.user.toUpperCase() });
    expect(sameAddress.status).toBe(409);
    expect(typeOf(sameAddress)).toBe('urn:buzon:error:addressTaken');
    expect((await list()).map((a) => a.id)).toEqual([bobId]);
  });

  it('EXTERNAL-2 a new password is tried first: a refused one leaves the working one saved', async () => {
    const before = await storedEntry();
    const refused = await api('POST', '/imap-accounts/update', alice, {
      id: bobId,
      password: 'not-bobs',
    });
    expect(refused.status).toBe(400);
    expect(typeOf(refused)).toBe('urn:buzon:error:imapInvalidCredentials');
    expect(await storedEntry()).toBe(before);
    const accepted = await api('POST', '/imap-accounts/update', alice, {
      id: bobId,
      password: BOB.pass,
    });
    expect(accepted.status, accepted.text).toBe(200);
    const [stored] = await storedAccounts();
    // Sealed again (fresh IV), still Bob's password.
    expect(stored?.password).not.toBe(JSON.parse(before).accounts[0].password);
    const owner = accountIdFor('test', ALICE.user);
    expect(openPassword(stored?.password ?? '', SECRET, owner, bobId, 'imap')).toBe(BOB.pass);
  });

  it('EXTERNAL-2 the address (the top-level folder name) can be changed', async () => {
    const reply = await api('POST', '/imap-accounts/update', alice, {
      id: bobId,
      address: 'bob.home@buzon.test',
    });
    expect(reply.status, reply.text).toBe(200);
    expect((reply.json as { account: Account }).account).toMatchObject({
      id: bobId,
      address: 'bob.home@buzon.test',
      username: BOB.user,
      passwordSaved: true,
    });
    expect((await list())[0]?.address).toBe('bob.home@buzon.test');
    expect(await folderOf(bobId)).toMatchObject({ name: 'bob.home@buzon.test', parentId: null });
    const unknown = await api('POST', '/imap-accounts/update', alice, {
      id: 'xzzzzzz',
      address: 'a@b.example',
    });
    expect(unknown.status).toBe(404);
  });

  it(`EXTERNAL-2 at most ${MAX_IMAP_ACCOUNTS} accounts; two added at once both land`, async () => {
    const [first, second, ...rest] = MORE;
    const both = await Promise.all([add(first as Who), add(second as Who)]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    for (const who of rest.slice(0, MAX_IMAP_ACCOUNTS - 3))
      expect((await add(who)).status).toBe(201);
    expect(await list()).toHaveLength(MAX_IMAP_ACCOUNTS);
    const over = await add(rest[rest.length - 1] as Who);
    expect(over.status).toBe(400);
    expect(typeOf(over)).toBe('urn:buzon:error:tooManyAccounts');
    expect(await storedAccounts()).toHaveLength(MAX_IMAP_ACCOUNTS);
  });

  it('EXTERNAL-2 removing an account forgets it and leaves everything on that server', async () => {
    const before = await bobsServer();
    expect(before).toMatch(/INBOX:1/);
    const reply = await api('POST', '/imap-accounts/delete', alice, { id: bobId });
    expect(reply.status).toBe(204);
    expect((await list()).map((a) => a.id)).not.toContain(bobId);
    expect((await storedAccounts()).map((a) => a.id)).not.toContain(bobId);
    expect(await bobsServer()).toBe(before);
    expect(await folderOf(bobId)).toBeUndefined();
    const again = await api('POST', '/imap-accounts/delete', alice, { id: bobId });
    expect(again.status).toBe(404);
    // Room again for one more.
    expect((await add(BOB)).status).toBe(201);
  });
});
