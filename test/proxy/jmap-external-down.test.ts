// Another IMAP account's server down (EXTERNAL-2, ADR 0016), against a real Dovecot: Bob's
// account is reached through a loopback relay the test cuts, while Alice's own account is
// reached directly. A new session must still list Alice's own mail for a first download,
// saying which account it left out (protocol/jmap-partial.ts); the state it hands out
// must bring that account's mail once its server is back.
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTIAL_CAPABILITY } from '../../src/protocol/jmap-partial.js';
import { serializeImapAccounts } from '../../src/proxy/external/model.js';
import { IMAP_ACCOUNTS_ENTRY } from '../../src/proxy/external/store.js';
import { setMetadata } from '../../src/proxy/pop3/metadata.js';
import { sealPassword } from '../../src/proxy/security/stored-password.js';
import { imapAs, type ImapUser } from '../support/imap-look.js';
import { startCuttableLink, type CuttableLink } from '../support/cuttable-link.js';
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

const TEST_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 30_000;
const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const BOB_ACCOUNT = 'xb0b002';
const PARTIAL = [...USING, PARTIAL_CAPABILITY];
/** A watcher retries 1 s after a failed start; Dovecot's own notice can take ~0.5 s more. */
const PUSH_WAIT_MS = 15_000;

let dovecot: DovecotInstance;
let link: CuttableLink;
let buzon: RunningBuzon;
let accountId: string;

function message(to: string, subject: string, date: string): string {
  return [
    'From: Carla <carla@example.test>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date(date).toUTCString()}`,
    `Message-ID: <down-${subject.replace(/\W/g, '')}@example.test>`,
    '',
    `Body of ${subject}.`,
    '',
  ].join('\r\n');
}

/** Appends `mail` ([subject, date]) to `user`'s Inbox, dated as INTERNALDATE. */
function appendAs(user: ImapUser, mail: [string, string][], then?: (c: ImapFlow) => Promise<void>) {
  return imapAs(dovecot, user, async (client) => {
    for (const [subject, date] of mail)
      await client.append('INBOX', message(user.user, subject, date), [], new Date(date));
    await then?.(client);
  });
}

/** A new proxy session for Alice: a new device, nothing remembered of Bob's server. */
async function signIn(): Promise<string> {
  const login = await send(buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  return cookiePair(login);
}

/** The first download's first request: folders, the Email state and the listing. */
function firstRequest(cookie: string, using: readonly string[]): Promise<Record<string, Call>> {
  return jmapRequest(
    buzon.origin,
    cookie,
    [
      ['Mailbox/get', { accountId, ids: null, properties: ['id', 'name', 'parentId'] }, 'm'],
      ['Email/get', { accountId, ids: [], properties: ['id'] }, 's'],
      ['Email/query', { accountId, sort: [{ property: 'receivedAt', isAscending: false }] }, 'q'],
    ],
    using,
  );
}

async function subjects(cookie: string, ids: unknown): Promise<string[]> {
  const { g } = await jmapRequest(
    buzon.origin,
    cookie,
    [['Email/get', { accountId, ids, properties: ['subject'] }, 'g']],
    USING,
  );
  return ((g?.[1]['list'] ?? []) as { subject: string }[]).map((e) => e.subject);
}

async function changesSince(cookie: string, sinceState: string): Promise<Call | undefined> {
  const { c } = await jmapRequest(
    buzon.origin,
    cookie,
    [['Email/changes', { accountId, sinceState }, 'c']],
    USING,
  );
  return c;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  link = await startCuttableLink({ host: dovecot.host, port: dovecot.imapPort });
  const secret = randomBytes(32);
  buzon = await startBuzon({
    providers: [
      dovecotProvider(dovecot),
      { id: 'far', name: 'Far away', imap: { host: link.host, port: link.port, tls: 'none' } },
    ],
    secret,
  });
  const session = await send(buzon.origin, 'GET', '/jmap/session', {
    headers: { Cookie: await signIn() },
  });
  accountId =
    (session.json as { primaryAccounts: Record<string, string> }).primaryAccounts[
      'urn:ietf:params:jmap:mail'
    ] ?? '';
  const accounts = serializeImapAccounts([
    {
      id: BOB_ACCOUNT,
      address: 'bob@buzon.test',
      providerId: 'far',
      server: null,
      smtp: null,
      username: BOB.user,
      password: sealPassword(BOB.pass, secret, accountId, BOB_ACCOUNT, 'imap'),
    },
  ]);
  await appendAs(
    ALICE,
    [
      ['Alice old', '2026-03-02T08:00:00Z'],
      ['Alice new', '2026-03-06T08:00:00Z'],
    ],
    (alice) => setMetadata(alice, IMAP_ACCOUNTS_ENTRY, accounts),
  );
  await appendAs(BOB, [
    ['Bob middle', '2026-03-04T08:00:00Z'],
    ['Bob newest', '2026-03-07T08:00:00Z'],
  ]);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await link?.close();
  await dovecot?.stop();
});

