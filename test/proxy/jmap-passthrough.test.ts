// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// The proxy as a passthrough to a real JMAP server (issue 3, ADR 0017): Cyrus IMAP 3.6
// started on loopback, configured as a provider with a jmapSessionUrl. The browser's
// side speaks only to the proxy — sign-in, Session with the proxy's URLs, API, upload,
// download, push (polled: this Cyrus has none) — and the real sync engine runs on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCyrus, type CyrusInstance } from '../support/cyrus/index.js';
import { cookiePair, send, startBuzon, type RunningBuzon } from './support/buzon.js';
import { openDevice, type Device } from '../sync/support/device.js';
import type { JmapAccount } from './support/jmap-account.js';
import { first } from '../state/support/services.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 30_000;
/** The proxy polls Cyrus every 5 s; a delivery shows within one poll and a sync. */
const PUSH_WAIT_MS = 15_000;
const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };
const USING = ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'];

let cyrus: CyrusInstance;
let buzon: RunningBuzon;
let cookie: string;
let accountId: string;
let serial = 0;

function message(subject: string): string {
  serial++;
  return [
    'From: Carla <carla@example.test>',
    `To: ${ALICE.user}`,
    `Subject: ${subject}`,
    `Date: Mon, 0${serial} Mar 2026 09:00:00 +0100`,
    `Message-ID: <passthrough-${serial}@example.test>`,
    '',
    `Body of ${subject}.`,
    '',
  ].join('\r\n');
}

async function api(
  methodCalls: unknown[],
): Promise<Record<string, [string, Record<string, unknown>]>> {
  const reply = await send(buzon.origin, 'POST', '/jmap', {
    body: { using: USING, methodCalls },
    headers: { Cookie: cookie },
  });
  expect(reply.status).toBe(200);
  const list = (reply.json as { methodResponses: [string, Record<string, unknown>, string][] })
    .methodResponses;
  return Object.fromEntries(list.map(([n, a, id]) => [id, [n, a]]));
}

/** What Cyrus itself says, asked directly with Alice's password (the proxy not involved). */
async function onCyrus(
  methodCalls: unknown[],
): Promise<[string, Record<string, unknown>, string][]> {
  const res = await fetch(new URL('/jmap/', cyrus.sessionUrl), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${ALICE.user}:${ALICE.pass}`).toString('base64')}`,
    },
    body: JSON.stringify({ using: USING, methodCalls }),
  });
  return ((await res.json()) as { methodResponses: [string, Record<string, unknown>, string][] })
    .methodResponses;
}

