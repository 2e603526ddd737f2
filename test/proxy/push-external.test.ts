// Push follows the user's list of other IMAP accounts (EXTERNAL-2, ADR 0016 § Push, ADR
// 0011) while an event stream stays open, against a real Dovecot and the real proxy over
// HTTP. Alice adds Bob's account (another user of the same Dovecot) through the accounts
// API as the app does: after her next JMAP request, a delivery to Bob's INBOX reaches the
// stream she opened before, as a StateChange of her own account — no reconnect. Once she
// removes it, Bob's mail is pushed no more while hers still is. Carol adds Dave's account
// on another device (a second sign-in): her first device's open stream follows it after a
// JMAP request of its own, once that session re-reads the list (UPSTREAMS_FRESH_MS).
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypeState } from '../../src/protocol/jmap-core.js';
import { UPSTREAMS_FRESH_MS } from '../../src/proxy/external/upstreams.js';
import { DEFAULT_USERS, startDovecot } from '../support/dovecot/index.js';
import type { DovecotInstance } from '../support/dovecot/index.js';
import { cookiePair, dovecotProvider, jmapRequest, send, startBuzon } from './support/buzon.js';
import type { Call, RunningBuzon } from './support/buzon.js';
import { ALICE, USING } from './support/jmap-account.js';
import { nextStateChange, openSse, type Changed } from './support/sse.js';

/** Dovecot reports ~0.5 s late; generous for a loaded 2-core machine. Not a latency bound. */
const EVENT_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 30_000;
/** Another session's list is trusted this long; generous on top for a loaded machine. */
const OTHER_DEVICE_WAIT_MS = UPSTREAMS_FRESH_MS + 30_000;
/** Between JMAP requests while waiting for the list to be re-read: light on the server. */
const POLL_MS = 1_000;

interface Who {
  user: string;
  pass: string;
}
const BOB: Who = { user: 'bob@buzon.test', pass: 'bob-secret' };
const CAROL: Who = { user: 'carol@buzon.test', pass: 'carol-secret' };
const DAVE: Who = { user: 'dave@buzon.test', pass: 'dave-secret' };

interface Stream {
  /** The `changed` map of the next `state` event (pings and comments skipped). */
  nextState(): Promise<Changed>;
  close(): void;
}
/** A signed-in browser: its cookie, its JMAP account id and its event stream if open. */
interface Device {
  cookie: string;
  accountId: string;
  stream?: Stream;
}

let dovecot: DovecotInstance;
let buzon: RunningBuzon;
let alice: Device;
let carol: Device;
let carolElsewhere: Device;
let bobAccount = '';

let counter = 0;
const message = (to: string, subject: string) =>
  [
    'From: Ana <ana@example.test>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <push-external${++counter}@example.test>`,
    '',
    `${subject}.`,
    '',
  ].join('\r\n');

/** The app's event stream (RFC 8620 §7.3): every type, no close, no pings. */
async function openStream(cookie: string): Promise<Stream> {
  const sse = await openSse(`${buzon.origin}/jmap/eventsource?types=*&closeafter=no&ping=0`, {
    Cookie: cookie,
  });
  expect(sse.status).toBe(200);
  return {
    nextState: () => nextStateChange(sse, EVENT_TIMEOUT_MS),
    close: () => sse.close(),
  };
}

async function signIn(who: Who): Promise<Device> {
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: who.user, password: who.pass },
  });
  const cookie = cookiePair(login);
  // The app fetches its Session first, then opens its stream.
  const session = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
  const accountId =
    (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
      'urn:ietf:params:jmap:mail'
    ] ?? '';
  return { cookie, accountId };
}

/** Reads state events until one names `device`'s account; returns that account's types. */
async function nextChangeOf(device: Device): Promise<TypeState> {
  const stream = device.stream;
  if (!stream) throw new Error('no stream open');
  for (;;) {
    const types = (await stream.nextState())[device.accountId];
    if (types) return types;
  }
}