describe('EXTERNAL-2 another account’s server down', () => {
  it(
    'EXTERNAL-2 a new session lists the user’s own mail and names the account it left out',
    async () => {
      link.cut();
      const cookie = await signIn();
      const { m, s, q } = await firstRequest(cookie, PARTIAL);
      expect(m?.[0]).toBe('Mailbox/get');
      const folders = m?.[1]['list'] as { id: string; name: string; parentId: string | null }[];
      // The account's top-level folder stays; nothing of its server's is invented.
      expect(folders.find((f) => f.id === BOB_ACCOUNT)?.name).toBe('bob@buzon.test');
      expect(folders.some((f) => f.parentId === BOB_ACCOUNT)).toBe(false);
      expect(folders.some((f) => f.name === 'INBOX' && f.parentId === null)).toBe(true);
      expect(m?.[1]['unavailableAccounts']).toEqual([BOB_ACCOUNT]);
      expect(s?.[1]['unavailableAccounts']).toEqual([BOB_ACCOUNT]);
      expect(q?.[0]).toBe('Email/query');
      expect(q?.[1]['unavailableAccounts']).toEqual([BOB_ACCOUNT]);
      expect(await subjects(cookie, q?.[1]['ids'])).toEqual(['Alice new', 'Alice old']);

      // While it is still down, /changes from that state has no news of it.
      const state = s?.[1]['state'] as string;
      const still = await changesSince(cookie, state);
      expect(still?.[0]).toBe('Email/changes');
      expect(still?.[1]).toMatchObject({ created: [], updated: [], destroyed: [] });
      expect(still?.[1]['newState']).toBe(state);

      // Once it is back, that state cannot bring Bob's older mail as changes: resync.
      link.restore();
      const back = await changesSince(cookie, state);
      expect(back?.[0]).toBe('error');
      expect(back?.[1]['type']).toBe('cannotCalculateChanges');
      const again = await firstRequest(cookie, PARTIAL);
      expect(again['q']?.[1]['unavailableAccounts']).toBeUndefined();
      expect(again['s']?.[1]['unavailableAccounts']).toBeUndefined();
      expect(await subjects(cookie, again['q']?.[1]['ids'])).toEqual([
        'Bob newest',
        'Alice new',
        'Bob middle',
        'Alice old',
      ]);
      expect(
        (again['m']?.[1]['list'] as { parentId: string | null }[]).some(
          (f) => f.parentId === BOB_ACCOUNT,
        ),
      ).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 a client that does not name the extension is told the server is unavailable',
    async () => {
      link.cut();
      try {
        const { m, s, q } = await firstRequest(await signIn(), USING);
        expect(m?.[0]).toBe('error');
        expect(m?.[1]['type']).toBe('serverUnavailable');
        expect(q?.[0]).toBe('error');
        expect(q?.[1]['type']).toBe('serverUnavailable');
        // The state alone is still answered, with the account's part "not listed".
        expect(s?.[0]).toBe('Email/get');
        expect(s?.[1]['unavailableAccounts']).toBeUndefined();
      } finally {
        link.restore();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 a session that listed the account keeps its folders while it is down, and has no news of it',
    async () => {
      const cookie = await signIn();
      const before = await firstRequest(cookie, PARTIAL);
      const state = before['s']?.[1]['state'] as string;
      const bobFolders = (before['m']?.[1]['list'] as { id: string; parentId: string | null }[])
        .filter((f) => f.parentId === BOB_ACCOUNT)
        .map((f) => f.id);
      expect(bobFolders.length).toBeGreaterThan(0);
      const bobMail = (before['q']?.[1]['ids'] as string[]).filter((id) =>
        id.startsWith(`${BOB_ACCOUNT}-`),
      );
      link.cut();
      try {
        const during = await firstRequest(cookie, PARTIAL);
        // Its folders as last seen: nothing is left out of the folder list.
        const folders = during['m']?.[1]['list'] as { id: string; parentId: string | null }[];
        expect(folders.filter((f) => f.parentId === BOB_ACCOUNT).map((f) => f.id)).toEqual(
          bobFolders,
        );
        expect(during['m']?.[1]['unavailableAccounts']).toBeUndefined();
        // The listing leaves its mail out, and says so.
        expect(during['q']?.[1]['unavailableAccounts']).toEqual([BOB_ACCOUNT]);
        const changes = await changesSince(cookie, state);
        expect(changes?.[1]).toMatchObject({ created: [], updated: [], destroyed: [] });
        // Its messages themselves cannot be read now: the call says why.
        const { g } = await jmapRequest(
          buzon.origin,
          cookie,
          [['Email/get', { accountId, ids: bobMail, properties: ['subject'] }, 'g']],
          USING,
        );
        expect(g?.[0]).toBe('error');
        expect(g?.[1]['type']).toBe('serverUnavailable');
      } finally {
        link.restore();
      }
      // Back: the state taken before the cut goes on as usual.
      const after = await changesSince(cookie, state);
      expect(after?.[0]).toBe('Email/changes');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 once the account’s server is back, the mailbox’s state is pushed to open streams',
    async () => {
      link.cut();
      const cookie = await signIn();
      const listed = (await firstRequest(cookie, PARTIAL))['s']?.[1]['state'] as string;
      const controller = new AbortController();
      const res = await fetch(`${buzon.origin}/jmap/eventsource?types=*&closeafter=no&ping=0`, {
        headers: { Cookie: cookie },
        signal: controller.signal,
      });
      // Answered with Alice's own watcher in place; Bob's could not start.
      expect(res.status).toBe(200);
      link.restore();
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      const deadline = Date.now() + PUSH_WAIT_MS;
      try {
        while (!/event: state\ndata: .*"Email"/.test(text)) {
          if (Date.now() > deadline) throw new Error(`no state event in time: ${text}`);
          const chunk = await reader.read();
          if (chunk.done) throw new Error(`the stream ended: ${text}`);
          text += decoder.decode(chunk.value, { stream: true });
        }
      } finally {
        controller.abort();
      }
      const data = JSON.parse(/event: state\ndata: (.*)/.exec(text)?.[1] ?? '{}') as {
        changed: Record<string, { Email?: string }>;
      };
      const pushed = data.changed[accountId]?.Email;
      // A client holding the listing's state sees news, and its /changes asks for a resync.
      expect(pushed).toBeDefined();
      expect(pushed).not.toBe(listed);
      expect((await changesSince(cookie, listed))?.[1]['type']).toBe('cannotCalculateChanges');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'EXTERNAL-2 writes while the account is down: its items wait with serverUnavailable, the user’s own are applied',
    async () => {
      const cookie = await signIn();
      const { q, m } = await firstRequest(cookie, PARTIAL);
      const ids = q?.[1]['ids'] as string[];
      const bobMail = ids.find((id) => id.startsWith(`${BOB_ACCOUNT}-`)) as string;
      const ownMail = ids.find((id) => !id.startsWith('x')) as string;
      const bobInbox = (
        m?.[1]['list'] as { id: string; name: string; parentId: string | null }[]
      ).find((f) => f.parentId === BOB_ACCOUNT && f.name === 'INBOX')?.id as string;
      link.cut();
      try {
        const write = (using: readonly string[], folder: string) =>
          jmapRequest(
            buzon.origin,
            cookie,
            [
              [
                'Email/set',
                {
                  accountId,
                  update: {
                    [ownMail]: { 'keywords/$flagged': true },
                    [bobMail]: { 'keywords/$flagged': true },
                  },
                },
                'e',
              ],
              [
                'Mailbox/set',
                {
                  accountId,
                  create: {
                    own: { name: folder, parentId: null },
                    bob: { name: folder, parentId: BOB_ACCOUNT },
                  },
                  update: { [bobInbox]: { name: 'Entrada' } },
                },
                'm',
              ],
            ],
            using,
          );
        // A client that does not read the extension: the whole call fails, as before.
        const plain = await write(USING, 'Viajes');
        expect(plain['e']?.[1]['type']).toBe('serverUnavailable');
        const { e, m: made } = await write(PARTIAL, 'Facturas');
        expect(e?.[1]['updated']).toEqual({ [ownMail]: null });
        expect(e?.[1]['notUpdated']).toMatchObject({ [bobMail]: { type: 'serverUnavailable' } });
        expect(Object.keys(made?.[1]['created'] as object)).toEqual(['own']);
        expect(made?.[1]['notCreated']).toMatchObject({ bob: { type: 'serverUnavailable' } });
        expect(made?.[1]['notUpdated']).toMatchObject({
          [bobInbox]: { type: 'serverUnavailable' },
        });
      } finally {
        link.restore();
      }
      const flagged = await jmapRequest(
        buzon.origin,
        cookie,
        [['Email/get', { accountId, ids: [ownMail, bobMail], properties: ['keywords'] }, 'g']],
        USING,
      );
      const keywords = (flagged['g']?.[1]['list'] as { id: string; keywords: object }[]).map(
        (x) => [x.id, '$flagged' in x.keywords],
      );
      expect(Object.fromEntries(keywords)).toEqual({ [ownMail]: true, [bobMail]: false });
    },
    TEST_TIMEOUT_MS,
  );
});