beforeAll(async () => {
  cyrus = await startCyrus();
  await cyrus.deliver(ALICE.user, message('Primero'));
  await cyrus.deliver(ALICE.user, message('Segundo'));
  buzon = await startBuzon({
    providers: [
      {
        id: 'cyrus',
        name: 'Cyrus JMAP',
        imap: { host: cyrus.host, port: cyrus.imapPort, tls: 'none' },
        jmapSessionUrl: cyrus.wellKnownUrl,
      },
    ],
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await buzon?.stop();
  await cyrus?.stop();
});

describe('issue 3 JMAP passthrough to Cyrus', () => {
  it(
    'ACCESS-1 signs in against the JMAP server: a wrong password is refused, the right one opens a session',
    async () => {
      const wrong = await send(buzon.origin, 'POST', '/auth/login', {
        body: { provider: 'cyrus', username: ALICE.user, password: 'nope' },
      });
      expect(wrong.status).toBe(401);
      const login = await send(buzon.origin, 'POST', '/auth/login', {
        body: { provider: 'cyrus', username: ALICE.user, password: ALICE.pass },
      });
      expect(login.status).toBe(200);
      cookie = cookiePair(login);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the Session is the server’s accounts and capabilities with the proxy’s own URLs',
    async () => {
      const reply = await send(buzon.origin, 'GET', '/jmap/session', {
        headers: { Cookie: cookie },
      });
      expect(reply.status).toBe(200);
      const session = reply.json as Record<string, unknown> & {
        primaryAccounts: Record<string, string>;
        accounts: Record<string, unknown>;
      };
      accountId = session.primaryAccounts['urn:ietf:params:jmap:mail'] ?? '';
      expect(Object.keys(session.accounts)).toContain(accountId);
      expect(session).toMatchObject({
        apiUrl: '/jmap',
        uploadUrl: '/jmap/upload/{accountId}/',
        downloadUrl: '/jmap/download/{accountId}/{blobId}/{name}?accept={type}',
      });
      // Nothing in it points the page at the server itself.
      expect(reply.text).not.toContain(`:${cyrus.httpPort}`);
      const noCookie = await send(buzon.origin, 'GET', '/jmap/session');
      expect(noCookie.status).toBe(401);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'API calls pass through: folders with roles, the delivered messages; a write from another origin is refused',
    async () => {
      const r = await api([
        ['Mailbox/get', { accountId, ids: null, properties: ['name', 'role'] }, 'm'],
        ['Email/query', { accountId, sort: [{ property: 'receivedAt', isAscending: false }] }, 'q'],
        [
          'Email/get',
          {
            accountId,
            '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
            properties: ['subject'],
          },
          'g',
        ],
      ]);
      const boxes = r['m']?.[1]['list'] as { role: string | null }[];
      expect(boxes.map((b) => b.role)).toEqual(expect.arrayContaining(['inbox', 'sent', 'trash']));
      // Both arrive in the same second: the order between them is the server's to pick.
      expect((r['g']?.[1]['list'] as { subject: string }[]).map((e) => e.subject).sort()).toEqual([
        'Primero',
        'Segundo',
      ]);
      const foreign = await send(buzon.origin, 'POST', '/jmap', {
        body: { using: USING, methodCalls: [] },
        headers: { Cookie: cookie },
        origin: 'https://evil.example',
      });
      expect(foreign.status).toBe(403);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'IMPORT-1 an upload and Email/import reach the server; the download gives the same bytes back',
    async () => {
      const raw = message('Importado');
      const up = await send(
        buzon.origin,
        'POST',
        `/jmap/upload/${encodeURIComponent(accountId)}/`,
        {
          body: raw,
          headers: { Cookie: cookie, 'Content-Type': 'message/rfc822' },
        },
      );
      expect(up.status).toBe(201);
      const blobId = (up.json as { blobId: string }).blobId;
      const inbox = (
        (await api([['Mailbox/get', { accountId, ids: null }, 'm']]))['m']?.[1]['list'] as {
          id: string;
          role: string | null;
        }[]
      ).find((b) => b.role === 'inbox') as { id: string };
      const imported = await api([
        [
          'Email/import',
          { accountId, emails: { i: { blobId, mailboxIds: { [inbox.id]: true } } } },
          'i',
        ],
      ]);
      const created = (
        imported['i']?.[1]['created'] as Record<string, { id: string; blobId: string }>
      )['i'];
      expect(created?.id).toBeTruthy();
      const onServer = await onCyrus([
        ['Email/get', { accountId, ids: [created?.id], properties: ['subject'] }, 'g'],
      ]);
      expect((onServer[0]?.[1]['list'] as { subject: string }[])[0]?.subject).toBe('Importado');
      const down = await send(
        buzon.origin,
        'GET',
        `/jmap/download/${encodeURIComponent(accountId)}/${created?.blobId}/m.eml?accept=message/rfc822`,
        { headers: { Cookie: cookie } },
      );
      expect(down.status).toBe(200);
      expect(down.headers['content-type']).toBe('message/rfc822');
      expect(down.text).toBe(raw);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the sync engine downloads the mailbox through the passthrough and sends a flag back',
    async () => {
      let device: Device | undefined;
      try {
        device = await openDevice({ buzon } as unknown as JmapAccount, {
          cookie,
          name: 'buzon-account-cyrus',
        });
        expect(await device.engine.sync()).toBe('done');
        const subjects = (await device.db.emails.toArray()).map((e) => e.subject).sort();
        expect(subjects).toEqual(['Importado', 'Primero', 'Segundo']);
        const row = (await device.db.emails.toArray()).find((e) => e.subject === 'Primero');
        await device.services.messages.setFlagged([row?.id as string], true);
        expect(await device.engine.sync()).toBe('done');
        const got = await onCyrus([
          ['Email/get', { accountId, ids: [row?.id], properties: ['keywords'] }, 'g'],
        ]);
        expect(
          (got[0]?.[1]['list'] as { keywords: Record<string, boolean> }[])[0]?.keywords,
        ).toMatchObject({
          $flagged: true,
        });
        // What another client changes arrives with /changes.
        await cyrus.deliver(ALICE.user, message('Tercero'));
        expect(await device.engine.sync()).toBe('done');
        expect((await device.db.emails.toArray()).map((e) => e.subject)).toContain('Tercero');
        expect(await first(device.services.folders.observeFolders())).not.toHaveLength(0);
      } finally {
        device?.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'push: a delivery is announced on the event stream (the proxy polls a server without push)',
    async () => {
      const controller = new AbortController();
      const res = await fetch(`${buzon.origin}/jmap/eventsource?types=*&closeafter=state&ping=0`, {
        headers: { Cookie: cookie },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      await cyrus.deliver(ALICE.user, message('Cuarto'));
      const text = await Promise.race([
        res.text(),
        new Promise<string>((_, reject) =>
          setTimeout(() => reject(new Error('no state event in time')), PUSH_WAIT_MS),
        ),
      ]).finally(() => controller.abort());
      const data = JSON.parse(/event: state\ndata: (.*)/.exec(text)?.[1] ?? '{}') as {
        changed?: Record<string, Record<string, string>>;
      };
      expect(Object.keys(data.changed?.[accountId] ?? {})).toContain('Email');
    },
    TEST_TIMEOUT_MS,
  );
});
