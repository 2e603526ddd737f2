// EXTERNAL-1 against a real Dovecot: Bob's (and Carol's, Dave's) POP3 mailboxes fetched
// into Alice's IMAP INBOX through the proxy, with every option, cancel, the seen-UIDL bound,
// wrong passwords, the SSRF guard, and the sealed password in METADATA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapAs } from '../support/imap-look.js';
import { DEFAULT_USERS, pop3Session, startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance, ImapToken } from '../support/dovecot/index.js';
import { execRaw } from '../support/dovecot/imap-raw.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { Reply, RunningBuzon } from './support/buzon.js';

const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const CAROL = { user: 'carol@buzon.test', pass: 'carol-secret' };
const DAVE = { user: 'dave@buzon.test', pass: 'dave-secret' };
const PRESET = 'test-pop3';

interface JobView {
  id: string;
  state: string;
  done: number;
  total: number;
  fetched: number;
  skipped: number;
  errorCode: string | null;
  error: string | null;
}

/** A message with a leading-dot line (dot-stuffing on the wire) and an optional padding body. */
function message(tag: string, padLines = 0): string {
  const pad = Array.from({ length: padLines }, (_, i) => `${tag} line ${i} ${'x'.repeat(60)}`);
  return [
    'From: Sender <sender@example.org>',
    `To: ${BOB.user}`,
    `Subject: POP3 ${tag}`,
    `Message-ID: <${tag}@example.org>`,
    'Date: Mon, 2 Feb 2026 10:00:00 +0000',
    '',
    `Body of ${tag}.`,
    '.a line that starts with a dot',
    '..two dots',
    ...pad,
    '',
  ].join('\r\n');
}

let dovecot: DovecotInstance;
let buzon: RunningBuzon;
let bounded: RunningBuzon;
let alice: string;

async function login(server: RunningBuzon, who: { user: string; pass: string }): Promise<string> {
  const reply = await send(server.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: who.user, password: who.pass },
  });
  return cookiePair(reply);
}

const api = (
  method: string,
  path: string,
  cookie: string,
  body?: unknown,
  server = buzon,
): Promise<Reply> =>
  send(server.origin, method, path, {
    headers: { Cookie: cookie },
    ...(body === undefined ? {} : { body }),
  });

async function addAccount(
  cookie: string,
  who: { user: string; pass: string },
  extra: Record<string, unknown> = {},
  server = buzon,
): Promise<string> {
  const reply = await api(
    'POST',
    '/pop3/accounts',
    cookie,
    {
      preset: PRESET,
      username: who.user,
      password: who.pass,
      leaveOnServer: true,
      newOnly: true,
      ...extra,
    },
    server,
  );
  expect(reply.status, reply.text).toBe(201);
  return (reply.json as { account: { id: string } }).account.id;
}

/** Starts a check and polls its job until it is no longer running. */
async function checkNow(cookie: string, id: string, server = buzon): Promise<JobView> {
  const started = await api('POST', '/pop3/check', cookie, { id }, server);
  expect(started.status, started.text).toBe(202);
  return waitForJob(
    cookie,
    (started.json as { job: JobView }).job.id,
    (j) => j.state !== 'running',
    server,
  );
}

async function waitForJob(
  cookie: string,
  jobId: string,
  until: (j: JobView) => boolean,
  server = buzon,
): Promise<JobView> {
  for (;;) {
    const reply = await api('GET', `/pop3/job?id=${jobId}`, cookie, undefined, server);
    const job = (reply.json as { job: JobView }).job;
    if (until(job)) return job;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Every INBOX message's exact bytes. */
async function inbox(who: { user: string; pass: string }): Promise<string[]> {
  return imapAs(dovecot, who, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const out: string[] = [];
      if ((client.mailbox && client.mailbox.exists) === 0) return out;
      for await (const m of client.fetch('1:*', { source: true }))
        out.push(m.source?.toString('latin1') ?? '');
      return out.sort();
    } finally {
      lock.release();
    }
  });
}

