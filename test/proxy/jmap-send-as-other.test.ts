// EXTERNAL-2/3 in the proxy (ADR 0023), against a real Dovecot and SMTP server: Alice adds
// Bob's account as another IMAP account (through the accounts API, with a real login);
// its address becomes one of her identities, and a message sent as it leaves through the
// SMTP server signed in as Bob, with its copy kept in Bob's own Sent. Carol's mailbox and
// Bob's own IMAP client say what really arrived where.
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { sourcesIn } from '../support/imap-look.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { Call, RunningBuzon } from './support/buzon.js';
import { ALICE } from './support/jmap-account.js';

const TEST_TIMEOUT_MS = 30_000;
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const CAROL = { user: 'carol@buzon.test', pass: 'carol-secret' };
const USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
];

type Identity = { id: string; email: string; name: string; mayDelete: boolean };
type Mailbox = { id: string; name: string; role: string | null; parentId: string | null };

let dovecot: DovecotInstance;
let sink: SmtpSink;
let buzon: RunningBuzon;
let cookie: string;
let accountId: string;
let bobAccount: string;
let serial = 0;

async function post(methodCalls: unknown[]): Promise<Record<string, Call>> {
  const reply = await send(buzon.origin, 'POST', '/jmap', {
    body: { using: USING, methodCalls },
    headers: { Cookie: cookie },
  });
  expect(reply.status, reply.text).toBe(200);
  const list = (reply.json as { methodResponses: Call[] }).methodResponses;
  return Object.fromEntries(list.map((r) => [r[2], r]));
}

async function identities(): Promise<Identity[]> {
  const { i } = await post([['Identity/get', { accountId, ids: null }, 'i']]);
  return i?.[1]['list'] as Identity[];
}

async function mailboxes(): Promise<Mailbox[]> {
  const { m } = await post([['Mailbox/get', { accountId, ids: null }, 'm']]);
  return m?.[1]['list'] as Mailbox[];
}

/**
 * Imports a message from `from` into Alice's own Drafts and submits it as `identityId`,
 * asking — as Buzón's Outbox does — for it to move to Sent on success.
 */
async function sendAs(identityId: string, from: string): Promise<Record<string, Call>> {
  serial++;
  const subject = `Desde la otra cuenta ${serial} ${Date.now()}`;
  const raw = [
    `From: ${from}`,
    `To: ${CAROL.user}`,
    `Subject: ${subject}`,
    `Message-ID: <send-as-other-${serial}-${Date.now()}@buzon.test>`,
    'Date: Mon, 01 Jun 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hola, Carol.',
    '',
  ].join('\r\n');
  const up = await send(buzon.origin, 'POST', `/jmap/upload/${accountId}/`, {
    body: raw,
    headers: { Cookie: cookie, 'Content-Type': 'message/rfc822' },
  });
  const blobId = (up.json as { blobId: string }).blobId;
  const boxes = await mailboxes();
  const drafts = boxes.find((m) => m.role === 'drafts')?.id as string;
  const sent = boxes.find((m) => m.role === 'sent')?.id as string;
  return post([
    [
      'Email/import',
      {
        accountId,
        emails: { e: { blobId, mailboxIds: { [drafts]: true }, keywords: { $draft: true } } },
      },
      'imp',
    ],
    [
      'EmailSubmission/set',
      {
        accountId,
        create: { s1: { identityId, emailId: '#e' } },
        onSuccessUpdateEmail: {
          '#s1': {
            [`mailboxIds/${drafts}`]: null,
            [`mailboxIds/${sent}`]: true,
            'keywords/$draft': null,
          },
        },
      },
      's',
    ],
  ]);
}

const subjects = async (who: typeof BOB, folder: string): Promise<string[]> =>
  Promise.all(
    (await sourcesIn(dovecot, who, folder)).map(
      async (raw) => (await PostalMime.parse(raw)).subject ?? '',
    ),
  );

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({
    users: dovecot.users,
    lmtp: { host: dovecot.host, port: dovecot.lmtpPort },
  });
  buzon = await startBuzon({ providers: [dovecotProvider(dovecot, sink)] });
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  cookie = cookiePair(login);
  const session = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
  accountId = (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
    'urn:ietf:params:jmap:mail'
  ] as string;
  const added = await send(buzon.origin, 'POST', '/imap-accounts', {
    body: { address: BOB.user, providerId: 'test', username: BOB.user, password: BOB.pass },
    headers: { Cookie: cookie, Origin: buzon.origin },
  });
  expect(added.status, added.text).toBe(201);
  bobAccount = (added.json as { account: { id: string } }).account.id;
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await sink?.stop();
  await dovecot?.stop();
});

