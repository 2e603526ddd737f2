// The test Dovecot is a real, usable IMAP/LMTP/POP3/ManageSieve server: what the proxy
// relies on is checked here with imapflow (the proxy's own IMAP library) and raw sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';

import {
  execRaw,
  imapString,
  installSieveScript,
  LmtpError,
  pop3Session,
  startDovecot,
  tokenStrings,
  withTimeout,
} from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';

/** Per test: a few round trips on loopback; generous so a loaded 2-core machine passes. */
const TEST_TIMEOUT_MS = 15_000;
/** Dovecot starts in well under a second; this bounds a first run on a cold disk. */
const START_TIMEOUT_MS = 30_000;

// Written with explicit CRLF: the bytes IMAP must hand back unchanged. The second has a line
// that starts with a dot (LMTP dot-stuffing) and 8-bit UTF-8 in headers and body.
const MESSAGES: readonly string[] = [
  [
    'From: Ana <ana@example.test>',
    'To: alice@buzon.test',
    'Subject: Primer mensaje',
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    'Message-ID: <m1@example.test>',
    '',
    'Hola Alice.',
    '',
  ].join('\r\n'),
  [
    'From: Beto <beto@example.test>',
    'To: alice@buzon.test',
    'Subject: =?UTF-8?Q?L=C3=ADnea_con_punto?=',
    'Date: Mon, 02 Mar 2026 10:00:00 +0100',
    'Message-ID: <m2@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Una línea normal,',
    '.una que empieza con punto,',
    '..y otra con dos.',
    '',
  ].join('\r\n'),
  [
    'From: Carla <carla@example.test>',
    'To: alice@buzon.test',
    'Subject: Tercero',
    'Date: Mon, 02 Mar 2026 11:00:00 +0100',
    'Message-ID: <m3@example.test>',
    '',
    'Tercer cuerpo, en una línea.',
  ].join('\r\n') + '\r\n',
];

/** What Dovecot's LMTP adds in front of a delivered message: Return-Path, Delivered-To, Received. */
const TRACE_HEADERS =
  /^Return-Path: <sender@buzon\.test>\r\nDelivered-To: alice@buzon\.test\r\nReceived: [^]*\r\n$/;

let dovecot: DovecotInstance;
const clients: ImapFlow[] = [];

function passwordOf(user: string): string {
  const found = dovecot.users.find((u) => u.user === user);
  if (!found) throw new Error(`no test user ${user}`);
  return found.pass;
}

async function connect(user: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: passwordOf(user) },
    logger: false,
  });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  for (const raw of MESSAGES) await dovecot.deliver('alice@buzon.test', raw);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
  await dovecot?.stop();
});