async function popStat(who: { user: string; pass: string }): Promise<number> {
  const replies = await pop3Session({ host: dovecot.host, pop3Port: dovecot.pop3Port }, [
    `USER ${who.user}`,
    `PASS ${who.pass}`,
    'STAT',
  ]);
  const stat = replies[3] ?? '';
  expect(stat).toMatch(/^\+OK \d+ \d+/);
  return Number(stat.split(' ')[1]);
}

/** The user's server METADATA under Buzón's POP3 root, as raw text (GETMETADATA, depth infinity). */
async function rawMetadata(who: { user: string; pass: string }): Promise<string> {
  return imapAs(dovecot, who, async (client) => {
    const responses = await execRaw(
      client,
      'GETMETADATA',
      [
        [
          { type: 'ATOM', value: 'DEPTH' },
          { type: 'ATOM', value: 'infinity' },
        ] as unknown as ImapToken,
        { type: 'STRING', value: '' },
        { type: 'STRING', value: '/private/vendor/vendor.buzon/pop3' },
      ],
      ['METADATA'],
    );
    const flat = (v: unknown): string =>
      Array.isArray(v)
        ? v.map(flat).join(' ')
        : Buffer.isBuffer((v as ImapToken | null)?.value)
          ? ((v as ImapToken).value as Buffer).toString('utf8')
          : String((v as ImapToken | null)?.value ?? '');
    return responses.map((r) => flat(r.attributes)).join('\n');
  });
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [...DEFAULT_USERS, DAVE] });
  const preset = {
    id: PRESET,
    name: 'Test POP3',
    endpoint: { host: dovecot.host, port: dovecot.pop3Port, tls: 'none' as const },
  };
  buzon = await startBuzon({ providers: [dovecotProvider(dovecot)], pop3Presets: [preset] });
  bounded = await startBuzon({
    providers: [dovecotProvider(dovecot)],
    pop3Presets: [preset],
    pop3MaxSeenUidls: 3,
  });
  alice = await login(buzon, ALICE);
  for (const tag of ['b1', 'b2', 'b3']) await dovecot.deliver(BOB.user, message(tag));
}, 60_000);

afterAll(async () => {
  await buzon?.stop();
  await bounded?.stop();
  await dovecot?.stop();
});