describe('sending as another IMAP account (EXTERNAL-3)', { timeout: TEST_TIMEOUT_MS }, () => {
  it("EXTERNAL-3 the other account's address is an identity of Alice's, kept with its settings and not deletable", async () => {
    const before = await identities();
    expect(before.map((i) => [i.email, i.mayDelete])).toEqual([
      [ALICE.user, false],
      [BOB.user, false],
    ]);
    const bob = before[1] as Identity;
    expect(bob.id.startsWith(`${bobAccount}-`)).toBe(true);
    const { set } = await post([
      [
        'Identity/set',
        {
          accountId,
          update: { [bob.id]: { name: 'Bob (trabajo)', textSignature: 'Bob\nSoporte' } },
          create: {
            plus: { email: BOB.user.replace('@', '+ventas@') },
            stranger: { email: 'mallory@buzon.test' },
          },
          destroy: [bob.id],
        },
        'set',
      ],
    ]);
    const result = set?.[1] as Record<string, Record<string, { type: string }> | null>;
    expect(result['updated']).toEqual({ [bob.id]: null });
    expect(result['notCreated']?.['stranger']?.type).toBe('forbiddenFrom');
    expect(result['notDestroyed']?.[bob.id]?.type).toBe('forbidden');
    const plusId = (result['created']?.['plus'] as unknown as { id: string }).id;
    expect(plusId.startsWith(`${bobAccount}-`)).toBe(true);

    const after = await identities();
    expect(after.map((i) => [i.email, i.name, i.mayDelete])).toEqual([
      [ALICE.user, '', false],
      [BOB.user, 'Bob (trabajo)', false],
      [BOB.user.replace('@', '+ventas@'), '', true],
    ]);
  });

  it("EXTERNAL-3 a message sent as the other account leaves signed in as it and its copy is kept in the other account's Sent", async () => {
    const bob = (await identities()).find((i) => i.email === BOB.user) as Identity;
    const before = sink.submissions.length;
    const { imp, s } = await sendAs(bob.id, `Bob <${BOB.user}>`);
    expect(imp?.[1]['notCreated']).toBeNull();
    expect(s?.[1]['notCreated']).toBeNull();
    const subject = (await subjects(CAROL, 'INBOX')).at(-1) as string;
    expect(subject).toMatch(/^Desde la otra cuenta/);

    // Through the SMTP server as Bob, not as Alice.
    const submission = sink.submissions[before];
    expect(submission?.user).toBe(BOB.user);
    expect(submission?.mailFrom).toBe(BOB.user);
    expect(submission?.rcptTo).toEqual([CAROL.user]);

    // The copy is in Bob's Sent; nothing is left in Alice's Drafts or Sent.
    expect(await subjects(BOB, 'Sent')).toContain(subject);
    expect(await subjects(ALICE, 'Drafts')).not.toContain(subject);
    expect(await subjects(ALICE, 'Sent')).not.toContain(subject);
    // Alice's client sees it in the Sent folder inside Bob's top-level folder.
    const boxes = await mailboxes();
    const bobsSent = boxes.find((m) => m.parentId === bobAccount && m.name === 'Sent');
    const { q, g } = await post([
      ['Email/query', { accountId, filter: { inMailbox: bobsSent?.id } }, 'q'],
      [
        'Email/get',
        {
          accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject', 'keywords'],
        },
        'g',
      ],
    ]);
    expect(q?.[1]['ids']).toHaveLength(1);
    expect(g?.[1]['list']).toEqual([
      expect.objectContaining({ subject, keywords: expect.not.objectContaining({ $draft: true }) }),
    ]);
  });

  it("EXTERNAL-3 the other account's identity cannot send a message From someone else, nor Alice's send as Bob", async () => {
    const list = await identities();
    const bob = list.find((i) => i.email === BOB.user) as Identity;
    const alice = list.find((i) => i.email === ALICE.user) as Identity;
    const before = sink.submissions.length;
    for (const [identity, from] of [
      [bob, `Alice <${ALICE.user}>`],
      [alice, `Bob <${BOB.user}>`],
    ] as const) {
      const { s } = await sendAs(identity.id, from);
      const refused = (s?.[1]['notCreated'] as Record<string, { type: string }>)['s1'];
      expect(refused?.type).toBe('forbiddenFrom');
    }
    expect(sink.submissions.length).toBe(before);
  });
});
