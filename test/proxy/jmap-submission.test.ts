// EmailSubmission/set (RFC 8621 §7.5) through the real proxy: a message built by the
// client, uploaded and imported into Drafts, is sent over SMTP to the test sink (which
// requires AUTH and delivers local recipients to Dovecot over LMTP), then moved to Sent.
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';
import { ALICE } from './support/jmap-account.js';

/** Dovecot, the sink and several SMTP round trips on a shared 2-core machine. */
const TEST_TIMEOUT_MS = 60_000;
/** Small enough to exceed with a test message, large enough for the others. */
const SINK_MAX_SIZE = 64 * 1024;
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
];

type Call = [string, Record<string, unknown>, string];

let dovecot: DovecotInstance;
let sink: SmtpSink;
let buzon: RunningBuzon;
let cookie = '';
let accountId = '';
let identityId = '';
let drafts = '';
let sent = '';
let counter = 0;

async function post(methodCalls: unknown[], using = USING, as = cookie): Promise<Call[]> {
  const reply = await send(buzon.origin, 'POST', '/jmap', {
    body: { using, methodCalls },
    headers: { Cookie: as },
  });
  expect(reply.status, reply.text).toBe(200);
  return (reply.json as { methodResponses: Call[] }).methodResponses;
}

/** A message from Alice, CRLF line ends, with a unique subject. */
function message(
  headers: Record<string, string>,
  body = 'Hola.\r\n',
): { subject: string; raw: string } {
  counter += 1;
  const subject = `Envío ${counter} ${Date.now()}`;
  const lines = [
    `From: Alice <${ALICE.user}>`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `Subject: =?UTF-8?Q?${encodeURIComponent(subject).replace(/%/g, '=')}?=`,
    `Message-ID: <send-${counter}-${Date.now()}@buzon.test>`,
    'Date: Mon, 01 Jun 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ];
  return { subject, raw: lines.join('\r\n') };
}

/** Uploads and imports `raw` into Drafts as a draft; answers the email id. */
async function draft(raw: string): Promise<string> {
  const up = await send(buzon.origin, 'POST', `/jmap/upload/${accountId}/`, {
    body: raw,
    headers: { Cookie: cookie, 'Content-Type': 'message/rfc822' },
  });
  expect(up.status, up.text).toBe(201);
  const blobId = (up.json as { blobId: string }).blobId;
  const [imported] = await post([
    [
      'Email/import',
      {
        accountId,
        emails: {
          d: { blobId, mailboxIds: { [drafts]: true }, keywords: { $draft: true, $seen: true } },
        },
      },
      'i',
    ],
  ]);
  const id = (imported?.[1]['created'] as Record<string, { id: string }> | null)?.['d']?.id;
  expect(id, JSON.stringify(imported)).toBeTypeOf('string');
  return id as string;
}

function submit(
  emailId: string,
  extra: Record<string, unknown> = {},
  args: Record<string, unknown> = {},
) {
  return post([
    [
      'EmailSubmission/set',
      { accountId, create: { s1: { identityId, emailId, ...extra } }, ...args },
      'sub',
    ],
  ]);
}

/** Sources of the messages in `user`'s folder, read over plain IMAP as that user. */
async function sourcesOf(user: { user: string; pass: string }, folder: string): Promise<string[]> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: user.user, pass: user.pass },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const out: string[] = [];
      if ((client.mailbox ? client.mailbox.exists : 0) === 0) return out;
      for await (const m of client.fetch('1:*', { source: true }))
        out.push(m.source?.toString('utf8') ?? '');
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

async function signIn(provider: string): Promise<string> {
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider, username: ALICE.user, password: ALICE.pass },
  });
  return cookiePair(login);
}

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({
    users: dovecot.users,
    lmtp: { host: dovecot.host, port: dovecot.lmtpPort },
    maxSize: SINK_MAX_SIZE,
  });
  const withSmtp = dovecotProvider(dovecot, sink);
  buzon = await startBuzon({
    providers: [
      withSmtp,
      { ...dovecotProvider(dovecot), id: 'nosmtp', name: 'No SMTP' },
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      { ...dovecotProvider(dovecot, { host: '127.0.0.1', port: 1 }), id: 'deadsmtp', name: 'Dead' },
    ],
  });
  cookie = await signIn('test');
  const session = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
  accountId = (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
    'urn:ietf:params:jmap:mail'
  ] as string;
  const [identities, boxes] = await post([
    ['Identity/get', { accountId }, 'id'],
    ['Mailbox/get', { accountId }, 'mb'],
  ]);
  identityId = (identities?.[1]['list'] as { id: string }[])[0]?.id ?? '';
  const list = boxes?.[1]['list'] as { id: string; role: string | null }[];
  drafts = list.find((m) => m.role === 'drafts')?.id ?? '';
  sent = list.find((m) => m.role === 'sent')?.id ?? '';
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await sink?.stop();
  await dovecot?.stop();
});

