// ACCESS-1 / SEND-13 at the proxy (ADR 0033, ADR 0015): a submission to an SMTP server whose
// TLS cannot be trusted is refused before any AUTH, and answered as the submission's own
// SetError (serverCertificateInvalid, serverNotEncrypted) — not the call's
// serverUnavailable, which tells the client to wait and retry. The draft stays in Drafts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../src/proxy/config/types.js';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { RunningBuzon } from './support/buzon.js';
import { ALICE } from './support/jmap-account.js';
import { makeTestPki, startFakeServer } from './support/tls-servers.js';
import type { FakeServer, TestPki } from './support/tls-servers.js';

/** Dovecot and TLS handshakes on a shared 2-core machine. */
const TEST_TIMEOUT_MS = 60_000;
const USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
];

type Call = [string, Record<string, unknown>, string];

let dovecot: DovecotInstance;
let pki: TestPki;
let untrusted: FakeServer;
let stripped: FakeServer;
let buzon: RunningBuzon;

/** The Dovecot account, sending through `smtp` (a fake server on loopback, checked as localhost). */
function provider(id: string, smtp: ProviderConfig['smtp']): ProviderConfig {
  return { ...dovecotProvider(dovecot), id, name: `Provider ${id}`, ...(smtp ? { smtp } : {}) };
}

interface Signed {
  cookie: string;
  accountId: string;
  identityId: string;
  drafts: string;
}

async function post(as: Signed, methodCalls: unknown[]): Promise<Call[]> {
  const reply = await send(buzon.origin, 'POST', '/jmap', {
    body: { using: USING, methodCalls },
    headers: { Cookie: as.cookie },
  });
  expect(reply.status, reply.text).toBe(200);
  return (reply.json as { methodResponses: Call[] }).methodResponses;
}

async function signIn(providerId: string): Promise<Signed> {
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: providerId, username: ALICE.user, password: ALICE.pass },
  });
  expect(login.status, login.text).toBe(200);
  const cookie = cookiePair(login);
  const session = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
  const accountId = (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
    'urn:ietf:params:jmap:mail'
  ] as string;
  const signed = { cookie, accountId, identityId: '', drafts: '' };
  const [ids, boxes] = await post(signed, [
    ['Identity/get', { accountId }, 'id'],
    ['Mailbox/get', { accountId }, 'mb'],
  ]);
  signed.identityId = (ids?.[1]['list'] as { id: string }[])[0]?.id ?? '';
  const list = boxes?.[1]['list'] as { id: string; role: string | null }[];
  signed.drafts = list.find((m) => m.role === 'drafts')?.id ?? '';
  return signed;
}

/** Uploads and imports a message from Alice into Drafts; answers its email id. */
async function draft(as: Signed, subject: string): Promise<string> {
  const raw = [
    `From: Alice <${ALICE.user}>`,
    'To: bob@buzon.test',
    `Subject: ${subject}`,
    `Message-ID: <tls-${Date.now()}-${subject.length}@buzon.test>`,
    'Date: Mon, 01 Jun 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hola.',
    '',
  ].join('\r\n');
  const up = await send(buzon.origin, 'POST', `/jmap/upload/${as.accountId}/`, {
    body: raw,
    headers: { Cookie: as.cookie, 'Content-Type': 'message/rfc822' },
  });
  expect(up.status, up.text).toBe(201);
  const blobId = (up.json as { blobId: string }).blobId;
  const [imported] = await post(as, [
    [
      'Email/import',
      {
        accountId: as.accountId,
        emails: {
          d: {
            blobId,
            mailboxIds: { [as.drafts]: true },
            keywords: { $draft: true, $seen: true },
          },
        },
      },
      'i',
    ],
  ]);
  const id = (imported?.[1]['created'] as Record<string, { id: string }> | null)?.['d']?.id;
  expect(id, JSON.stringify(imported)).toBeTypeOf('string');
  return id as string;
}

/** Submits `emailId` as the Outbox does; answers the EmailSubmission/set response. */
async function submit(as: Signed, emailId: string): Promise<Call | undefined> {
  const responses = await post(as, [
    [
      'EmailSubmission/set',
      {
        accountId: as.accountId,
        create: { send: { identityId: as.identityId, emailId } },
        onSuccessUpdateEmail: { '#send': { 'keywords/$draft': null } },
      },
      'sub',
    ],
  ]);
  return responses[0];
}

