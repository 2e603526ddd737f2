// RFC 9404 Blob/get over the IMAP facade against a real Dovecot: many raw messages in one
// method call (the sync engine's body download), exact bytes, notFound, and the limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 20_000;
const BLOB = 'urn:ietf:params:jmap:blob';

type Call = [string, Record<string, unknown>, string];

function message(n: number): string {
  return [
    'From: Bob <bob@buzon.test>',
    `To: ${ALICE.user}`,
    `Subject: Blob ${n}`,
    `Message-ID: <blob-${n}@buzon.test>`,
    '',
    `Body ${n} ${'x'.repeat(n * 10)}`,
    '',
  ].join('\r\n');
}

let account: JmapAccount;

async function call(methodCalls: Call[], using = [...USING, BLOB]): Promise<Call[]> {
  const reply = await send(account.buzon.origin, 'POST', '/jmap', {
    body: { using, methodCalls },
    headers: { Cookie: account.cookie },
  });
  expect(reply.status).toBe(200);
  return (reply.json as { methodResponses: Call[] }).methodResponses;
}

beforeAll(async () => {
  account = await startJmapAccount([1, 2, 3].map(message));
  const other = await account.imapClient();
  await other.mailboxCreate('Work');
  await other.append('Work', message(4));
}, START_TIMEOUT_MS);

afterAll(async () => {
  await account?.stop();
});

describe('issue 3 proxy: Blob/get (RFC 9404) for message bodies', () => {
  it(
    'the session advertises the blob capability for the mail account',
    async () => {
      const reply = await send(account.buzon.origin, 'GET', '/jmap/session', {
        headers: { Cookie: account.cookie },
      });
      const session = reply.json as {
        capabilities: Record<string, unknown>;
        accounts: Record<string, { accountCapabilities: Record<string, unknown> }>;
      };
      expect(session.capabilities).toHaveProperty([BLOB]);
      expect(session.accounts[account.accountId]?.accountCapabilities).toHaveProperty([BLOB]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'returns the exact bytes of messages in several folders in one call, and notFound for the rest',
    async () => {
      const [query] = await call([['Email/query', { accountId: account.accountId }, 'q']]);
      const ids = (query?.[1] as { ids: string[] }).ids;
      expect(ids).toHaveLength(4);
      const [got] = await call([
        [
          'Blob/get',
          {
            accountId: account.accountId,
            ids: [...ids, 'Enotthere'],
            properties: ['data:asBase64', 'size'],
          },
          'b',
        ],
      ]);
      expect(got?.[0]).toBe('Blob/get');
      const res = got?.[1] as {
        list: { id: string; 'data:asBase64': string; size: number }[];
        notFound: string[];
      };
      expect(res.notFound).toEqual(['Enotthere']);
      const texts = res.list.map((b) => Buffer.from(b['data:asBase64'], 'base64').toString('utf8'));
      for (const n of [1, 2, 3, 4]) {
        const text = texts.find((t) => t.includes(`Subject: Blob ${n}\r\n`));
        expect(text).toBeDefined();
        expect(text?.endsWith(`Body ${n} ${'x'.repeat(n * 10)}\r\n`)).toBe(true);
      }
      for (const b of res.list) {
        expect(b.size).toBe(Buffer.from(b['data:asBase64'], 'base64').length);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'needs the blob capability in `using`, and refuses offset/length and unknown properties',
    async () => {
      const [noCap] = await call(
        [['Blob/get', { accountId: account.accountId, ids: [] }, 'b']],
        [...USING],
      );
      expect(noCap?.[0]).toBe('error');
      expect(noCap?.[1]).toMatchObject({ type: 'unknownMethod' });
      const [bad] = await call([
        ['Blob/get', { accountId: account.accountId, ids: [], offset: 3 }, 'b'],
      ]);
      expect(bad?.[1]).toMatchObject({ type: 'invalidArguments' });
      const [prop] = await call([
        ['Blob/get', { accountId: account.accountId, ids: [], properties: ['digest:sha'] }, 'b'],
      ]);
      expect(prop?.[1]).toMatchObject({ type: 'invalidArguments' });
    },
    TEST_TIMEOUT_MS,
  );
});
