// Sharing a whole mailbox through the JMAP facade against a real Dovecot (SHARED-1…3,
// ADR 0013): Alice shares with Bob by address (IMAP SETACL on every folder), Bob's Session
// lists Alice's mailbox as another account and every mail method works inside it, and
// when Alice stops, Bob's next request no longer sees it. Alice's own IMAP client checks
// what the server really holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { execRaw, imapString, tokenStrings } from '../support/dovecot/index.js';
import { cookiePair, send, jmapRequest, type Call } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';

/** A few IMAP round trips on loopback; generous for a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 20_000;
/** Dovecot starts in well under a second; this bounds a cold first run. */
const START_TIMEOUT_MS = 30_000;

const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const SHARE = 'urn:buzon:params:jmap:share';
const MAIL = 'urn:ietf:params:jmap:mail';

type Mailbox = { id: string; name: string; role: string | null; parentId: string | null };
interface SessionBody {
  accounts: Record<
    string,
    { name: string; isPersonal: boolean; accountCapabilities: Record<string, unknown> }
  >;
  primaryAccounts: Record<string, string>;
  capabilities: Record<string, unknown>;
}

const SUBJECTS = ['Presupuesto de marzo', 'Acta de la reunión'];
const message = (subject: string, n: number) =>
  [
    'From: Ana <ana@example.test>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    `Message-ID: <share-${n}@example.test>`,
    '',
    `Cuerpo ${n}.`,
    '',
  ].join('\r\n');

let account: JmapAccount;
let bobCookie: string;
let alice: ImapFlow;

function call(
  cookie: string,
  methodCalls: unknown[],
  using = USING,
): Promise<Record<string, Call>> {
  return jmapRequest(account.buzon.origin, cookie, methodCalls, using);
}

const shareCall = (calls: unknown[]) => call(account.cookie, calls, [...USING, SHARE]);

async function shareSet(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { s } = await shareCall([['Share/set', { accountId: account.accountId, ...args }, 's']]);
  expect(s?.[0]).toBe('Share/set');
  return s?.[1] ?? {};
}

async function shares(): Promise<{ id: string; address: string }[]> {
  const { g } = await shareCall([['Share/get', { accountId: account.accountId }, 'g']]);
  expect(g?.[0]).toBe('Share/get');
  return g?.[1]['list'] as { id: string; address: string }[];
}

async function bobSession(): Promise<SessionBody> {
  const reply = await send(account.buzon.origin, 'GET', '/jmap/session', {
    headers: { Cookie: bobCookie },
  });
  expect(reply.status).toBe(200);
  return reply.json as SessionBody;
}

const sharedAccountOf = (session: SessionBody): string | undefined =>
  Object.entries(session.accounts).find(([, a]) => !a.isPersonal && a.name === ALICE.user)?.[0];

async function bobMailboxes(accountId: string): Promise<Call | undefined> {
  const { m } = await call(bobCookie, [['Mailbox/get', { accountId, ids: null }, 'm']]);
  return m;
}

/** Flags of the message with `subject` in Alice's INBOX, as her own IMAP client sees them. */
async function aliceFlags(subject: string): Promise<string[]> {
  const lock = await alice.getMailboxLock('INBOX');
  try {
    const all = await alice.fetchAll('1:*', { envelope: true, flags: true });
    return [...(all.find((m) => m.envelope?.subject === subject)?.flags ?? [])];
  } finally {
    lock.release();
  }
}

