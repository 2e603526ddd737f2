// Push for mailboxes shared with the user (SHARED-2/3, ADR 0011 § Shared mailboxes, ADR
// 0013) against a real Dovecot: once Alice shares her mailbox with Bob, Bob's event stream
// carries StateChange events for Alice's shared account — the facade's own states, which
// /changes on that account accepts — for a delivery to her INBOX and a change in another of
// her folders. A stream opened before the share gets them too once Bob's app has fetched
// its Session. When Alice stops sharing, nothing more is pushed for that account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import type { TypeState } from '../../src/protocol/jmap-core.js';
import { cookiePair, send, jmapRequest, type Call } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';
import { nextStateChange, openSse, type Changed } from './support/sse.js';

/** Dovecot reports ~0.5 s late; generous for a loaded 2-core machine. Not a latency bound. */
const EVENT_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 30_000;

const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const SHARE = 'urn:buzon:params:jmap:share';

let counter = 0;
const message = (to: string, subject: string) =>
  [
    'From: Ana <ana@example.test>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <push-shared${++counter}@example.test>`,
    '',
    `${subject}.`,
    '',
  ].join('\r\n');

interface Stream {
  status: number;
  /** The `changed` map of the next `state` event (pings are skipped). */
  nextState(): Promise<Changed>;
  close(): void;
}

let account: JmapAccount;
let alice: ImapFlow;
let bobCookie: string;
let bobAccount: string;
let sharedId: string;
/** Bob's stream opened before Alice shared anything. */
let early: Stream;

/** Bob's event stream (the app's: every type, no close, no pings). */
async function openStream(cookie: string): Promise<Stream> {
  const sse = await openSse(
    `${account.buzon.origin}/jmap/eventsource?types=*&closeafter=no&ping=0`,
    {
      Cookie: cookie,
    },
  );
  return {
    status: sse.status,
    nextState: () => nextStateChange(sse, EVENT_TIMEOUT_MS),
    close: () => sse.close(),
  };
}

/** Reads state events until one names `accountId`; returns it and every event before it. */
async function stateFor(
  stream: Stream,
  accountId: string,
): Promise<{ seen: Changed[]; for: TypeState }> {
  const seen: Changed[] = [];
  for (;;) {
    const changed = await stream.nextState();
    seen.push(changed);
    const types = changed[accountId];
    if (types) return { seen, for: types };
  }
}

/** The Email state of the next event for the shared account whose state is not `after`. */
async function nextEmailState(stream: Stream, after: string): Promise<string> {
  for (;;) {
    const pushed = (await stateFor(stream, sharedId)).for['Email'];
    if (pushed !== undefined && pushed !== after) return pushed;
  }
}

function call(cookie: string, calls: unknown[], using = USING): Promise<Record<string, Call>> {
  return jmapRequest(account.buzon.origin, cookie, calls, using);
}

/** What Bob's app does before it opens its stream: fetch the Session (which finds new shares). */
async function bobSession(): Promise<Record<string, { name: string; isPersonal: boolean }>> {
  const reply = await send(account.buzon.origin, 'GET', '/jmap/session', {
    headers: { Cookie: bobCookie },
  });
  expect(reply.status).toBe(200);
  return (reply.json as { accounts: Record<string, { name: string; isPersonal: boolean }> })
    .accounts;
}

async function sharedState(): Promise<string> {
  const { e } = await call(bobCookie, [['Email/get', { accountId: sharedId, ids: [] }, 'e']]);
  expect(e?.[0]).toBe('Email/get');
  return e?.[1]['state'] as string;
}

beforeAll(async () => {
  account = await startJmapAccount([message(ALICE.user, 'Hola')]);
  alice = await account.imapClient();
  const login = await send(account.buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: BOB.user, password: BOB.pass },
  });
  bobCookie = cookiePair(login);
  const accounts = await bobSession();
  bobAccount = Object.entries(accounts).find(([, a]) => a.isPersonal)?.[0] ?? '';
  early = await openStream(bobCookie);
}, START_TIMEOUT_MS);

afterAll(async () => {
  early?.close();
  await account?.stop();
});