/** Dovecot round trips, 50 messages of ~300 KB: generous on a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 60_000;

describe('EXTERNAL-1 POP3 accounts through the proxy', { timeout: TEST_TIMEOUT_MS }, () => {
  it('EXTERNAL-1 a user-typed loopback or private POP3 host is refused', async () => {
    for (const host of ['127.0.0.1', 'localhost', '10.0.0.1', '[::1]']) {
      const reply = await api('POST', '/pop3/accounts', alice, {
        host,
        port: 995,
        tls: 'implicit',
        username: BOB.user,
        password: BOB.pass,
      });
      expect(reply.status, host).toBe(400);
      expect((reply.json as { type: string }).type).toBe('urn:buzon:error:hostNotAllowed');
    }
    const plain = await api('POST', '/pop3/accounts', alice, {
      host: 'pop.example.org',
      port: 110,
      tls: 'none',
      username: BOB.user,
      password: BOB.pass,
    });
    expect(plain.status).toBe(400);
  });

  it('EXTERNAL-1 a wrong POP3 password is a clear error and nothing is saved', async () => {
    const reply = await api('POST', '/pop3/accounts', alice, {
      preset: PRESET,
      username: BOB.user,
      password: 'wrong',
    });
    expect(reply.status).toBe(400);
    expect((reply.json as { type: string; detail: string }).type).toBe(
      'urn:buzon:error:pop3InvalidCredentials',
    );
    expect((reply.json as { detail: string }).detail).toMatch(/did not accept/);
    const list = await api('GET', '/pop3/accounts', alice);
    expect((list.json as { accounts: unknown[] }).accounts).toEqual([]);
    expect(await inbox(ALICE)).toEqual([]);
  });

  it('EXTERNAL-1 writes need the same Origin and a session', async () => {
    const foreign = await send(buzon.origin, 'POST', '/pop3/check', {
      headers: { Cookie: alice },
      body: { id: '0123456789abcdef' },
      origin: 'http://evil.example',
    });
    expect(foreign.status).toBe(403);
    const anonymous = await send(buzon.origin, 'GET', '/pop3/accounts');
    expect(anonymous.status).toBe(401);
  });

  let bobId = '';

  it("EXTERNAL-1 checking Bob's POP3 account brings his 3 messages into Alice's INBOX with their exact bytes, leaving them on the server", async () => {
    bobId = await addAccount(alice, BOB);
    const job = await checkNow(alice, bobId);
    expect(job).toMatchObject({ state: 'done', total: 3, done: 3, fetched: 3, errorCode: null });
    expect(await inbox(ALICE)).toEqual(await inbox(BOB));
    expect((await inbox(ALICE)).join('')).toContain(
      '\r\n.a line that starts with a dot\r\n..two dots\r\n',
    );
    expect(await popStat(BOB)).toBe(3);
    const list = (await api('GET', '/pop3/accounts', alice)).json as {
      accounts: { id: string; lastCheck: { outcome: string; fetched: number } }[];
    };
    expect(list.accounts[0]).toMatchObject({ id: bobId, lastCheck: { outcome: 'ok', fetched: 3 } });
  });

  it('EXTERNAL-1 checking again duplicates nothing; a new delivery brings only that message', async () => {
    expect(await checkNow(alice, bobId)).toMatchObject({ state: 'done', fetched: 0 });
    expect(await inbox(ALICE)).toHaveLength(3);
    await dovecot.deliver(BOB.user, message('b4'));
    expect(await checkNow(alice, bobId)).toMatchObject({ state: 'done', fetched: 1 });
    const mail = await inbox(ALICE);
    expect(mail).toHaveLength(4);
    expect(mail.filter((m) => m.includes('Message-ID: <b4@example.org>'))).toHaveLength(1);
  });

  it('EXTERNAL-1 the stored METADATA holds the account but no plaintext password', async () => {
    const stored = await rawMetadata(ALICE);
    expect(stored).toContain(BOB.user);
    expect(stored).toMatch(/"password":"v1\./);
    expect(stored).not.toContain(BOB.pass);
    const list = await api('GET', '/pop3/accounts', alice);
    expect(list.text).not.toContain(BOB.pass);
    expect(list.text).not.toContain('"password"');
    expect(buzon.logs.join('\n')).not.toContain(BOB.pass);
  });

  it('EXTERNAL-1 leave on server off deletes fetched messages from the POP3 server, fetching nothing twice', async () => {
    const edited = await api('POST', '/pop3/accounts/update', alice, {
      id: bobId,
      leaveOnServer: false,
    });
    expect(edited.status, edited.text).toBe(200);
    expect(await checkNow(alice, bobId)).toMatchObject({ state: 'done', fetched: 0 });
    expect(await popStat(BOB)).toBe(0);
    await dovecot.deliver(BOB.user, message('b5'));
    expect(await checkNow(alice, bobId)).toMatchObject({ state: 'done', fetched: 1 });
    expect(await popStat(BOB)).toBe(0);
    expect(await inbox(ALICE)).toHaveLength(5);
  });

  it('EXTERNAL-1 an edit with a password the POP3 server refuses is a clear error and the working one stays', async () => {
    const refused = await api('POST', '/pop3/accounts/update', alice, {
      id: bobId,
      password: 'changed',
    });
    expect(refused.status).toBe(400);
    expect((refused.json as { type: string }).type).toBe('urn:buzon:error:pop3InvalidCredentials');
    // The refused edit left the working password in place.
    await dovecot.deliver(BOB.user, message('b6'));
    expect(await checkNow(alice, bobId)).toMatchObject({ state: 'done', fetched: 1 });
  });

  it('EXTERNAL-1 cancelling mid-check keeps what was appended; the next check completes without duplicates', async () => {
    // ~300 KB each, so the check is still running when the first progress is seen.
    for (let i = 0; i < 50; i++) await dovecot.deliver(CAROL.user, message(`c${i}`, 4000));
    const carol = await login(buzon, CAROL);
    const id = await addAccount(carol, BOB, {});
    // Carol fetches Bob's empty box; Alice fetches Carol's 50.
    expect(await checkNow(carol, id)).toMatchObject({ state: 'done', fetched: 0 });
    const carolId = await addAccount(alice, CAROL);
    const started = await api('POST', '/pop3/check', alice, { id: carolId });
    const jobId = (started.json as { job: JobView }).job.id;
    await waitForJob(alice, jobId, (j) => j.done >= 1);
    const cancel = await api('POST', '/pop3/job/cancel', alice, { id: jobId });
    expect(cancel.status).toBe(200);
    const cancelled = await waitForJob(alice, jobId, (j) => j.state !== 'running');
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.fetched).toBeGreaterThan(0);
    expect(cancelled.fetched).toBeLessThan(50);
    const fromCarol = (await inbox(ALICE)).filter((m) => m.includes('Subject: POP3 c'));
    expect(fromCarol).toHaveLength(cancelled.fetched);
    const rest = await checkNow(alice, carolId);
    expect(rest).toMatchObject({ state: 'done', fetched: 50 - cancelled.fetched });
    const all = (await inbox(ALICE)).filter((m) => m.includes('Subject: POP3 c'));
    expect(all).toHaveLength(50);
    expect(new Set(all.map((m) => /Message-ID: <([^>]+)>/.exec(m)?.[1])).size).toBe(50);
    expect(await popStat(CAROL)).toBe(50);
  });

  it('EXTERNAL-1 the seen-UIDL list stays bounded (a proxy keeping 3)', async () => {
    const dave = await login(bounded, DAVE);
    const id = await addAccount(dave, CAROL, {}, bounded);
    expect(await checkNow(dave, id, bounded)).toMatchObject({
      state: 'done',
      fetched: 3,
      skipped: 47,
    });
    expect(await checkNow(dave, id, bounded)).toMatchObject({ state: 'done', fetched: 0 });
    const mail = await inbox(DAVE);
    expect(mail.map((m) => /Subject: POP3 (c\d+)/.exec(m)?.[1]).sort()).toEqual([
      'c47',
      'c48',
      'c49',
    ]);
    const stored = await rawMetadata(DAVE);
    const seen = /\{"v":1,"seen":(\[[^\]]*\])\}/.exec(stored)?.[1] ?? '[]';
    expect(JSON.parse(seen)).toHaveLength(3);
  });

  it('EXTERNAL-1 automatic checks start only for accounts that are due', async () => {
    await api('POST', '/pop3/accounts/update', alice, { id: bobId, autoMinutes: 5 });
    const auto = await api('POST', '/pop3/auto', alice);
    expect(auto.status).toBe(200);
    // Bob's account was checked moments ago; Carol's has no automatic check.
    expect((auto.json as { jobs: unknown[] }).jobs).toEqual([]);
    const tooOften = await api('POST', '/pop3/accounts/update', alice, {
      id: bobId,
      autoMinutes: 1,
    });
    expect(tooOften.status).toBe(400);
  });

  it('EXTERNAL-1 editing renames an account; deleting it keeps the fetched mail', async () => {
    const renamed = await api('POST', '/pop3/accounts/update', alice, {
      id: bobId,
      name: 'Bob at work',
    });
    expect((renamed.json as { account: { name: string } }).account.name).toBe('Bob at work');
    const before = await inbox(ALICE);
    const deleted = await api('POST', '/pop3/accounts/delete', alice, { id: bobId });
    expect(deleted.status).toBe(204);
    const list = (await api('GET', '/pop3/accounts', alice)).json as { accounts: { id: string }[] };
    expect(list.accounts.map((a) => a.id)).not.toContain(bobId);
    expect(await inbox(ALICE)).toEqual(before);
    expect(await rawMetadata(ALICE)).not.toContain(`seen/${bobId}`);
    const gone = await api('POST', '/pop3/check', alice, { id: bobId });
    expect(gone.status).toBe(404);
  });
});
