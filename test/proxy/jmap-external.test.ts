// The user's other IMAP accounts inside their own mailbox (EXTERNAL-2, ADR 0016), against
// a real Dovecot: Bob's account on the same server plays "another provider". Alice's
// list holds it (sealed in her METADATA, as the accounts API stores it); every mail method
// of her account then spans both servers, and Bob's own IMAP client checks what his
// server really holds.
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeImapAccounts } from '../../src/proxy/external/model.js';
import { IMAP_ACCOUNTS_ENTRY } from '../../src/proxy/external/store.js';
import { setMetadata } from '../../src/proxy/pop3/metadata.js';
import { sealPassword } from '../../src/proxy/security/stored-password.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot/index.js';
import {
  cookiePair,
  dovecotProvider,
  jmapRequest,
  send,
  startBuzon,
  type Call,
  type RunningBuzon,
} from './support/buzon.js';
import { ALICE, USING } from './support/jmap-account.js';

const TEST_TIMEOUT_MS = 20_000;
const START_TIMEOUT_MS = 30_000;
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const BOB_ACCOUNT = 'xb0b001';
/** Dovecot tells IDLE/NOTIFY about a delivery ~0.5 s late; generous on a loaded machine. */
const PUSH_WAIT_MS = 10_000;

type Mailbox = { id: string; name: string; role: string | null; parentId: string | null };
type Email = {
  id: string;
  subject: string;
  mailboxIds: Record<string, true>;
  keywords: Record<string, true>;
};

let dovecot: DovecotInstance;
let buzon: RunningBuzon;
let cookie: string;
let accountId: string;
let bob: ImapFlow;
let serial = 0;

function message(to: string, subject: string, date: string): string {
  serial++;
  return [
    'From: Carla <carla@example.test>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <external-${serial}@example.test>`,
    '',
    `Body of ${subject}.`,
    '',
  ].join('\r\n');
}

const BLOB = 'urn:ietf:params:jmap:blob';
const call = (methodCalls: unknown[]): Promise<Record<string, Call>> =>
  jmapRequest(buzon.origin, cookie, methodCalls, [...USING, BLOB]);

async function one(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { r } = await call([[name, { accountId, ...args }, 'r']]);
  if (r?.[0] !== name) throw new Error(`${name} answered ${JSON.stringify(r)}`);
  return r[1];
}

async function mailboxes(): Promise<Mailbox[]> {
  return (await one('Mailbox/get', { ids: null }))['list'] as Mailbox[];
}

async function emails(ids: string[]): Promise<Email[]> {
  return (await one('Email/get', { ids, properties: ['id', 'subject', 'mailboxIds', 'keywords'] }))[
    'list'
  ] as Email[];
}

async function allIds(): Promise<string[]> {
  return (await one('Email/query', { sort: [{ property: 'receivedAt', isAscending: false }] }))[
    'ids'
  ] as string[];
}

/** Bob's server as he sees it: folder → subjects. */
async function bobHolds(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const box of await bob.list()) {
    const lock = await bob.getMailboxLock(box.path);
    try {
      await bob.noop();
      const subjects: string[] = [];
      for await (const m of bob.fetch('1:*', { envelope: true }))
        subjects.push(m.envelope?.subject ?? '');
      out[box.path] = subjects.sort();
    } catch {
      out[box.path] = [];
    } finally {
      lock.release();
    }
  }
  return out;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  const secret = randomBytes(32);
  buzon = await startBuzon({ providers: [dovecotProvider(dovecot)], secret });
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  cookie = cookiePair(login);
  const session = await send(buzon.origin, 'GET', '/jmap/session', { headers: { Cookie: cookie } });
  accountId =
    (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
      'urn:ietf:params:jmap:mail'
    ] ?? '';
  // Alice's list of other accounts, as the accounts API writes it.
  const alice = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: { user: ALICE.user, pass: ALICE.pass },
    logger: false,
  });
  await alice.connect();
  // Appended with their dates as INTERNALDATE, so "newest first" across servers is decided.
  for (const [subject, date] of [
    ['Alice old', '2026-03-02T08:00:00Z'],
    ['Alice new', '2026-03-06T08:00:00Z'],
  ] as const) {
    await alice.append(
      'INBOX',
      message(ALICE.user, subject, new Date(date).toUTCString()),
      [],
      new Date(date),
    );
  }
  await setMetadata(
    alice,
    IMAP_ACCOUNTS_ENTRY,
    serializeImapAccounts([
      {
        id: BOB_ACCOUNT,
        address: 'bob@buzon.test',
        providerId: 'test',
        server: null,
        smtp: null,
        username: BOB.user,
        password: sealPassword(BOB.pass, secret, accountId, BOB_ACCOUNT, 'imap'),
      },
    ]),
  );
  await alice.logout();
  bob = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: { user: BOB.user, pass: BOB.pass },
    logger: false,
  });
  await bob.connect();
  for (const [subject, date] of [
    ['Bob middle', '2026-03-04T08:00:00Z'],
    ['Bob newest', '2026-03-07T08:00:00Z'],
  ] as const) {
    await bob.append(
      'INBOX',
      message(BOB.user, subject, new Date(date).toUTCString()),
      [],
      new Date(date),
    );
  }
}, START_TIMEOUT_MS);