describe('push for shared mailboxes', { timeout: TEST_TIMEOUT_MS }, () => {
  it('SHARED-2 push: a delivery to Alice’s INBOX reaches Bob’s streams as a StateChange for her shared account, a state /changes accepts', async () => {
    const { s } = await call(
      account.cookie,
      [['Share/set', { accountId: account.accountId, create: { b: { address: BOB.user } } }, 's']],
      [...USING, SHARE],
    );
    expect(s?.[1]['created']).toBeTruthy();
    const accounts = await bobSession();
    sharedId = Object.entries(accounts).find(([, a]) => a.name === ALICE.user)?.[0] ?? '';
    expect(sharedId).not.toBe('');
    const before = await sharedState();
    const stream = await openStream(bobCookie);
    expect(stream.status).toBe(200);

    await account.dovecot.deliver(ALICE.user, message(ALICE.user, 'Para los dos'));
    const pushed = await stateFor(stream, sharedId);
    stream.close();
    expect(Object.keys(pushed.for).sort()).toEqual(['Email', 'Mailbox', 'Thread']);
    // The stream opened before the share gets the same event.
    expect((await stateFor(early, sharedId)).for).toEqual(pushed.for);

    const { c, q } = await call(bobCookie, [
      ['Email/changes', { accountId: sharedId, sinceState: before }, 'c'],
      ['Email/query', { accountId: sharedId, filter: {} }, 'q'],
    ]);
    expect(c?.[1]['newState']).toBe(pushed.for['Email']);
    expect(c?.[1]['created']).toEqual([(q?.[1]['ids'] as string[])[0]]);
    const { n, m } = await call(bobCookie, [
      ['Email/changes', { accountId: sharedId, sinceState: pushed.for['Email'] }, 'n'],
      ['Mailbox/get', { accountId: sharedId, ids: null }, 'm'],
    ]);
    expect(n?.[1]).toMatchObject({ oldState: pushed.for['Email'], created: [], updated: [] });
    expect(m?.[1]['state']).toBe(pushed.for['Mailbox']);
  });

  it('SHARED-2 push: a message Alice files and flags in another of her folders is pushed for the shared account', async () => {
    const initial = await sharedState();
    await alice.append('Archive', message(ALICE.user, 'Archivado'));
    const lock = await alice.getMailboxLock('Archive');
    try {
      await alice.messageFlagsAdd('1:*', ['\\Flagged']);
    } finally {
      lock.release();
    }
    // Events come per burst Dovecot reports: read until one carries the facade's state now.
    let pushed = await nextEmailState(early, initial);
    while (pushed !== (await sharedState())) pushed = await nextEmailState(early, pushed);
    const { c, g } = await call(bobCookie, [
      ['Email/changes', { accountId: sharedId, sinceState: initial }, 'c'],
      [
        'Email/get',
        {
          accountId: sharedId,
          '#ids': { resultOf: 'c', name: 'Email/changes', path: '/created' },
          properties: ['subject', 'keywords'],
        },
        'g',
      ],
    ]);
    expect(c?.[1]['newState']).toBe(pushed);
    expect(g?.[1]['list']).toEqual([
      expect.objectContaining({ subject: 'Archivado', keywords: { $flagged: true } }),
    ]);
  });

  it('SHARED-3 push: once Alice stops sharing, nothing more is pushed for her account', async () => {
    const { g } = await call(
      account.cookie,
      [['Share/get', { accountId: account.accountId }, 'g']],
      [...USING, SHARE],
    );
    const ids = (g?.[1]['list'] as { id: string }[]).map((share) => share.id);
    const { s } = await call(
      account.cookie,
      [['Share/set', { accountId: account.accountId, destroy: ids }, 's']],
      [...USING, SHARE],
    );
    expect(s?.[1]['destroyed']).toEqual(ids);

    // Alice's mail keeps changing; Bob's own delivery afterwards marks the end of what
    // the stream could have carried for her account.
    await account.dovecot.deliver(ALICE.user, message(ALICE.user, 'Ya no compartido'));
    await alice.append('Archive', message(ALICE.user, 'Tampoco'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await account.dovecot.deliver(BOB.user, message(BOB.user, 'Solo para Bob'));
    const { seen } = await stateFor(early, bobAccount);
    expect(seen.filter((changed) => changed[sharedId] !== undefined)).toEqual([]);
    // The facade agrees: the account is gone for Bob.
    const { e } = await call(bobCookie, [['Email/get', { accountId: sharedId, ids: [] }, 'e']]);
    expect(e?.[1]['type']).toBe('accountNotFound');
  });
});
