// The test Cyrus is a real JMAP server (RFC 8620/8621) that the proxy's passthrough mode can
// be tested against. Spoken to here with plain fetch and HTTP Basic auth, as a passthrough
// would, so these tests also record what Cyrus 3.6 answers (URL forms, ids, no push).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startCyrus, type CyrusInstance } from './cyrus/index.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const CORE = 'urn:ietf:params:jmap:core';
const MAIL = 'urn:ietf:params:jmap:mail';
const SUBMISSION = 'urn:ietf:params:jmap:submission';
/** The one login Cyrus uses for every submission it relays to the sink. */
const RELAY = { user: 'relay@relay.test', pass: 'relay-secret' };
const FIXTURE = new URL('./cyrus/fixtures/cafe-utf8.eml', import.meta.url);

/** Start, user creation and a few requests take about a second; this bounds a loaded machine. */
const START_TIMEOUT_MS = 60_000;

interface Session {
  username: string;
  apiUrl: string;
  downloadUrl: string;
  uploadUrl: string;
  eventSourceUrl: string;
  state: string;
  capabilities: Record<string, unknown>;
  accounts: Record<
    string,
    { name: string; isPersonal: boolean; accountCapabilities: Record<string, unknown> }
  >;
  primaryAccounts: Record<string, string>;
}

type Invocation = [string, Record<string, unknown>, string];

const basic = (user: string, pass: string): string =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

let cyrus: CyrusInstance;
let sink: SmtpSink;
let alice: { user: string; pass: string };
let session: Session;
let accountId: string;

/** The Session's URLs are origin-relative paths; they resolve against the session URL. */
const resolve = (relative: string): string => new URL(relative, cyrus.sessionUrl).href;

