// Identity/get (RFC 8621 §6), the submission capability, and Thread/get|changes (§3)
// through the real proxy over a real Dovecot. Each email is its own thread for now
// (ADR 0010), so threads must follow exactly what Email/get and Email/changes say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { cookiePair, dovecotProvider, send, startBuzon } from './support/buzon.js';
import type { Reply, RunningBuzon } from './support/buzon.js';
import { ALICE, USING } from './support/jmap-account.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const SUBMISSION = 'urn:ietf:params:jmap:submission';
const USING_SUBMISSION = [...USING, SUBMISSION];

type Call = [string, Record<string, unknown>, string];

interface SignedIn {
  buzon: RunningBuzon;
  cookie: string;
  accountId: string;
  session: Record<string, unknown>;
}

let dovecot: DovecotInstance;
/** Alice at a provider with SMTP configured (the proxy never dials it in these tests). */
let withSmtp: SignedIn;
/** Alice at a provider with IMAP only. */
let imapOnly: SignedIn;
let counter = 0;

async function signIn(smtp: boolean): Promise<SignedIn> {
  const provider = dovecotProvider(dovecot);
  const buzon = await startBuzon({
    providers: [
      smtp ? { ...provider, smtp: { host: '127.0.0.1', port: 587, tls: 'starttls' } } : provider,
    ],
  });
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  const cookie = cookiePair(login);
  const reply = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
  const session = reply.json as Record<string, unknown>;
  const accountId =
    (session['primaryAccounts'] as Record<string, string>)['urn:ietf:params:jmap:mail'] ?? '';
  return { buzon, cookie, accountId, session };
}

function post(who: SignedIn, using: string[], methodCalls: unknown[]): Promise<Reply> {
  return send(who.buzon.origin, 'POST', '/jmap', {
    body: { using, methodCalls },
    headers: { Cookie: who.cookie },
  });
}

async function call(
  methodCalls: unknown[],
  using = USING_SUBMISSION,
): Promise<Record<string, Call>> {
  const reply = await post(withSmtp, using, methodCalls);
  expect(reply.status).toBe(200);
  const list = (reply.json as { methodResponses: Call[] }).methodResponses;
  return Object.fromEntries(list.map((r) => [r[2], r]));
}

/** Delivers a message over LMTP and answers its id, found through Email/query + get. */
async function deliver(label: string): Promise<string> {
  counter += 1;
  const subject = `${label} ${counter}`;
  await dovecot.deliver(
    ALICE.user,
    [
      'From: Ana <ana@example.test>',
      `To: ${ALICE.user}`,
      `Subject: ${subject}`,
      'Date: Mon, 02 Mar 2026 09:00:00 +0100',
      `Message-ID: <thread-${counter}@example.test>`,
      '',
      `Hilo ${counter}.`,
      '',
    ].join('\r\n'),
  );
  const { q, g } = await call([
    ['Email/query', { accountId: withSmtp.accountId }, 'q'],
    [
      'Email/get',
      {
        accountId: withSmtp.accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['subject'],
      },
      'g',
    ],
  ]);
  expect(q?.[0]).toBe('Email/query');
  const found = (g?.[1]['list'] as { id: string; subject: string }[]).find(
    (e) => e.subject === subject,
  );
  if (!found) throw new Error(`${subject} not found through JMAP`);
  return found.id;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  withSmtp = await signIn(true);
  imapOnly = await signIn(false);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await withSmtp?.buzon.stop();
  await imapOnly?.buzon.stop();
  await dovecot?.stop();
});