describe('EmailSubmission/set over SMTP (RFC 8621 §7.5)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('SEND-2 sends the imported draft as built (minus Bcc), delivers it, and files it in Sent', async () => {
    const { subject, raw } = message({ To: BOB.user, Bcc: 'carol@buzon.test' });
    const emailId = await draft(raw);
    const before = sink.submissions.length;
    const responses = await submit(
      emailId,
      {},
      {
        onSuccessUpdateEmail: {
          '#s1': {
            [`mailboxIds/${drafts}`]: null,
            [`mailboxIds/${sent}`]: true,
            'keywords/$draft': null,
          },
        },
      },
    );
    const [sub, implicit] = responses;
    expect(sub?.[0]).toBe('EmailSubmission/set');
    const created = (sub?.[1]['created'] as Record<string, Record<string, unknown>>)['s1'];
    expect(created).toMatchObject({ undoStatus: 'final', threadId: emailId });
    expect(created?.['sendAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The implicit Email/set answers with the same call id, right after.
    expect(implicit?.[0]).toBe('Email/set');
    expect(implicit?.[2]).toBe('sub');
    expect(implicit?.[1]['updated']).toEqual({ [emailId]: null });

    expect(sink.submissions.length).toBe(before + 1);
    const got = sink.submissions[sink.submissions.length - 1];
    expect(got?.user).toBe(ALICE.user);
    expect(got?.mailFrom).toBe(ALICE.user);
    expect(got?.rcptTo.sort()).toEqual(['bob@buzon.test', 'carol@buzon.test']);
    expect(got?.raw.toString('utf8')).toBe(raw.replace('Bcc: carol@buzon.test\r\n', ''));

    const bobs = await sourcesOf(BOB, 'INBOX');
    expect(bobs.some((s) => s.includes(raw.split('\r\n')[3] ?? 'x') && !/^Bcc:/im.test(s))).toBe(
      true,
    );
    const carols = await sourcesOf({ user: 'carol@buzon.test', pass: 'carol-secret' }, 'INBOX');
    expect(carols.length).toBeGreaterThan(0);

    const [got2] = await post([
      [
        'Email/get',
        { accountId, ids: [emailId], properties: ['mailboxIds', 'keywords', 'subject'] },
        'g',
      ],
    ]);
    const email = (got2?.[1]['list'] as Record<string, unknown>[])[0];
    expect(email?.['subject']).toBe(subject);
    expect(email?.['mailboxIds']).toEqual({ [sent]: true });
    expect(email?.['keywords']).toEqual({ $seen: true });
  });

  it('SEND-3 one unknown local recipient is refused, the others still get the message', async () => {
    const { raw } = message({ To: `${BOB.user}, nobody@buzon.test` });
    const emailId = await draft(raw);
    const [sub] = await submit(emailId);
    const created = (
      sub?.[1]['created'] as Record<
        string,
        { deliveryStatus: Record<string, { delivered: string; smtpReply: string }> }
      >
    )['s1'];
    expect(created?.deliveryStatus['nobody@buzon.test']?.delivered).toBe('no');
    expect(created?.deliveryStatus['nobody@buzon.test']?.smtpReply).toMatch(/^550/);
    expect(created?.deliveryStatus[BOB.user]?.delivered).toBe('queued');
    const bobs = await sourcesOf(BOB, 'INBOX');
    expect(bobs.some((s) => s.includes(raw.split('\r\n')[3] ?? 'x'))).toBe(true);
  });

  it('SEND-3 every recipient refused → notCreated invalidRecipients, nothing sent', async () => {
    const { raw } = message({ To: 'nobody@buzon.test', Cc: 'ghost@buzon.test' });
    const emailId = await draft(raw);
    const before = sink.counts.data;
    const [sub] = await submit(emailId);
    const error = (
      sub?.[1]['notCreated'] as Record<string, { type: string; invalidRecipients: string[] }>
    )['s1'];
    expect(error?.type).toBe('invalidRecipients');
    expect(error?.invalidRecipients.sort()).toEqual(['ghost@buzon.test', 'nobody@buzon.test']);
    expect(sink.counts.data).toBe(before);
  });

  it('SEND-4 a message over the server SIZE is tooLarge before MAIL FROM', async () => {
    const line = `${'x'.repeat(76)}\r\n`;
    const { raw } = message(
      { To: BOB.user },
      line.repeat(Math.ceil((SINK_MAX_SIZE + 1024) / line.length)),
    );
    const emailId = await draft(raw);
    const before = { ...sink.counts };
    const [sub] = await submit(emailId);
    const error = (sub?.[1]['notCreated'] as Record<string, { type: string; maxSize: number }>)[
      's1'
    ];
    expect(error).toMatchObject({ type: 'tooLarge', maxSize: SINK_MAX_SIZE });
    expect(sink.counts).toEqual(before);
  });

  it('SEND-5 CR/LF in an envelope address, a wrong identity or a forged From are refused unsent', async () => {
    const { raw } = message({ To: BOB.user });
    const emailId = await draft(raw);
    const before = sink.counts.mailFrom;
    const [crlf] = await submit(emailId, {
      envelope: {
        mailFrom: { email: ALICE.user, parameters: null },
        rcptTo: [{ email: 'bob@buzon.test>\r\nRCPT TO:<carol@buzon.test', parameters: null }],
      },
    });
    expect(
      (crlf?.[1]['notCreated'] as Record<string, { type: string; properties: string[] }>)['s1'],
    ).toMatchObject({
      type: 'invalidProperties',
      properties: ['envelope'],
    });
    const [wrong] = await post([
      ['EmailSubmission/set', { accountId, create: { s1: { identityId: 'Inope', emailId } } }, 'w'],
    ]);
    expect(
      (wrong?.[1]['notCreated'] as Record<string, { properties: string[] }>)['s1']?.properties,
    ).toEqual(['identityId']);
    const forged = await draft(
      message({ To: BOB.user }).raw.replace(`<${ALICE.user}>`, '<bob@buzon.test>'),
    );
    const [from] = await submit(forged);
    expect((from?.[1]['notCreated'] as Record<string, { type: string }>)['s1']?.type).toBe(
      'forbiddenFrom',
    );
    expect(sink.counts.mailFrom).toBe(before);
  });

  it('SEND-1 without SMTP the capability is absent and EmailSubmission/set unknown', async () => {
    const other = await signIn('nosmtp');
    const session = await send(buzon.origin, 'GET', '/jmap/session', {
      headers: { Cookie: other },
    });
    expect(
      (session.json as { capabilities: Record<string, unknown> }).capabilities,
    ).not.toHaveProperty(['urn:ietf:params:jmap:submission']);
    const refused = await send(buzon.origin, 'POST', '/jmap', {
      body: {
        using: USING,
        methodCalls: [['EmailSubmission/set', { accountId, create: {} }, 'x']],
      },
      headers: { Cookie: other },
    });
    expect(refused.status).toBe(400);
    const [unknown] = await post(
      [['EmailSubmission/set', { accountId, create: {} }, 'x']],
      USING.slice(0, 2),
      other,
    );
    expect(unknown?.[1]['type']).toBe('unknownMethod');
  });

  it('SEND-7 an unreachable SMTP server is serverUnavailable for the call (the client retries)', async () => {
    const emailId = await draft(message({ To: BOB.user }).raw);
    const other = await signIn('deadsmtp');
    const session = await send(buzon.origin, 'GET', '/jmap/session', {
      headers: { Cookie: other },
    });
    const deadAccount = (session.json as { primaryAccounts: Record<string, string> })
      .primaryAccounts['urn:ietf:params:jmap:mail'] as string;
    const [ids] = await post([['Identity/get', { accountId: deadAccount }, 'i']], USING, other);
    const deadIdentity = (ids?.[1]['list'] as { id: string }[])[0]?.id;
    const [sub] = await post(
      [
        [
          'EmailSubmission/set',
          { accountId: deadAccount, create: { s1: { identityId: deadIdentity, emailId } } },
          'd',
        ],
      ],
      USING,
      other,
    );
    expect(sub?.[0]).toBe('error');
    expect(sub?.[1]['type']).toBe('serverUnavailable');
  });

  it('SEND-6 the password never reaches the logs, and the sink saw Alice sign in', () => {
    expect(sink.logins.some((l) => l.user === ALICE.user && l.ok)).toBe(true);
    expect(buzon.logs.join('\n')).not.toContain(ALICE.pass);
  });
});
