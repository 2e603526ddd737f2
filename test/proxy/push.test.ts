// JMAP push (RFC 8620 §7.3) from the IMAP facade against a real Dovecot: deliveries and
// other devices' changes reach the event stream as StateChange events whose states are
// the facade's own (so /changes accepts them), filtered by `types`, with pings, long
// polling, a per-session cap, and no IMAP connection left behind (ADR 0011).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { MIN_PING_SECONDS } from '../../src/protocol/limits.js';
import { MAX_STREAMS_PER_SESSION } from '../../src/proxy/push/hub.js';
import { AccountWatcher } from '../../src/proxy/push/watcher.js';
import type { TypeState } from '../../src/protocol/jmap-core.js';
import { cookiePair, dovecotProvider, send } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';
import { openSse, type SseStream } from './support/sse.js';

/** Dovecot reports ~0.5 s late; generous for a loaded 2-core machine. Not a latency bound. */
const EVENT_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 30_000;

let counter = 0;
const message = (subject: string) =>
  [
    'From: Ana <ana@example.test>',
    'To: alice@buzon.test',
    `Subject: ${subject}`,
    `Message-ID: <push${++counter}@example.test>`,
    '',
    `${subject}.`,
    '',
  ].join('\r\n');

type Call = [string, Record<string, unknown>, string];
type Stream = SseStream;

let account: JmapAccount;
let other: ImapFlow;
let pingStream: Stream;

function openStream(query: string, cookie: string | null = account.cookie): Promise<Stream> {
  return openSse(
    `${account.buzon.origin}/jmap/eventsource?${query}`,
    cookie ? { Cookie: cookie } : {},
  );
}

/** The `changed` types of the next `state` event for Alice's account. */
async function nextChange(stream: Stream): Promise<TypeState> {
  const event = await stream.next(EVENT_TIMEOUT_MS);
  if (event === 'end') throw new Error('the stream ended');
  expect(event.event).toBe('state');
  expect(event.data['@type']).toBe('StateChange');
  return (event.data['changed'] as Record<string, TypeState>)[account.accountId] ?? {};
}

async function call(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const reply = await send(account.buzon.origin, 'POST', '/jmap', {
    body: { using: USING, methodCalls: [[name, { accountId: account.accountId, ...args }, 'c']] },
    headers: { Cookie: account.cookie },
  });
  const [response] = (reply.json as { methodResponses: Call[] }).methodResponses;
  expect(response?.[0]).toBe(name);
  return response?.[1] ?? {};
}

/** Alice's IMAP connections open on Dovecot now, from its log (logins minus disconnects). */
function aliceConnections(): number {
  const log = readFileSync(account.dovecot.logFile, 'utf8');
  const logins = log.match(/imap-login: Info: Login: user=<alice@buzon\.test>/g)?.length ?? 0;
  const gone = log.match(/imap\(alice@buzon\.test\)<[^>]*><[^>]*>: Info: Disconnected/g);
  return logins - (gone?.length ?? 0);
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + EVENT_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  account = await startJmapAccount([message('Hola')]);
  other = await account.imapClient();
  // A second sign-in, whose stream only pings: checked by the last test, after enough
  // quiet seconds have passed for the server's minimum interval.
  const login = await send(account.buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  pingStream = await openStream('types=EmailSubmission&closeafter=no&ping=1', cookiePair(login));
}, START_TIMEOUT_MS);

afterAll(async () => {
  pingStream?.close();
  await account?.stop();
});