async function stillInDrafts(as: Signed, emailId: string): Promise<boolean> {
  const [got] = await post(as, [
    ['Email/get', { accountId: as.accountId, ids: [emailId], properties: ['mailboxIds'] }, 'g'],
  ]);
  const list = got?.[1]['list'] as { mailboxIds: Record<string, boolean> }[];
  return list[0]?.mailboxIds[as.drafts] === true;
}

/** Nothing that signs in, and no trace of the password, reached the server. */
function noCredentials(server: FakeServer): void {
  expect(server.received.some((l) => /^AUTH\b/i.test(l.text))).toBe(false);
  expect(server.received.some((l) => l.text.includes(ALICE.pass))).toBe(false);
  expect(
    server.received.some((l) => l.text.includes(Buffer.from(ALICE.pass).toString('base64'))),
  ).toBe(false);
  expect(server.received.some((l) => /^(MAIL|RCPT|DATA)\b/i.test(l.text))).toBe(false);
}

beforeAll(async () => {
  pki = makeTestPki();
  dovecot = await startDovecot();
  // Signed by the throwaway CA, which the operator did not configure: unverifiable.
  untrusted = await startFakeServer({
    protocol: 'smtp',
    tls: 'implicit',
    key: pki.key,
    cert: pki.cert,
  });
  stripped = await startFakeServer({
    protocol: 'smtp',
    tls: 'starttls',
    key: pki.key,
    cert: pki.cert,
    offerStartTls: false,
  });
  buzon = await startBuzon({
    providers: [
      provider('untrusted', {
        host: '127.0.0.1',
        port: untrusted.port,
        tls: 'implicit',
        servername: 'localhost',
      }),
      provider('stripped', {
        host: '127.0.0.1',
        port: stripped.port,
        tls: 'starttls',
        servername: 'localhost',
        ca: pki.caCert,
      }),
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      provider('dead', { host: '127.0.0.1', port: 1, tls: 'none' }),
    ],
  });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await untrusted?.stop();
  await stripped?.stop();
  await dovecot?.stop();
  pki?.cleanup();
});

describe('SEND-13 / ACCESS-1 a submission refused for TLS is its own SetError', () => {
  it(
    'ACCESS-1 SEND-13 an SMTP certificate that cannot be verified: notCreated serverCertificateInvalid, no AUTH sent, the draft kept',
    async () => {
      const alice = await signIn('untrusted');
      const emailId = await draft(alice, 'Certificado no verificable');
      const sub = await submit(alice, emailId);
      expect(sub?.[0]).toBe('EmailSubmission/set');
      const refused = (
        sub?.[1]['notCreated'] as Record<string, { type: string; description: string }>
      )['send'];
      expect(refused?.type).toBe('serverCertificateInvalid');
      expect(refused?.description).toMatch(/certificate could not be verified/);
      expect(sub?.[1]['created'] ?? null).toBeNull();
      // The handshake failed: not one line, so not one credential, reached the server.
      expect(untrusted.received).toEqual([]);
      noCredentials(untrusted);
      expect(await stillInDrafts(alice, emailId)).toBe(true);
      expect(buzon.logs.join('\n')).not.toContain(ALICE.pass);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'ACCESS-1 SEND-13 STARTTLS stripped: notCreated serverNotEncrypted, never sent in clear',
    async () => {
      const alice = await signIn('stripped');
      const emailId = await draft(alice, 'Sin cifrado');
      const sub = await submit(alice, emailId);
      const refused = (sub?.[1]['notCreated'] as Record<string, { type: string }>)['send'];
      expect(refused?.type).toBe('serverNotEncrypted');
      noCredentials(stripped);
      expect(stripped.received.every((l) => !/Hola|Sin cifrado/.test(l.text))).toBe(true);
      expect(await stillInDrafts(alice, emailId)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SEND-13 an SMTP server that cannot be reached is still the call’s serverUnavailable (retried)',
    async () => {
      const alice = await signIn('dead');
      const emailId = await draft(alice, 'Servidor caído');
      const sub = await submit(alice, emailId);
      expect(sub?.[0]).toBe('error');
      expect(sub?.[1]['type']).toBe('serverUnavailable');
    },
    TEST_TIMEOUT_MS,
  );
});