async function api(calls: Invocation[], who = alice): Promise<Invocation[]> {
  const response = await fetch(resolve(session.apiUrl), {
    method: 'POST',
    headers: { authorization: basic(who.user, who.pass), 'content-type': 'application/json' },
    body: JSON.stringify({ using: [CORE, MAIL, SUBMISSION], methodCalls: calls }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { methodResponses: Invocation[] };
  return body.methodResponses;
}

/** The arguments of the one response to a single call, checked to be that method's, not an error. */
async function call(
  method: string,
  args: Record<string, unknown>,
  who = alice,
): Promise<Record<string, unknown>> {
  const [[name, result] = ['', {}]] = await api([[method, { accountId, ...args }, 'c']], who);
  expect(name, JSON.stringify(result)).toBe(method);
  return result;
}

async function emailState(): Promise<string> {
  return String((await call('Email/get', { ids: [] })).state);
}

beforeAll(async () => {
  // Recipients are not checked by the sink (no local domain of its own): it only records.
  sink = await startSmtpSink({ users: [RELAY], localDomain: 'sink.invalid' });
  cyrus = await startCyrus({ smtp: { host: sink.host, port: sink.port, ...RELAY } });
  alice = cyrus.users[0] ?? { user: '', pass: '' };
  const response = await fetch(cyrus.sessionUrl, {
    headers: { authorization: basic(alice.user, alice.pass) },
  });
  expect(response.status).toBe(200);
  session = (await response.json()) as Session;
  accountId = session.primaryAccounts[MAIL] ?? '';
}, START_TIMEOUT_MS);

afterAll(async () => {
  await cyrus?.stop();
  await sink?.stop();
});

describe('test Cyrus as a JMAP server', () => {
  it('answers GET of the session URL with an RFC 8620 Session offering mail for the account', () => {
    expect(session.username).toBe(alice.user);
    expect(Object.keys(session.capabilities)).toEqual(expect.arrayContaining([CORE, MAIL]));
    expect(accountId).toBe(alice.user);
    expect(session.accounts[accountId]?.isPersonal).toBe(true);
    expect(Object.keys(session.accounts[accountId]?.accountCapabilities ?? {})).toContain(MAIL);
    expect(session.apiUrl).toBe('/jmap/');
    expect(session.downloadUrl).toContain('{blobId}');
    expect(session.uploadUrl).toContain('{accountId}');
    expect(typeof session.state).toBe('string');
  });

  it('redirects /.well-known/jmap to the session URL (RFC 8620 §2.2)', async () => {
    const auth = { authorization: basic(alice.user, alice.pass) };
    const redirect = await fetch(cyrus.wellKnownUrl, { headers: auth, redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(cyrus.sessionUrl);
    const followed = await fetch(cyrus.wellKnownUrl, { headers: auth });
    expect(((await followed.json()) as Session).username).toBe(alice.user);
  });

  it('refuses a wrong password and a missing one with 401 and a Basic challenge', async () => {
    const wrong = await fetch(cyrus.sessionUrl, {
      headers: { authorization: basic(alice.user, `${alice.pass}x`) },
    });
    expect(wrong.status).toBe(401);
    const none = await fetch(cyrus.sessionUrl);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic\b/);
    const unknown = await fetch(cyrus.sessionUrl, {
      headers: { authorization: basic('mallory@buzon.test', alice.pass) },
    });
    expect(unknown.status).toBe(401);
  });

  it('lists the Inbox with role inbox and the special-use folders with their roles', async () => {
    const result = await call('Mailbox/get', { properties: ['name', 'role'] });
    const list = result.list as { name: string; role: string | null }[];
    expect(list.find((m) => m.role === 'inbox')?.name).toBe('Inbox');
    expect(list.map((m) => m.role).sort()).toEqual([
      'archive',
      'drafts',
      'inbox',
      'junk',
      'sent',
      'trash',
    ]);
  });

  it('finds a message delivered over LMTP with Email/query and Email/get, and Email/changes reports it', async () => {
    const before = await emailState();
    await cyrus.deliver(alice.user, await readFile(FIXTURE));
    const [query, get] = await api([
      ['Email/query', { accountId, sort: [{ property: 'receivedAt', isAscending: false }] }, 'q'],
      [
        'Email/get',
        {
          accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject', 'from', 'mailboxIds'],
        },
        'g',
      ],
    ]);
    const ids = query?.[1].ids as string[];
    expect(ids).toHaveLength(1);
    const [email] = get?.[1].list as {
      id: string;
      subject: string;
      from: { name: string; email: string }[];
      mailboxIds: Record<string, boolean>;
    }[];
    expect(email?.subject).toBe('Café con leche ☕');
    expect(email?.from).toEqual([{ name: 'José Núñez', email: 'jose@example.org' }]);
    const changes = await call('Email/changes', { sinceState: before });
    expect(changes.created).toEqual(ids);
    expect(changes.newState).not.toBe(before);
  });

  it('finds the delivered message by a word of its body once squatter has indexed it', async () => {
    // The rolling squatter indexes about a second after delivery: poll, do not sleep blindly.
    await expect
      .poll(async () => (await call('Email/query', { filter: { text: 'zanahoria' } })).ids, {
        timeout: 10_000,
        interval: 200,
      })
      .toHaveLength(1);
  });

  it('keeps the raw bytes: an uploaded message is imported and downloaded unchanged', async () => {
    const raw = await readFile(FIXTURE);
    const upload = await fetch(
      resolve(session.uploadUrl.replace('{accountId}', encodeURIComponent(accountId))),
      {
        method: 'POST',
        headers: { authorization: basic(alice.user, alice.pass), 'content-type': 'message/rfc822' },
        body: raw,
      },
    );
    expect(upload.status).toBe(201);
    const { blobId } = (await upload.json()) as { blobId: string };
    const inbox = (
      (await call('Mailbox/get', { properties: ['role'] })).list as { id: string; role: string }[]
    ).find((m) => m.role === 'inbox');
    const imported = await call('Email/import', {
      emails: { e: { blobId, mailboxIds: { [inbox?.id ?? '']: true } } },
    });
    expect(Object.keys(imported.created as object)).toEqual(['e']);
    const url = session.downloadUrl
      .replace('{accountId}', encodeURIComponent(accountId))
      .replace('{blobId}', blobId)
      .replace('{name}', 'message.eml')
      .replace('{type}', encodeURIComponent('message/rfc822'));
    const download = await fetch(resolve(url), {
      headers: { authorization: basic(alice.user, alice.pass) },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(raw)).toBe(true);
  });

  it("keeps accounts apart: bob sees none of alice's mail and cannot use her account", async () => {
    const bob = cyrus.users[1] ?? { user: '', pass: '' };
    const own = await call('Email/query', { accountId: bob.user }, bob);
    expect(own.total).toBe(0);
    const [[name, result] = ['', {}]] = await api([['Email/query', { accountId }, 'q']], bob);
    expect(name).toBe('error');
    expect(result).toMatchObject({ type: 'accountNotFound' });
  });

  it('sends a draft with EmailSubmission/set through the SMTP server it was given', async () => {
    const [identity] = (await call('Identity/get', {})).list as { id: string; email: string }[];
    expect(identity?.email).toBe(alice.user);
    const mailboxes = (await call('Mailbox/get', { properties: ['role'] })).list as {
      id: string;
      role: string;
    }[];
    const drafts = mailboxes.find((m) => m.role === 'drafts')?.id ?? '';
    const [created, submitted] = await api([
      [
        'Email/set',
        {
          accountId,
          create: {
            e: {
              mailboxIds: { [drafts]: true },
              keywords: { $draft: true },
              from: [{ email: alice.user }],
              to: [{ email: 'bob@buzon.test' }],
              subject: 'Enviado por JMAP',
              bodyValues: { b: { value: 'Hola, Bob.' } },
              textBody: [{ partId: 'b', type: 'text/plain' }],
            },
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        { accountId, create: { s: { identityId: identity?.id, emailId: '#e' } } },
        's',
      ],
    ]);
    expect(Object.keys(created?.[1].created as object)).toEqual(['e']);
    expect(submitted?.[0], JSON.stringify(submitted?.[1])).toBe('EmailSubmission/set');
    expect(Object.keys(submitted?.[1].created as object)).toEqual(['s']);
    const [sent] = sink.submissions;
    expect(sink.submissions).toHaveLength(1);
    expect(sent).toMatchObject({
      user: RELAY.user,
      mailFrom: alice.user,
      rcptTo: ['bob@buzon.test'],
    });
    expect(sent?.raw.toString('utf8')).toContain('Subject: Enviado por JMAP');
  });

  it('advertises an eventSourceUrl but answers it 204 No Content: no push in Debian Cyrus 3.6', async () => {
    expect(session.eventSourceUrl).toContain('{types}');
    const url = session.eventSourceUrl
      .replace('{types}', '*')
      .replace('{closeafter}', 'no')
      .replace('{ping}', '0');
    const response = await fetch(resolve(url), {
      headers: { authorization: basic(alice.user, alice.pass), accept: 'text/event-stream' },
    });
    expect(response.status).toBe(204);
  });
});