describe('push: the event source (RFC 8620 §7.3)', { timeout: TEST_TIMEOUT_MS }, () => {
  it('push: without the session cookie the event source answers 401 problem JSON', async () => {
    const stream = await openStream('types=*&closeafter=no&ping=0', null);
    expect(stream.status).toBe(401);
    expect(stream.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(await stream.text())).toMatchObject({ type: 'urn:buzon:error:notSignedIn' });
  });

  it('push: a delivery over LMTP reaches the event stream as a StateChange within a couple of seconds', async () => {
    const before = (await call('Email/get', { ids: [] }))['state'] as string;
    const stream = await openStream('types=*&closeafter=no&ping=0');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-store');
    await account.dovecot.deliver(ALICE.user, message('Nuevo'));
    const changed = await nextChange(stream);
    stream.close();
    expect(changed['Email']).not.toBe(before);
    // The pushed states are the facade's: /changes from before ends exactly there, with
    // the new message, and accepts the pushed state as its next sinceState.
    const changes = await call('Email/changes', { sinceState: before });
    expect(changes['newState']).toBe(changed['Email']);
    const inbox = (await call('Email/query', { filter: {} }))['ids'] as string[];
    expect(changes['created']).toEqual([inbox[0]]);
    const next = await call('Email/changes', { sinceState: changed['Email'] });
    expect(next).toMatchObject({ oldState: changed['Email'], created: [], updated: [] });
    expect((await call('Mailbox/get', { ids: null }))['state']).toBe(changed['Mailbox']);
  });

  it('push: a flag set by another IMAP client is pushed as a new Email state listing the message as updated', async () => {
    const before = (await call('Email/get', { ids: [] }))['state'] as string;
    const stream = await openStream('types=*&closeafter=no&ping=0');
    await other.mailboxOpen('INBOX');
    await other.messageFlagsAdd('1', ['\\Flagged']);
    const changed = await nextChange(stream);
    stream.close();
    const changes = await call('Email/changes', { sinceState: before });
    expect(changes['newState']).toBe(changed['Email']);
    expect(changes['updated']).toHaveLength(1);
  });

  it('push: a folder created by another client changes the Mailbox state', async () => {
    const before = (await call('Mailbox/get', { ids: null }))['state'] as string;
    const stream = await openStream('types=Mailbox&closeafter=no&ping=0');
    await other.mailboxCreate('Proyectos');
    const changed = await nextChange(stream);
    stream.close();
    const changes = await call('Mailbox/changes', { sinceState: before });
    expect(changes['newState']).toBe(changed['Mailbox']);
    const list = (await call('Mailbox/get', { ids: null }))['list'] as {
      id: string;
      name: string;
    }[];
    expect(changes['created']).toEqual([list.find((m) => m.name === 'Proyectos')?.id]);
  });

  it('push: types=Mailbox gets only Mailbox states, even for a delivery', async () => {
    const stream = await openStream('types=Mailbox&closeafter=no&ping=0');
    await account.dovecot.deliver(ALICE.user, message('Solo carpetas'));
    const changed = await nextChange(stream);
    stream.close();
    expect(Object.keys(changed)).toEqual(['Mailbox']);
  });

  it('push: nothing is pushed when what a client sees did not change', async () => {
    const stream = await openStream('types=*&closeafter=no&ping=0');
    // Read-only work by another device: no state moves, so no event may follow it.
    await other.mailboxOpen('INBOX', { readOnly: true });
    for await (const msg of other.fetch('1:*', { source: true, flags: true })) void msg;
    await other.status('Sent', { messages: true });
    await account.dovecot.deliver(ALICE.user, message('Después'));
    const changed = await nextChange(stream);
    stream.close();
    // The first event is the delivery's: its state is the facade's state after it.
    expect(changed['Email']).toBe((await call('Email/get', { ids: [] }))['state']);
  });

  it('push: closeafter=state ends the response after the first state event', async () => {
    const stream = await openStream('types=Email&closeafter=state&ping=0');
    await account.dovecot.deliver(ALICE.user, message('Sondeo largo'));
    expect(Object.keys(await nextChange(stream))).toEqual(['Email']);
    expect(await stream.next(EVENT_TIMEOUT_MS)).toBe('end');
  });

  it(`push: one sign-in holds at most ${MAX_STREAMS_PER_SESSION} streams (429 beyond), sharing one IMAP connection that closes with the last stream`, async () => {
    // Every earlier stream is closed, so only the facade's pooled connection and the
    // "other device" remain once their watchers have logged out.
    const baseline = 2;
    await until(() => aliceConnections() === baseline, 'earlier watchers logging out');
    const streams: Stream[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_SESSION; i++) {
      streams.push(await openStream('types=*&closeafter=no&ping=0'));
    }
    expect(streams.map((s) => s.status)).toEqual(streams.map(() => 200));
    await until(() => aliceConnections() === baseline + 1, 'the watcher connection');
    const refused = await openStream('types=*&closeafter=no&ping=0');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    for (const stream of streams) stream.close();
    await until(() => aliceConnections() === baseline, 'the watcher logging out');
    // The place is free again.
    const again = await openStream('types=*&closeafter=no&ping=0');
    expect(again.status).toBe(200);
    again.close();
    await until(() => aliceConnections() === baseline, 'the watcher logging out again');
  });

  it('push without NOTIFY: IDLE on INBOX reports a delivery (the fallback)', async () => {
    const seen: TypeState[] = [];
    const watcher = new AccountWatcher(
      {
        sessionId: 'fallback',
        username: ALICE.user,
        password: ALICE.pass,
        provider: dovecotProvider(account.dovecot),
      },
      { changed: (changed) => seen.push(changed), failed: () => undefined },
      { info: () => undefined, warn: () => undefined },
      { preferIdle: true },
    );
    await watcher.start();
    expect(watcher.mode).toBe('idle');
    await account.dovecot.deliver(ALICE.user, message('Sin NOTIFY'));
    await until(() => seen.length > 0, 'the IDLE-driven change');
    watcher.close();
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(['Email', 'Mailbox', 'Thread']);
  });

  it(`push: a quiet stream gets ping events carrying the interval in use (ping=1 is raised to ${MIN_PING_SECONDS} s)`, async () => {
    const event = await pingStream.next((MIN_PING_SECONDS + 10) * 1000);
    expect(event).toEqual({ event: 'ping', data: { interval: MIN_PING_SECONDS } });
  });

  it('push: no password or cookie reaches the log', () => {
    const logs = account.buzon.logs.join('\n');
    expect(logs).not.toContain(ALICE.pass);
    expect(logs).not.toContain(account.cookie.split('=')[1] ?? account.cookie);
  });
});