/** The part of a composite Email state (ADR 0016: `<own>~<account>:<tag>:<state>…`) of one account. */
function partOf(composite: string, account: string): string | undefined {
  const part = composite.split('~').find((p) => p.startsWith(`${account}:`));
  return part?.split(':')[2];
}

/**
 * Reads state events until one carries the Email state of `device`'s account as a request
 * sees it now — composite, with the other account's part (ADR 0016) — after a change of
 * that account's part since `before`. Events of the user's own server are skipped:
 * adding an account writes its METADATA, which moves the own state too (Dovecot keeps
 * that entry with INBOX, whose HIGHESTMODSEQ it bumps).
 */
async function changeFrom(device: Device, account: string, before: string): Promise<TypeState> {
  const now = (await look(device)).state;
  expect(partOf(now, account)).toBeDefined();
  expect(partOf(now, account)).not.toBe(partOf(before, account));
  for (;;) {
    const types = await nextChangeOf(device);
    if (types['Email'] === now) return types;
  }
}

/** Folder names and the Email state of `device`'s account, as one JMAP request sees them. */
async function look(device: Device): Promise<{ folders: string[]; state: string }> {
  const { m, e } = await jmapRequest(
    buzon.origin,
    device.cookie,
    [
      ['Mailbox/get', { accountId: device.accountId, ids: null, properties: ['name'] }, 'm'],
      ['Email/get', { accountId: device.accountId, ids: [] }, 'e'],
    ],
    USING,
  );
  const list = (m?.[1]['list'] ?? []) as { name: string }[];
  return { folders: list.map((b) => b.name), state: e?.[1]['state'] as string };
}

/** The subjects of the messages `/changes` reports created since `sinceState`. */
async function createdSince(device: Device, sinceState: string): Promise<string[]> {
  const calls: Call[] = [
    ['Email/changes', { accountId: device.accountId, sinceState }, 'c'],
    [
      'Email/get',
      {
        accountId: device.accountId,
        '#ids': { resultOf: 'c', name: 'Email/changes', path: '/created' },
        properties: ['subject'],
      },
      'g',
    ],
  ];
  const { g } = await jmapRequest(buzon.origin, device.cookie, calls, USING);
  return ((g?.[1]['list'] ?? []) as { subject: string }[]).map((e) => e.subject);
}

async function addAccount(device: Device, who: Who): Promise<string> {
  const reply = await send(buzon.origin, 'POST', '/imap-accounts', {
    headers: { Cookie: device.cookie },
    body: { address: who.user, providerId: 'test', username: who.user, password: who.pass },
  });
  expect(reply.status, reply.text).toBe(201);
  return (reply.json as { account: { id: string } }).account.id;
}

/** IMAP connections a user has open on Dovecot now, from its log (logins minus disconnects). */
function connectionsOf(who: Who): number {
  const log = readFileSync(dovecot.logFile, 'utf8');
  const name = who.user.replace(/[.@]/g, (c) => `\\${c}`);
  const logins = log.match(new RegExp(`imap-login: Info: Login: user=<${name}>`, 'g'));
  const gone = log.match(new RegExp(`imap\\(${name}\\)<[^>]*><[^>]*>: Info: Disconnected`, 'g'));
  return (logins?.length ?? 0) - (gone?.length ?? 0);
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Opens every folder's status once, as any mail client of that account would have: a
 * fresh Dovecot user's auto-created folders get their UIDVALIDITY when first looked at,
 * and two first looks at once (the account's connection and its watcher's) can see two
 * different ones, which /changes rightly answers with cannotCalculateChanges.
 */
async function lookedAtBefore(who: Who): Promise<void> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: who.user, pass: who.pass },
    logger: false,
  });
  await client.connect();
  try {
    await client.list({ statusQuery: { messages: true, uidValidity: true } });
  } finally {
    await client.logout().catch(() => client.close());
  }
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [...DEFAULT_USERS, DAVE] });
  await lookedAtBefore(BOB);
  await lookedAtBefore(DAVE);
  buzon = await startBuzon({ providers: [dovecotProvider(dovecot)] });
  alice = await signIn(ALICE);
  alice.stream = await openStream(alice.cookie);
  // Carol's first device opens its stream now; the list it read then is what it trusts
  // until UPSTREAMS_FRESH_MS have passed (the last test waits out the rest).
  carol = await signIn(CAROL);
  carol.stream = await openStream(carol.cookie);
  carolElsewhere = await signIn(CAROL);
}, START_TIMEOUT_MS);