describe(
  'Identity/get and the submission capability (RFC 8621 §1.3.2, §6)',
  { timeout: TEST_TIMEOUT_MS },
  () => {
    it('IDENTITY-1 Identity/get answers one identity with Alice’s address', async () => {
      const { accountId } = withSmtp;
      const { i } = await call([['Identity/get', { accountId, ids: null }, 'i']]);
      expect(i?.[0]).toBe('Identity/get');
      const list = i?.[1]['list'] as Record<string, unknown>[];
      expect(list).toEqual([
        {
          id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
          name: '',
          email: ALICE.user,
          replyTo: null,
          bcc: null,
          textSignature: '',
          htmlSignature: '',
          mayDelete: false,
          // Buzón's extension (the policy capability): the one new messages start from.
          isDefault: true,
        },
      ]);
      // The id is stable, and Identity/changes from the state says nothing changed.
      const id = list[0]?.['id'] as string;
      const { again, c } = await call([
        ['Identity/get', { accountId, ids: [id, 'Inope'] }, 'again'],
        ['Identity/changes', { accountId, sinceState: i?.[1]['state'] }, 'c'],
      ]);
      expect(again?.[1]['list']).toEqual(list);
      expect(again?.[1]['notFound']).toEqual(['Inope']);
      expect(c?.[1]).toMatchObject({ created: [], updated: [], destroyed: [] });
    });

    it('SEND-1 submission is advertised only when the provider has SMTP, and EmailSubmission/set is served there', async () => {
      expect(withSmtp.session['capabilities']).toHaveProperty([SUBMISSION]);
      expect(withSmtp.session['primaryAccounts']).toHaveProperty([SUBMISSION], withSmtp.accountId);
      expect(imapOnly.session['capabilities']).not.toHaveProperty([SUBMISSION]);
      expect(imapOnly.session['primaryAccounts']).not.toHaveProperty([SUBMISSION]);

      const refused = await post(imapOnly, USING_SUBMISSION, [
        ['Identity/get', { accountId: imapOnly.accountId }, 'i'],
      ]);
      expect(refused.status).toBe(400);
      expect((refused.json as { type: string }).type).toBe(
        'urn:ietf:params:jmap:error:unknownCapability',
      );

      const { s } = await call([
        ['EmailSubmission/set', { accountId: withSmtp.accountId, create: {} }, 's'],
      ]);
      // An empty create is a normal /set answer (sending itself: jmap-submission.test.ts).
      expect(s?.[0]).toBe('EmailSubmission/set');
      expect(s?.[1]['accountId']).toBe(withSmtp.accountId);
    });
  },
);

describe('Thread/get and Thread/changes (RFC 8621 §3)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('THREAD-1 Thread/get for an email’s threadId answers that email; an unknown id is notFound', async () => {
    const { accountId } = withSmtp;
    const id = await deliver('Hilo');
    const { e } = await call([
      ['Email/get', { accountId, ids: [id], properties: ['threadId'] }, 'e'],
    ]);
    const threadId = (e?.[1]['list'] as { threadId: string }[])[0]?.threadId as string;
    const { t } = await call([
      ['Thread/get', { accountId, ids: [threadId, 'Enosuchthreadxxxxxxxxxx'] }, 't'],
    ]);
    expect(t?.[0]).toBe('Thread/get');
    expect(t?.[1]['list']).toEqual([{ id: threadId, emailIds: [id] }]);
    expect(t?.[1]['notFound']).toEqual(['Enosuchthreadxxxxxxxxxx']);
  });

  it('THREAD-1 Thread/changes after a delivery lists the new thread; after a flag change nothing', async () => {
    const { accountId } = withSmtp;
    await deliver('Antes');
    const { t } = await call([['Thread/get', { accountId, ids: [] }, 't']]);
    const before = t?.[1]['state'] as string;
    const id = await deliver('Nuevo');
    const { c } = await call([['Thread/changes', { accountId, sinceState: before }, 'c']]);
    expect(c?.[0]).toBe('Thread/changes');
    expect(c?.[1]).toMatchObject({ created: [id], updated: [], destroyed: [] });
    const after = c?.[1]['newState'] as string;

    // Marking it read changes the email, not its thread.
    await call([['Email/set', { accountId, update: { [id]: { 'keywords/$seen': true } } }, 's']]);
    const { again } = await call([['Thread/changes', { accountId, sinceState: after }, 'again']]);
    expect(again?.[1]).toMatchObject({ created: [], updated: [], destroyed: [] });

    // Destroying it destroys the thread, and Thread/get no longer finds it.
    const { d } = await call([['Email/set', { accountId, destroy: [id] }, 'd']]);
    expect(d?.[1]['destroyed']).toEqual([id]);
    const { gone, g } = await call([
      ['Thread/changes', { accountId, sinceState: again?.[1]['newState'] }, 'gone'],
      ['Thread/get', { accountId, ids: [id] }, 'g'],
    ]);
    expect(gone?.[1]).toMatchObject({ created: [], updated: [], destroyed: [id] });
    expect(g?.[1]['notFound']).toEqual([id]);
  });

  it('SYNC-1 a Thread state this session never handed out is cannotCalculateChanges', async () => {
    const { c } = await call([
      ['Thread/changes', { accountId: withSmtp.accountId, sinceState: 'tunknown' }, 'c'],
    ]);
    expect(c?.[0]).toBe('error');
    expect(c?.[1]['type']).toBe('cannotCalculateChanges');
  });
});