describe('test Dovecot (real server, started by the suite)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCESS-1 advertises the IMAP extensions the proxy relies on', async () => {
    const client = await connect('alice@buzon.test');
    for (const cap of [
      'IDLE',
      'CONDSTORE',
      'QRESYNC',
      'NOTIFY',
      'QUOTA',
      'ACL',
      'MOVE',
      'SPECIAL-USE',
      'UIDPLUS',
      'METADATA',
    ]) {
      expect(client.capabilities.has(cap), cap).toBe(true);
    }
  });

  it('ACCESS-1 lists the special-use folders and returns LMTP-delivered mail byte for byte', async () => {
    const client = await connect('alice@buzon.test');
    const folders = await client.list();
    const specialUse = Object.fromEntries(folders.map((f) => [f.specialUse ?? '', f.path]));
    expect(specialUse).toMatchObject({
      '\\Inbox': 'INBOX',
      '\\Drafts': 'Drafts',
      '\\Sent': 'Sent',
      '\\Trash': 'Trash',
      '\\Junk': 'Junk',
      '\\Archive': 'Archive',
    });

    const lock = await client.getMailboxLock('INBOX');
    try {
      const fetched = await client.fetchAll('1:*', { uid: true, envelope: true, source: true });
      expect(fetched.map((m) => m.envelope?.subject)).toEqual([
        'Primer mensaje',
        'Línea con punto',
        'Tercero',
      ]);
      expect(fetched[0]?.envelope?.from?.[0]?.address).toBe('ana@example.test');
      fetched.forEach((message, i) => {
        const sent = Buffer.from(MESSAGES[i] ?? '', 'utf8');
        const source = message.source ?? Buffer.alloc(0);
        // LMTP prepends trace headers; every byte that was sent follows them unchanged.
        expect(source.subarray(source.length - sent.length).equals(sent)).toBe(true);
        const trace = source.subarray(0, source.length - sent.length).toString('utf8');
        expect(trace).toMatch(TRACE_HEADERS);
      });
    } finally {
      lock.release();
    }
  });

  it('ACCESS-1 refuses a wrong password', async () => {
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'alice@buzon.test', pass: 'not-her-password' },
      logger: false,
    });
    await expect(client.connect()).rejects.toThrow();
    client.close();
  });

  it('ACCESS-1 LMTP refuses an unknown recipient and the harness reports it', async () => {
    const refused = dovecot.deliver('nobody@buzon.test', MESSAGES[0] ?? '');
    await expect(refused).rejects.toBeInstanceOf(LmtpError);
    await expect(refused).rejects.toMatchObject({ recipient: 'nobody@buzon.test' });
  });

  it('ACCESS-1 IDLE reports a new LMTP delivery', async () => {
    const client = await connect('alice@buzon.test');
    const before = (await client.mailboxOpen('INBOX')).exists; // imapflow updates that object
    const arrived = new Promise<number>((resolve) =>
      client.on('exists', (event: { count: number }) => resolve(event.count)),
    );
    // imapflow would only start IDLE by itself after 15 s of inactivity.
    const idling = client.idle();
    await dovecot.deliver('alice@buzon.test', MESSAGES[2] ?? '');
    // Dovecot reports about 0.5 s after the delivery; 10 s only bounds a stuck test.
    const count = await withTimeout(arrived, 10_000, 'EXISTS during IDLE');
    expect(count).toBe(before + 1);
    await client.noop(); // ends IDLE
    await idling;
  });

  it('ACCOUNT-1 GETQUOTAROOT answers with the configured limit', async () => {
    const client = await connect('alice@buzon.test');
    const quota = await client.getQuota('INBOX');
    expect(quota).not.toBe(false);
    if (quota === false) return;
    expect(quota.storage?.limit).toBe(dovecot.quota.storageKiB * 1024);
    expect(quota.storage?.usage).toBeGreaterThan(0);
    expect(quota.message?.limit).toBe(dovecot.quota.messages);
  });

  it('SHARED-1 SHARED-3 a grant shows the mailbox to the grantee; its removal hides it at once', async () => {
    const alice = await connect('alice@buzon.test');
    const sharedInbox = 'shared/alice@buzon.test';
    const sees = async (client: ImapFlow): Promise<boolean> =>
      (await client.list()).some((f) => f.path === sharedInbox);
    expect(await sees(await connect('bob@buzon.test'))).toBe(false);

    await execRaw(alice, 'SETACL', [
      imapString('INBOX'),
      imapString('bob@buzon.test'),
      imapString('lrwstipekxacd'),
    ]);
    const [acl] = await execRaw(alice, 'GETACL', [imapString('INBOX')], ['ACL']);
    expect(acl && tokenStrings(acl)).toEqual(
      expect.arrayContaining(['bob@buzon.test', 'lrwstipekxacd']),
    );

    // A session opened before the grant does not list it until it reconnects (Dovecot keeps
    // the shared namespace's user list per session), so bob logs in again.
    const bob = await connect('bob@buzon.test');
    // Dovecot lists another user's INBOX as the namespace root itself, shared/<owner>.
    expect(await sees(bob)).toBe(true);
    const [rights] = await execRaw(bob, 'MYRIGHTS', [imapString(sharedInbox)], ['MYRIGHTS']);
    expect(rights && tokenStrings(rights)[1]).toBe('lrwstipekxacd');
    const lock = await bob.getMailboxLock(sharedInbox);
    try {
      const subjects = (await bob.fetchAll('1:*', { envelope: true })).map(
        (m) => m.envelope?.subject,
      );
      expect(subjects).toEqual(
        expect.arrayContaining(['Primer mensaje', 'Línea con punto', 'Tercero']),
      );
    } finally {
      lock.release();
    }

    await execRaw(alice, 'DELETEACL', [imapString('INBOX'), imapString('bob@buzon.test')]);
    // At once, in bob's open session: the mailbox can no longer be opened (acl cache_secs=0).
    await expect(bob.mailboxOpen(sharedInbox)).rejects.toThrow();
    // That session's LIST may still name it; a new session no longer does.
    expect(await sees(await connect('bob@buzon.test'))).toBe(false);
  });

  it('EXTERNAL-1 POP3 logs in and counts the delivered messages', async () => {
    await dovecot.deliver('bob@buzon.test', MESSAGES[0] ?? '');
    await dovecot.deliver('bob@buzon.test', MESSAGES[1] ?? '');
    const ok = await pop3Session(dovecot, [
      'USER bob@buzon.test',
      `PASS ${passwordOf('bob@buzon.test')}`,
      'STAT',
    ]);
    expect(ok[3]).toMatch(/^\+OK 2 \d+$/);
    const refused = await pop3Session(dovecot, ['USER bob@buzon.test', 'PASS wrong']);
    expect(refused[2]).toMatch(/^-ERR/);
  });

  it('FILTER-3 a Sieve script installed over ManageSieve files LMTP deliveries', async () => {
    const script =
      'require ["fileinto", "mailbox"];\r\nif header :contains "subject" "Tercero" { fileinto :create "Filed"; }\r\n';
    const replies = await installSieveScript(
      dovecot,
      'carol@buzon.test',
      passwordOf('carol@buzon.test'),
      'buzon',
      script,
    );
    expect(replies).toHaveLength(4);
    await dovecot.deliver('carol@buzon.test', MESSAGES[2] ?? '');
    const carol = await connect('carol@buzon.test');
    const status = await carol.status('Filed', { messages: true });
    expect(status && status.messages).toBe(1);
  });
});
