// SEND-7, SEND-16 in the proxy against a real Dovecot and SMTP server: identities kept in
// the user's METADATA (every device sees the same), what Identity/set refuses, From that
// must match an identity, and the operator's mandatory signature — published in the
// Session and checked on every submission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { sourcesIn } from '../support/imap-look.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';
import { ALICE } from './support/jmap-account.js';

const TEST_TIMEOUT_MS = 30_000;
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const POLICY = 'urn:buzon:params:jmap:policy';
const USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
];
const SIGNATURE = 'Buzón S.L. — Este mensaje es confidencial.';

type Call = [string, Record<string, unknown>, string];

interface Device {
  cookie: string;
  accountId: string;
  session: Record<string, unknown>;
}

let dovecot: DovecotInstance;
let sink: SmtpSink;
let buzon: RunningBuzon;
let counter = 0;

async function device(provider = 'test'): Promise<Device> {
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider, username: ALICE.user, password: ALICE.pass },
  });
  const cookie = cookiePair(login);
  const reply = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
  const session = reply.json as Record<string, unknown>;
  const accountId = (session['primaryAccounts'] as Record<string, string>)[
    'urn:ietf:params:jmap:mail'
  ] as string;
  return { cookie, accountId, session };
}

async function post(d: Device, methodCalls: unknown[]): Promise<Record<string, Call>> {
  const reply = await send(buzon.origin, 'POST', '/jmap', {
    body: { using: USING, methodCalls },
    headers: { Cookie: d.cookie },
  });
  expect(reply.status, reply.text).toBe(200);
  const list = (reply.json as { methodResponses: Call[] }).methodResponses;
  return Object.fromEntries(list.map((r) => [r[2], r]));
}

type Identity = Record<string, unknown> & { id: string; email: string; isDefault: boolean };

async function identities(d: Device): Promise<{ list: Identity[]; state: string }> {
  const { i } = await post(d, [['Identity/get', { accountId: d.accountId, ids: null }, 'i']]);
  return i?.[1] as { list: Identity[]; state: string };
}

/** Imports a message from `from` into Drafts and submits it as `identityId`. */
async function sendAs(
  d: Device,
  identityId: string,
  from: string,
  body: string,
): Promise<{ subject: string; result: Record<string, unknown> }> {
  counter++;
  const subject = `Identidad ${counter} ${Date.now()}`;
  const raw = [
    `From: ${from}`,
    `To: ${BOB.user}`,
    `Subject: ${subject}`,
    `Message-ID: <identity-${counter}-${Date.now()}@buzon.test>`,
    'Date: Mon, 01 Jun 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\r\n');
  const up = await send(buzon.origin, 'POST', `/jmap/upload/${d.accountId}/`, {
    body: raw,
    headers: { Cookie: d.cookie, 'Content-Type': 'message/rfc822' },
  });
  const blobId = (up.json as { blobId: string }).blobId;
  const { mb } = await post(d, [['Mailbox/get', { accountId: d.accountId }, 'mb']]);
  const drafts = (mb?.[1]['list'] as { id: string; role: string | null }[]).find(
    (m) => m.role === 'drafts',
  )?.id as string;
  const { s } = await post(d, [
    [
      'Email/import',
      {
        accountId: d.accountId,
        emails: { e: { blobId, mailboxIds: { [drafts]: true }, keywords: { $draft: true } } },
      },
      'imp',
    ],
    [
      'EmailSubmission/set',
      {
        accountId: d.accountId,
        create: { s1: { identityId, emailId: '#e' } },
      },
      's',
    ],
  ]);
  return { subject, result: s?.[1] ?? {} };
}

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink({
    users: dovecot.users,
    lmtp: { host: dovecot.host, port: dovecot.lmtpPort },
  });
  const provider = dovecotProvider(dovecot, sink);
  buzon = await startBuzon({
    providers: [
      provider,
      { ...provider, id: 'signed', name: 'Signed', mandatorySignature: SIGNATURE },
    ],
  });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await sink?.stop();
  await dovecot?.stop();
});