beforeAll(async () => {
  account = await startJmapAccount(SUBJECTS.map(message));
  const login = await send(account.buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: BOB.user, password: BOB.pass },
  });
  bobCookie = cookiePair(login);
  alice = await account.imapClient();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('sharing a mailbox', () => {
  it(
    'SHARED-1 refuses "anyone", "authenticated", an empty or CR/LF address and one’s own',
    async () => {
      const bad = [
        'anyone',
        'authenticated',
        '',
        '   ',
        'bob@buzon.test\r\nA1 LOGOUT',
        ALICE.user,
        'ALICE@buzon.test',
        '-bob@buzon.test',
      ];
      const create = Object.fromEntries(bad.map((address, i) => [`c${i}`, { address }]));
      const result = await shareSet({ create });
      const refused = result['notCreated'] as Record<
        string,
        { type: string; properties?: string[] }
      >;
      expect(Object.keys(refused).sort()).toEqual(Object.keys(create).sort());
      for (const error of Object.values(refused)) {
        expect(error.type).toBe('invalidProperties');
        expect(error.properties).toEqual(['address']);
      }
      expect(result['created']).toBeNull();
      // Nothing reached the server: INBOX's ACL names its owner only.
      const [acl] = await execRaw(alice, 'GETACL', [imapString('INBOX')], ['ACL']);
      expect(
        acl &&
          tokenStrings(acl)
            .slice(1)
            .filter((_, i) => i % 2 === 0),
      ).toEqual([ALICE.user]);
      expect(await shares()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-1 SHARED-2 a share gives Bob an account of Alice’s whole mailbox, full access',
    async () => {
      expect(sharedAccountOf(await bobSession())).toBeUndefined();

      const result = await shareSet({ create: { b: { address: BOB.user } } });
      expect((result['created'] as Record<string, { address: string }>)['b']?.address).toBe(
        BOB.user,
      );
      expect((await shares()).map((s) => s.address)).toEqual([BOB.user]);
      // Every folder carries Bob's full rights on the server.
      for (const folder of ['INBOX', 'Sent', 'Trash', 'Archive']) {
        const [acl] = await execRaw(alice, 'GETACL', [imapString(folder)], ['ACL']);
        const words = acl ? tokenStrings(acl) : [];
        const rights = words[words.indexOf(BOB.user) + 1] ?? '';
        expect(
          [...'lrwstiekxa'].every((r) => rights.includes(r)),
          `${folder}: ${rights}`,
        ).toBe(true);
      }

      const session = await bobSession();
      const shared = sharedAccountOf(session);
      expect(shared).toBeDefined();
      const entry = session.accounts[shared ?? ''];
      expect(entry?.isPersonal).toBe(false);
      expect(entry?.accountCapabilities[MAIL]).toBeDefined();
      expect(session.primaryAccounts[MAIL]).not.toBe(shared);

      // Alice's folders, named as she sees them; Bob's own account does not show them.
      const m = await bobMailboxes(shared ?? '');
      expect(m?.[0]).toBe('Mailbox/get');
      const list = m?.[1]['list'] as Mailbox[];
      const inbox = list.find((b) => b.role === 'inbox');
      expect(inbox?.name).toBe('INBOX');
      expect(inbox?.parentId).toBeNull();
      expect(list.map((b) => b.name)).toEqual(expect.arrayContaining(['Sent', 'Trash', 'Archive']));
      expect(list.find((b) => b.name === 'Sent')).toMatchObject({ role: 'sent', parentId: null });
      expect(list.every((b) => !b.name.includes('shared') && !b.name.includes('@'))).toBe(true);
      const own = await bobMailboxes(session.primaryAccounts[MAIL] ?? '');
      expect((own?.[1]['list'] as Mailbox[]).map((b) => b.name)).not.toContain(ALICE.user);
      expect((own?.[1]['list'] as Mailbox[]).length).toBe(
        list.filter((b) => b.role !== null).length,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-2 Bob queries, reads and flags Alice’s mail; Alice’s own client sees the flag',
    async () => {
      const shared = sharedAccountOf(await bobSession()) ?? '';
      const list = (await bobMailboxes(shared))?.[1]['list'] as Mailbox[];
      const inbox = list.find((b) => b.role === 'inbox') as Mailbox;
      const { q, g } = await call(bobCookie, [
        ['Email/query', { accountId: shared, filter: { inMailbox: inbox.id } }, 'q'],
        [
          'Email/get',
          {
            accountId: shared,
            '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
            properties: ['subject', 'mailboxIds'],
          },
          'g',
        ],
      ]);
      expect(q?.[0]).toBe('Email/query');
      const emails = g?.[1]['list'] as {
        id: string;
        subject: string;
        mailboxIds: Record<string, boolean>;
      }[];
      expect(emails.map((e) => e.subject).sort()).toEqual([...SUBJECTS].sort());
      expect(emails.every((e) => e.mailboxIds[inbox.id])).toBe(true);

      const target = emails.find((e) => e.subject === SUBJECTS[0]);
      const { s } = await call(bobCookie, [
        [
          'Email/set',
          { accountId: shared, update: { [target?.id ?? '']: { 'keywords/$flagged': true } } },
          's',
        ],
      ]);
      expect(s?.[0]).toBe('Email/set');
      expect(Object.keys((s?.[1]['updated'] ?? {}) as object)).toEqual([target?.id]);
      expect(await aliceFlags(SUBJECTS[0] ?? '')).toContain('\\Flagged');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-1 a folder Alice creates after sharing is shared too',
    async () => {
      await alice.mailboxCreate('Proyectos');
      const shared = sharedAccountOf(await bobSession()) ?? '';
      const list = (await bobMailboxes(shared))?.[1]['list'] as Mailbox[];
      expect(list.find((b) => b.name === 'Proyectos')).toMatchObject({
        parentId: null,
        role: null,
      });
      // Bob's own methods for his own account answer; the share methods are the owner's only.
      const { g } = await call(
        bobCookie,
        [['Share/get', { accountId: shared }, 'g']],
        [...USING, SHARE],
      );
      expect(g?.[0]).toBe('error');
      expect(g?.[1]['type']).toBe('accountNotSupportedByMethod');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SHARED-3 stopping the share takes effect at Bob’s next request',
    async () => {
      const shared = sharedAccountOf(await bobSession()) ?? '';
      // Bob's connection has one of Alice's folders open and the account cached.
      const before = await call(bobCookie, [
        ['Mailbox/get', { accountId: shared, ids: null }, 'm'],
        ['Email/get', { accountId: shared, ids: [], properties: ['id'] }, 'e'],
      ]);
      const emailState = before['e']?.[1]['state'] as string;

      const id = (await shares()).find((s) => s.address === BOB.user)?.id;
      const stop = await shareSet({ destroy: [id] });
      expect(stop['destroyed']).toEqual([id]);
      expect(await shares()).toEqual([]);

      const after = await call(bobCookie, [
        ['Mailbox/get', { accountId: shared, ids: null }, 'm'],
        ['Email/changes', { accountId: shared, sinceState: emailState }, 'c'],
        ['Email/query', { accountId: shared }, 'q'],
      ]);
      for (const key of ['m', 'c', 'q']) {
        expect(after[key]?.[0]).toBe('error');
        expect(after[key]?.[1]['type']).toBe('accountNotFound');
      }
      expect(sharedAccountOf(await bobSession())).toBeUndefined();
      // Nothing of Bob's remains on any of Alice's folders.
      for (const folder of ['INBOX', 'Sent', 'Proyectos']) {
        const [acl] = await execRaw(alice, 'GETACL', [imapString(folder)], ['ACL']);
        expect(acl && tokenStrings(acl)).not.toContain(BOB.user);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