afterAll(async () => {
  alice?.stream?.close();
  carol?.stream?.close();
  await buzon?.stop();
  await dovecot?.stop();
});

describe('EXTERNAL-2 push follows the list of other IMAP accounts', () => {
  it(
    'EXTERNAL-2 push: an account added while the stream is open is watched after the next JMAP request, on the same stream',
    async () => {
      bobAccount = await addAccount(alice, BOB);
      // The app's sync after the change: its folder is there, and this request is what
      // makes the open stream follow the new list.
      const before = await look(alice);
      expect(before.folders).toContain(BOB.user);

      await dovecot.deliver(BOB.user, message(BOB.user, 'Para la otra cuenta'));
      const changed = await changeFrom(alice, bobAccount, before.state);
      expect(Object.keys(changed).sort()).toEqual(['Email', 'Mailbox', 'Thread']);
      // What the client's sync on receipt finds: the message delivered to Bob.
      expect(await createdSince(alice, before.state)).toEqual(['Para la otra cuenta']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 push: once the account is removed (and a JMAP request), its mail is pushed no more while the user’s own still is',
    async () => {
      const removed = await send(buzon.origin, 'POST', '/imap-accounts/delete', {
        headers: { Cookie: alice.cookie },
        body: { id: bobAccount },
      });
      expect(removed.status, removed.text).toBe(204);
      expect((await look(alice)).folders).not.toContain(BOB.user);
      // Nothing watches Bob's server any more: his connections (the account's and its
      // watcher's) are logged out.
      await until(() => connectionsOf(BOB) === 0, 'Bob’s connections closing', EVENT_TIMEOUT_MS);

      // Whatever the stream still held from before ends with the event of this delivery.
      await dovecot.deliver(ALICE.user, message(ALICE.user, 'Marca'));
      const marked = (await look(alice)).state;
      while ((await nextChangeOf(alice))['Email'] !== marked);

      // Bob's delivery first; two of Alice's after it bound what the stream could carry.
      await dovecot.deliver(BOB.user, message(BOB.user, 'Ya no vigilada'));
      const pushed: (string | undefined)[] = [];
      const own: string[] = [];
      for (const subject of ['Propio 1', 'Propio 2']) {
        await dovecot.deliver(ALICE.user, message(ALICE.user, subject));
        const state = (await look(alice)).state;
        own.push(state);
        while (pushed.at(-1) !== state) pushed.push((await nextChangeOf(alice))['Email']);
      }
      // Every event carried Alice's own states: none came from Bob's delivery.
      expect(pushed.filter((state) => state === undefined || !own.includes(state))).toEqual([]);
      expect(await createdSince(alice, marked)).toEqual(['Propio 1', 'Propio 2']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 push: an account added on another device is followed by the open stream after this device’s next JMAP request',
    async () => {
      const dave = await addAccount(carolElsewhere, DAVE);
      // Carol's first device syncs now and then; once its session re-reads the list, the
      // folder shows and the same request makes the stream watch Dave's server.
      let seen = await look(carol);
      await until(
        async () => (seen = await look(carol)).folders.includes(DAVE.user),
        'the account reaching the first device',
        OTHER_DEVICE_WAIT_MS,
      );

      await dovecot.deliver(DAVE.user, message(DAVE.user, 'Desde el otro dispositivo'));
      const changed = await changeFrom(carol, dave, seen.state);
      expect(Object.keys(changed).sort()).toEqual(['Email', 'Mailbox', 'Thread']);
      expect(await createdSince(carol, seen.state)).toEqual(['Desde el otro dispositivo']);
    },
    OTHER_DEVICE_WAIT_MS + TEST_TIMEOUT_MS,
  );
});
