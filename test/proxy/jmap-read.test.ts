// The JMAP facade's read path against a real Dovecot and the real server: Session,
// Mailbox/get, Email/query + Email/get with a result reference, blob download, and the
// refusals of RFC 8620 §3.6. Ids must survive MOVE and RENAME done by another client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { send } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';
import type { Reply, RunningBuzon } from './support/buzon.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const message = (n: number, subject: string, from: string) =>
  [
    `From: ${from}`,
    'To: alice@buzon.test',
    `Subject: ${subject}`,
    `Date: Mon, 02 Mar 2026 0${n}:00:00 +0100`,
    `Message-ID: <m${n}@example.test>`,
    '',
    `Cuerpo ${n}.`,
    '',
  ].join('\r\n');

let account: JmapAccount;
let buzon: RunningBuzon;
let cookie: string;
let accountId: string;

const imap = (): Promise<ImapFlow> => account.imapClient();

function jmap(methodCalls: unknown[], using = USING): Promise<Reply> {
  return send(buzon.origin, 'POST', '/jmap', {
    body: { using, methodCalls },
    headers: { Cookie: cookie },
  });
}

type Call = [string, Record<string, unknown>, string];
const responses = (reply: Reply) => (reply.json as { methodResponses: Call[] }).methodResponses;

async function mailboxes(): Promise<Record<string, unknown>[]> {
  const reply = await jmap([['Mailbox/get', { accountId, ids: null }, 'm']]);
  return responses(reply)[0]?.[1]['list'] as Record<string, unknown>[];
}

async function inboxIds(): Promise<string[]> {
  const inbox = (await mailboxes()).find((m) => m['role'] === 'inbox');
  const reply = await jmap([
    ['Email/query', { accountId, filter: { inMailbox: inbox?.['id'] } }, 'q'],
  ]);
  return responses(reply)[0]?.[1]['ids'] as string[];
}