describe('identities kept on the server (SEND-7)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('SEND-7 a plus-address identity with its name, reply-to and signature is seen by another device, and becomes the default', async () => {
    const phone = await device();
    const before = await identities(phone);
    expect(before.list.map((i) => [i.email, i.isDefault, i['mayDelete']])).toEqual([
      [ALICE.user, true, false],
    ]);
    const plus = ALICE.user.replace('@', '+facturas@');
    const { c } = await post(phone, [
      [
        'Identity/set',
        {
          accountId: phone.accountId,
          ifInState: before.state,
          create: {
            n: {
              email: plus,
              name: 'Alice — Facturación',
              replyTo: [{ name: 'Cuentas', email: 'cuentas@buzon.test' }],
              textSignature: 'Alice Muñoz\nFacturación',
              isDefault: true,
            },
          },
          update: { [before.list[0]?.id as string]: { name: 'Alice Muñoz' } },
        },
        'c',
      ],
    ]);
    expect(c?.[1]['notCreated']).toBeNull();
    expect(c?.[1]['oldState']).toBe(before.state);
    expect(c?.[1]['newState']).not.toBe(before.state);

    const laptop = await device();
    const after = await identities(laptop);
    expect(after.state).toBe(c?.[1]['newState']);
    expect(after.list.map((i) => [i.email, i['name'], i.isDefault])).toEqual([
      [ALICE.user, 'Alice Muñoz', false],
      [plus, 'Alice — Facturación', true],
    ]);
    expect(after.list[1]).toMatchObject({
      replyTo: [{ name: 'Cuentas', email: 'cuentas@buzon.test' }],
      textSignature: 'Alice Muñoz\nFacturación',
      mayDelete: true,
    });
    // Sending as it: From must be that identity's address.
    const id = after.list[1]?.id as string;
    const wrong = await sendAs(laptop, id, `Alice <${ALICE.user}>`, 'Hola');
    expect((wrong.result['notCreated'] as Record<string, { type: string }>)['s1']?.type).toBe(
      'forbiddenFrom',
    );
    const right = await sendAs(laptop, id, `Alice <${plus}>`, 'Hola');
    expect(right.result['notCreated']).toBeNull();
    await expect
      .poll(async () => (await sourcesIn(dovecot, BOB, 'INBOX')).length, { timeout: 10_000 })
      .toBeGreaterThan(0);

    // Removed on one device, gone for the other; the default falls back to the sign-in one.
    await post(laptop, [['Identity/set', { accountId: laptop.accountId, destroy: [id] }, 'd']]);
    const last = await identities(phone);
    expect(last.list.map((i) => [i.email, i.isDefault])).toEqual([[ALICE.user, true]]);
  });

  it('SEND-7 Identity/set refuses another person’s address, removing the sign-in identity, and header injection', async () => {
    const d = await device();
    const { list } = await identities(d);
    const { r } = await post(d, [
      [
        'Identity/set',
        {
          accountId: d.accountId,
          create: {
            other: { email: BOB.user, name: 'Bob' },
            lookalike: { email: ALICE.user.replace('@', '@evil.'), name: 'x' },
            injected: { email: ALICE.user.replace('@', '+x@'), name: 'A\r\nBcc: x@evil.test' },
          },
          destroy: [list[0]?.id],
        },
        'r',
      ],
    ]);
    const notCreated = r?.[1]['notCreated'] as Record<string, { type: string }>;
    expect(notCreated['other']?.type).toBe('forbiddenFrom');
    expect(notCreated['lookalike']?.type).toBe('forbiddenFrom');
    expect(notCreated['injected']?.type).toBe('invalidProperties');
    const notDestroyed = r?.[1]['notDestroyed'] as Record<string, { type: string }>;
    expect(notDestroyed[list[0]?.id as string]?.type).toBe('forbidden');
    expect((await identities(d)).list).toHaveLength(1);
  });
});

describe('the mandatory signature (SEND-16)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('SEND-16 the Session publishes the operator’s signature; a message without it is refused, with it delivered', async () => {
    const d = await device('signed');
    const policy = (d.session['capabilities'] as Record<string, Record<string, unknown>>)[POLICY];
    expect(policy).toEqual({
      mandatorySignature: SIGNATURE,
      identityDefault: true,
      gateways: { sms: false, fax: false },
      links: null,
    });
    const plain = await device('test');
    expect((plain.session['capabilities'] as Record<string, unknown>)[POLICY]).toEqual({
      mandatorySignature: null,
      identityDefault: true,
      gateways: { sms: false, fax: false },
      links: null,
    });
    const { list } = await identities(d);
    const id = list[0]?.id as string;
    const without = await sendAs(d, id, ALICE.user, 'Hola Bob');
    expect((without.result['notCreated'] as Record<string, { type: string }>)['s1']?.type).toBe(
      'forbiddenToSend',
    );
    // Re-wrapped by the client, the signature still counts.
    const withIt = await sendAs(
      d,
      id,
      ALICE.user,
      'Hola Bob\r\n\r\n-- \r\nBuzón S.L. —\r\nEste mensaje es confidencial.',
    );
    expect(withIt.result['notCreated']).toBeNull();
    expect(sink.submissions.some((s) => s.raw.toString('utf8').includes(without.subject))).toBe(
      false,
    );
    expect(sink.submissions.some((s) => s.raw.toString('utf8').includes(withIt.subject))).toBe(
      true,
    );
  });
});