afterAll(async () => {
  await bob?.logout().catch(() => undefined);
  await buzon?.stop();
  await dovecot?.stop();
});

describe('EXTERNAL-2 another IMAP account inside the mailbox', () => {
  it(
    'EXTERNAL-2 shows the account as a top-level folder named by its address, its folders inside',
    async () => {
      const list = await mailboxes();
      const own = list.filter((m) => !m.id.startsWith('x'));
      expect(own.find((m) => m.role === 'inbox')?.name).toBe('INBOX');
      const top = list.find((m) => m.id === BOB_ACCOUNT);
      expect(top).toMatchObject({ name: 'bob@buzon.test', parentId: null, role: null });
      const inside = list.filter((m) => m.parentId === BOB_ACCOUNT);
      expect(inside.map((m) => m.name)).toContain('INBOX');
      // Roles stay the user's own: one Inbox, one Trash in the mailbox.
      expect(list.filter((m) => m.role === 'inbox')).toHaveLength(1);
      expect(inside.every((m) => m.role === null && m.id.startsWith(`${BOB_ACCOUNT}-`))).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 lists both accounts’ mail newest first, and one folder of the other account alone',
    async () => {
      const ids = await allIds();
      const got = await emails(ids);
      expect(got.map((e) => e.subject)).toEqual([
        'Bob newest',
        'Alice new',
        'Bob middle',
        'Alice old',
      ]);
      const bobInbox = (await mailboxes()).find(
        (m) => m.parentId === BOB_ACCOUNT && m.name === 'INBOX',
      ) as Mailbox;
      const inBob = (await one('Email/query', { filter: { inMailbox: bobInbox.id } }))[
        'ids'
      ] as string[];
      const bobMail = await emails(inBob);
      expect(bobMail.map((e) => e.subject)).toEqual(['Bob newest', 'Bob middle']);
      expect(bobMail.every((e) => Object.keys(e.mailboxIds)[0] === bobInbox.id)).toBe(true);
      // The account's own folder holds nothing itself.
      expect((await one('Email/query', { filter: { inMailbox: BOB_ACCOUNT } }))['ids']).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 a flag set on the other account’s message reaches its server; /changes reports deliveries there',
    async () => {
      const state = (await one('Email/get', { ids: [] }))['state'] as string;
      const target = (await emails(await allIds())).find(
        (e) => e.subject === 'Bob middle',
      ) as Email;
      const set = await one('Email/set', {
        update: { [target.id]: { 'keywords/$flagged': true } },
      });
      expect(set['updated']).toEqual({ [target.id]: null });
      const lock = await bob.getMailboxLock('INBOX');
      try {
        await bob.noop();
        const flagged = await bob.search({ flagged: true }, { uid: true });
        expect(flagged).toHaveLength(1);
      } finally {
        lock.release();
      }
      await dovecot.deliver(
        BOB.user,
        message(BOB.user, 'Bob later', 'Sun, 08 Mar 2026 09:00:00 +0100'),
      );
      const changes = await one('Email/changes', { sinceState: state });
      const created = await emails(changes['created'] as string[]);
      expect(created.map((e) => e.subject)).toEqual(['Bob later']);
      expect(changes['updated']).toContain(target.id);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 a folder made inside the account is made at that server’s top level',
    async () => {
      const made = await one('Mailbox/set', {
        create: { p: { name: 'Proyectos', parentId: BOB_ACCOUNT } },
      });
      const id = (made['created'] as Record<string, { id: string }>)['p']?.id ?? '';
      expect(id.startsWith(`${BOB_ACCOUNT}-`)).toBe(true);
      expect((await bob.list()).map((b) => b.path)).toContain('Proyectos');
      expect((await mailboxes()).find((m) => m.id === id)).toMatchObject({
        name: 'Proyectos',
        parentId: BOB_ACCOUNT,
      });
      const refused = await one('Mailbox/set', { destroy: [BOB_ACCOUNT] });
      expect(Object.keys(refused['notDestroyed'] as object)).toEqual([BOB_ACCOUNT]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 moving a message between the accounts copies it there and removes it here, bytes intact',
    async () => {
      const list = await mailboxes();
      const projects = list.find((m) => m.name === 'Proyectos') as Mailbox;
      const ownInbox = list.find((m) => m.role === 'inbox') as Mailbox;
      const alicesNew = (await emails(await allIds())).find(
        (e) => e.subject === 'Alice new',
      ) as Email;
      const blob = await one('Blob/get', { ids: [alicesNew.id], properties: ['data:asBase64'] });
      const before = (blob['list'] as { 'data:asBase64': string }[])[0]?.['data:asBase64'];
      const set = await one('Email/set', {
        update: { [alicesNew.id]: { mailboxIds: { [projects.id]: true } } },
      });
      expect(set['updated']).toEqual({ [alicesNew.id]: null });
      const holds = await bobHolds();
      expect(holds['Proyectos']).toEqual(['Alice new']);
      const now = await emails(
        (await one('Email/query', { filter: { inMailbox: projects.id } }))['ids'] as string[],
      );
      expect(now.map((e) => e.subject)).toEqual(['Alice new']);
      const moved = now[0] as Email;
      const again = await one('Blob/get', { ids: [moved.id], properties: ['data:asBase64'] });
      expect((again['list'] as { 'data:asBase64': string }[])[0]?.['data:asBase64']).toBe(before);
      const inbox = await emails(
        (await one('Email/query', { filter: { inMailbox: ownInbox.id } }))['ids'] as string[],
      );
      expect(inbox.map((e) => e.subject)).toEqual(['Alice old']);
      // The bytes download through the other account's server too.
      const download = await send(
        buzon.origin,
        'GET',
        `/jmap/download/${accountId}/${moved.id}/m.eml?accept=message/rfc822`,
        { headers: { Cookie: cookie } },
      );
      expect(download.status).toBe(200);
      expect(download.text).toContain('Subject: Alice new');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 a delivery to the other account is pushed as a change of the user’s own account',
    async () => {
      const controller = new AbortController();
      const res = await fetch(`${buzon.origin}/jmap/eventsource?types=*&closeafter=no&ping=0`, {
        headers: { Cookie: cookie },
        signal: controller.signal,
      });
      // Answered once every watcher (Alice's server and Bob's) is in place.
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      await dovecot.deliver(BOB.user, message(BOB.user, 'Bob pushed', new Date().toUTCString()));
      const deadline = Date.now() + PUSH_WAIT_MS;
      try {
        while (!/event: state\ndata: .*"changed":\{"[^"]+":\{"Email"/.test(text)) {
          if (Date.now() > deadline) throw new Error(`no state event in time: ${text}`);
          const chunk = await reader.read();
          if (chunk.done) throw new Error(`the stream ended: ${text}`);
          text += decoder.decode(chunk.value, { stream: true });
        }
      } finally {
        controller.abort();
      }
      const data = JSON.parse(/event: state\ndata: (.*)/.exec(text)?.[1] ?? '{}') as {
        changed: Record<string, unknown>;
      };
      expect(Object.keys(data.changed)).toEqual([accountId]);
    },
    TEST_TIMEOUT_MS,
  );
});