beforeAll(async () => {
  account = await startJmapAccount([
    message(1, 'Primero', 'Ana <ana@example.test>'),
    message(2, 'Segundo', 'Beto <beto@example.test>'),
    message(3, 'Tercero', 'Carla <carla@example.test>'),
  ]);
  ({ buzon, cookie } = account);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('JMAP read path over IMAP (RFC 8620, RFC 8621)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ACCESS-1 GET /jmap/session describes the signed-in account (RFC 8620 §2)', async () => {
    const reply = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
    expect(reply.status).toBe(200);
    const session = reply.json as Record<string, unknown> & {
      primaryAccounts: Record<string, string>;
    };
    accountId = session.primaryAccounts['urn:ietf:params:jmap:mail'] ?? '';
    expect(accountId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(session).toMatchObject({
      username: ALICE.user,
      apiUrl: '/jmap',
      accounts: { [accountId]: { name: ALICE.user, isPersonal: true } },
    });
    const again = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
    expect((again.json as { primaryAccounts: Record<string, string> }).primaryAccounts).toEqual(
      session.primaryAccounts,
    );
  });

  it('ACCESS-1 refuses /jmap, the session and downloads without a session: 401', async () => {
    const api = await send(buzon.origin, 'POST', '/jmap', {
      body: { using: USING, methodCalls: [] },
    });
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await send(buzon.origin, 'GET', '/jmap/session')).status).toBe(401);
    expect((await send(buzon.origin, 'GET', `/jmap/download/${accountId}/Eabc/m.eml`)).status).toBe(
      401,
    );
  });

  it('RFC 8621 §2.1 Mailbox/get lists the folders with roles, counts and rights', async () => {
    const list = await mailboxes();
    const byRole = Object.fromEntries(list.map((m) => [m['role'], m]));
    for (const role of ['inbox', 'sent', 'drafts', 'trash', 'junk'])
      expect(byRole[role], role).toBeDefined();
    expect(byRole['inbox']).toMatchObject({
      name: 'INBOX',
      parentId: null,
      totalEmails: 3,
      unreadEmails: 3,
      isSubscribed: true,
    });
    expect(byRole['sent']).toMatchObject({ name: 'Sent', totalEmails: 0 });
    expect((byRole['inbox'] as { myRights: Record<string, boolean> }).myRights).toMatchObject({
      mayReadItems: true,
      mayAddItems: true,
      maySetSeen: true,
      mayDelete: true,
    });
    for (const m of list) expect(m['id']).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('RFC 8620 §3.7 Email/query + Email/get by #ids: newest first, with from, subject and keywords', async () => {
    const other = await imap();
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageFlagsAdd({ subject: 'Segundo' }, ['\\Seen']);
    } finally {
      lock.release();
    }
    const inbox = (await mailboxes()).find((m) => m['role'] === 'inbox');
    const reply = await jmap([
      [
        'Email/query',
        { accountId, filter: { inMailbox: inbox?.['id'] }, calculateTotal: true },
        'q',
      ],
      [
        'Email/get',
        {
          accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: [
            'from',
            'subject',
            'keywords',
            'mailboxIds',
            'messageId',
            'sentAt',
            'preview',
            'size',
          ],
        },
        'g',
      ],
    ]);
    expect(reply.status).toBe(200);
    const [query, get] = responses(reply);
    expect(query?.[0]).toBe('Email/query');
    expect(query?.[1]).toMatchObject({ total: 3, position: 0 });
    expect(get?.[0]).toBe('Email/get');
    const list = get?.[1]['list'] as Record<string, unknown>[];
    expect(list.map((e) => e['subject'])).toEqual(['Tercero', 'Segundo', 'Primero']);
    expect(list[0]?.['from']).toEqual([{ name: 'Carla', email: 'carla@example.test' }]);
    expect(list[1]?.['keywords']).toEqual({ $seen: true });
    expect(list[0]?.['keywords']).toEqual({});
    expect(list[0]?.['mailboxIds']).toEqual({ [inbox?.['id'] as string]: true });
    expect(list[0]?.['messageId']).toEqual(['m3@example.test']);
    expect(list[0]?.['sentAt']).toBe('2026-03-02T03:00:00+01:00');
    expect(list[0]?.['preview']).toBe('Cuerpo 3.');
    expect(get?.[1]['notFound']).toEqual([]);
    expect(typeof get?.[1]['state']).toBe('string');
  });

  it('RFC 8620 §5.5 Email/query windows by position and limit, and filters by received date', async () => {
    const all = await inboxIds();
    const inbox = (await mailboxes()).find((m) => m['role'] === 'inbox');
    const filter = { inMailbox: inbox?.['id'] };
    const reply = await jmap([
      ['Email/query', { accountId, filter, position: 1, limit: 1 }, 'window'],
      ['Email/query', { accountId, filter, position: -1 }, 'last'],
      [
        'Email/query',
        { accountId, filter: { ...filter, after: '2100-01-01T00:00:00Z' }, calculateTotal: true },
        'future',
      ],
      ['Email/query', { accountId, filter: { ...filter, before: '2100-01-01T00:00:00Z' } }, 'past'],
      [
        'Email/query',
        { accountId, filter, sort: [{ property: 'receivedAt', isAscending: true }] },
        'asc',
      ],
      ['Email/query', { accountId, filter, sort: [{ property: 'subject' }] }, 'subject'],
    ]);
    const byId = Object.fromEntries(responses(reply).map((r) => [r[2], r]));
    expect(byId['window']?.[1]).toMatchObject({ position: 1, ids: [all[1]] });
    expect(byId['last']?.[1]).toMatchObject({ position: 2, ids: [all[2]] });
    expect(byId['future']?.[1]).toMatchObject({ ids: [], total: 0 });
    expect(byId['past']?.[1]['ids']).toEqual(all);
    expect(byId['asc']?.[1]['ids']).toEqual([...all].reverse());
    expect(byId['subject']).toEqual([
      'error',
      expect.objectContaining({ type: 'unsupportedSort' }),
      'subject',
    ]);
  });

  it('RFC 8620 §6.2 download returns the exact bytes the server holds', async () => {
    const [id] = await inboxIds();
    const reply = await new Promise<{
      status: number;
      headers: Record<string, unknown>;
      body: Buffer;
    }>((resolve, reject) => {
      void import('node:http').then(({ request }) => {
        const req = request(
          new URL(
            `/jmap/download/${accountId}/${id}/hola%20"x".eml?accept=message/rfc822`,
            buzon.origin,
          ),
          {
            headers: { Cookie: cookie },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('message/rfc822');
    expect(reply.headers['cache-control']).toBe('private, immutable');
    expect(reply.headers['content-disposition']).toMatch(/^attachment; filename="hola _x_.eml"/);
    const other = await imap();
    const lock = await other.getMailboxLock('INBOX');
    try {
      const held = await other.fetchOne('*', { source: true });
      expect(held && held.source?.equals(reply.body)).toBe(true);
    } finally {
      lock.release();
    }
  });

  it('ACCESS-1 an email id is unchanged after another client MOVEs the message', async () => {
    const before = await inboxIds();
    const other = await imap();
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageMove({ subject: 'Primero' }, 'Archive');
    } finally {
      lock.release();
    }
    const archive = (await mailboxes()).find((m) => m['role'] === 'archive');
    const reply = await jmap([
      ['Email/query', { accountId, filter: { inMailbox: archive?.['id'] } }, 'q'],
      ['Email/get', { accountId, ids: [before[2]], properties: ['subject', 'mailboxIds'] }, 'g'],
    ]);
    const [query, get] = responses(reply);
    expect(query?.[1]['ids']).toEqual([before[2]]);
    expect(get?.[1]['list']).toEqual([
      { id: before[2], subject: 'Primero', mailboxIds: { [archive?.['id'] as string]: true } },
    ]);
    expect(await inboxIds()).toEqual(before.slice(0, 2));

    // Moved back by the other client; this time Email/get alone must find it (the index
    // placed it in Archive, where its UID no longer holds it).
    const back = await other.getMailboxLock('Archive');
    try {
      await other.messageMove('1:*', 'INBOX');
    } finally {
      back.release();
    }
    const again = await jmap([
      ['Email/get', { accountId, ids: [before[2]], properties: ['mailboxIds'] }, 'g'],
    ]);
    const inbox = (await mailboxes()).find((m) => m['role'] === 'inbox');
    expect(responses(again)[0]?.[1]['list']).toEqual([
      { id: before[2], mailboxIds: { [inbox?.['id'] as string]: true } },
    ]);
  });

  it('ACCESS-1 a mailbox id is unchanged after another client RENAMEs the folder', async () => {
    const other = await imap();
    await other.mailboxCreate('Proyectos');
    const before = (await mailboxes()).find((m) => m['name'] === 'Proyectos');
    await other.mailboxRename('Proyectos', 'Proyectos 2026');
    const after = (await mailboxes()).find((m) => m['name'] === 'Proyectos 2026');
    expect(before?.['id']).toBeDefined();
    expect(after?.['id']).toBe(before?.['id']);
  });

  it('RFC 8620 §3.6.1 a request using an unknown capability is a problem, not a response', async () => {
    const reply = await jmap([], [...USING, 'urn:example:nope']);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ type: 'urn:ietf:params:jmap:error:unknownCapability' });
  });

  it('RFC 8620 §3.6.2 an unknown method is unknownMethod; the next call still runs', async () => {
    const reply = await jmap([
      ['Foo/bar', {}, 'a'],
      ['Mailbox/get', { accountId, ids: [], properties: ['name'] }, 'b'],
      ['Core/echo', { hola: 'mundo' }, 'c'],
    ]);
    const [first, second, third] = responses(reply);
    expect(third).toEqual(['Core/echo', { hola: 'mundo' }, 'c']);
    expect(first).toEqual(['error', expect.objectContaining({ type: 'unknownMethod' }), 'a']);
    expect(second?.[0]).toBe('Mailbox/get');
  });

  it('security: a mailbox argument with CR/LF is refused and reaches no IMAP line', async () => {
    const reply = await jmap([
      ['Email/query', { accountId, filter: { inMailbox: 'INBOX\r\nx DELETE Trash' } }, 'q'],
      ['Mailbox/get', { accountId, ids: ['a\r\nb'] }, 'g'],
    ]);
    const [query, get] = responses(reply);
    expect(query).toEqual(['error', expect.objectContaining({ type: 'invalidArguments' }), 'q']);
    expect(get).toEqual(['error', expect.objectContaining({ type: 'invalidArguments' }), 'g']);
    expect((await mailboxes()).some((m) => m['role'] === 'trash')).toBe(true);
  });

  it('RFC 8620 §5.1 an unknown email id is notFound and a foreign account is accountNotFound', async () => {
    const reply = await jmap([
      ['Email/get', { accountId, ids: ['Enope'] }, 'g'],
      ['Mailbox/get', { accountId: 'Aother', ids: null }, 'm'],
    ]);
    const [get, mbox] = responses(reply);
    expect(get?.[1]).toMatchObject({ list: [], notFound: ['Enope'] });
    expect(mbox).toEqual(['error', expect.objectContaining({ type: 'accountNotFound' }), 'm']);
  });
});
