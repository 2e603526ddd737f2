// RFC 9404 Blob/get over the IMAP facade against a real Dovecot: many raw messages in one
// method call (the sync engine's body download), exact bytes, notFound, and the limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_AS_OCTETS,
  OCTETS_CAPABILITY,
  OCTETS_MEDIA_TYPE,
  decodeOctets,
  octetsAt,
} from '../../src/protocol/jmap-octets.js';
import { send } from './support/buzon.js';
import { ALICE, USING, startJmapAccount, type JmapAccount } from './support/jmap-account.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 20_000;
const BLOB = 'urn:ietf:params:jmap:blob';

type Call = [string, Record<string, unknown>, string];
interface BlobItem {
  id: string;
  'data:asText'?: string | null;
  'data:asBase64'?: string;
  isEncodingProblem?: boolean;
  size?: number;
}

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
    '`data` answers UTF-8 mail as text and other bytes as base64; `data:asText` flags an encoding problem',
    async () => {
      // A Latin-1 message (é as the byte 0xE9): not UTF-8, so it must arrive as base64.
      const latin1 = Buffer.from(
        'From: Bob <bob@buzon.test>\r\nSubject: Latin 1\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCaf\xe9\r\n',
        'latin1',
      );
      const other = await account.imapClient();
      await other.mailboxCreate('Latin');
      await other.append('Latin', latin1);
      await other.logout();
      const [query] = await call([['Email/query', { accountId: account.accountId }, 'q']]);
      const ids = (query?.[1] as { ids: string[] }).ids;
      expect(ids).toHaveLength(5);
      const blob = async (properties: string[]) => {
        const [got] = await call([
          ['Blob/get', { accountId: account.accountId, ids, properties }, 'b'],
        ]);
        return (got?.[1] as { list: BlobItem[] }).list;
      };
      const auto = await blob(['data', 'size']);
      expect(auto).toHaveLength(5);
      const asBase64 = auto.filter((b) => b['data:asBase64'] !== undefined);
      expect(asBase64).toHaveLength(1);
      expect(Buffer.from(asBase64[0]?.['data:asBase64'] as string, 'base64')).toEqual(latin1);
      for (const b of auto.filter((x) => x['data:asText'] !== undefined)) {
        expect(b['data:asText']).toContain('From: Bob <bob@buzon.test>\r\n');
        expect(Buffer.byteLength(b['data:asText'] as string, 'utf8')).toBe(b.size);
      }
      const text = await blob(['data:asText']);
      const problem = text.filter((b) => b.isEncodingProblem === true);
      expect(problem).toEqual([
        { id: asBase64[0]?.id, 'data:asText': null, isEncodingProblem: true },
      ]);
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

  it(
    "with Buzón's octets capability, the bytes come framed after the JSON, byte for byte (any charset)",
    async () => {
      const session = await send(account.buzon.origin, 'GET', '/jmap/session', {
        headers: { Cookie: account.cookie },
      });
      expect((session.json as { capabilities: object }).capabilities).toHaveProperty([
        OCTETS_CAPABILITY,
      ]);
      const [query] = await call([['Email/query', { accountId: account.accountId }, 'q']]);
      const ids = (query?.[1] as { ids: string[] }).ids;
      const [base64] = await call([
        ['Blob/get', { accountId: account.accountId, ids, properties: ['data:asBase64'] }, 'b'],
      ]);
      const expected = new Map(
        (base64?.[1] as { list: BlobItem[] }).list.map((b) => [
          b.id,
          Buffer.from(b['data:asBase64'] as string, 'base64'),
        ]),
      );
      expect(expected.size).toBe(ids.length);
      const reply = await send(account.buzon.origin, 'POST', '/jmap', {
        body: {
          using: [...USING, BLOB, OCTETS_CAPABILITY],
          methodCalls: [
            [
              'Blob/get',
              {
                accountId: account.accountId,
                ids: [...ids, 'Enotthere'],
                properties: [DATA_AS_OCTETS, 'size'],
              },
              'b',
            ],
          ],
        },
        headers: { Cookie: account.cookie },
      });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe(OCTETS_MEDIA_TYPE);
      const { json, octets } = decodeOctets(new Uint8Array(reply.bytes).buffer);
      const [name, res] = (json as { methodResponses: Call[] }).methodResponses[0] as Call;
      expect(name).toBe('Blob/get');
      const { list, notFound } = res as {
        list: { id: string; size: number; [DATA_AS_OCTETS]: unknown }[];
        notFound: string[];
      };
      expect(notFound).toEqual(['Enotthere']);
      expect(list.map((b) => b.id).sort()).toEqual([...expected.keys()].sort());
      for (const b of list) {
        const bytes = octetsAt(octets, b[DATA_AS_OCTETS]);
        expect(Buffer.from(bytes as Uint8Array).equals(expected.get(b.id) as Buffer)).toBe(true);
        expect(b.size).toBe(bytes?.byteLength);
      }
      // Everything after the JSON is message bytes, nothing more.
      expect(octets.byteLength).toBe([...expected.values()].reduce((n, b) => n + b.length, 0));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '`data:asOctets` without the octets capability is refused (the answer would be JSON)',
    async () => {
      const [got] = await call([
        ['Blob/get', { accountId: account.accountId, ids: [], properties: [DATA_AS_OCTETS] }, 'b'],
      ]);
      expect(got?.[0]).toBe('error');
      expect(got?.[1]).toMatchObject({ type: 'invalidArguments' });
    },
    TEST_TIMEOUT_MS,
  );
});
