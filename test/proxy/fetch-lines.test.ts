// The bulk FETCH reader (src/proxy/imap/fetch-lines.ts): its grammar on hand-made lines,
// then, against a real Dovecot, the listing and the body download it reads compared with
// what imapflow's own fetch gives for the same messages.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionCache } from '../../src/proxy/imap/cache.js';
import { readFetchLine } from '../../src/proxy/imap/fetch-lines.js';
import { fetchMetadata, fetchSources, indexSelected } from '../../src/proxy/imap/messages.js';
import { tokenText } from '../../src/proxy/imap/raw.js';
import { ALICE, startJmapAccount, type JmapAccount } from './support/jmap-account.js';

const START_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 20_000;

/** A response as imapflow's line stream assembles it: lines joined, literals apart. */
function item(parts: readonly (string | Buffer)[]): { payload: Buffer; literals: Buffer[] } {
  const lines: string[] = [];
  const literals: Buffer[] = [];
  for (const p of parts) {
    if (typeof p === 'string') lines.push(p);
    else {
      lines.push(`{${p.length}}\r\n`);
      literals.push(p);
    }
  }
  return { payload: Buffer.from(lines.join(''), 'latin1'), literals };
}

describe('issue 3 proxy: FETCH lines read before imapflow parses them', () => {
  it('reads numbers, quoted dates, atoms, lists, NIL and literals by item name', () => {
    const body = Buffer.from('Subject: x\r\n\r\n) {5}\r\n "quoted" (list)\r\n', 'latin1');
    const { payload, literals } = item([
      '* 12 FETCH (UID 345 INTERNALDATE "01-Mar-2026 09:00:00 +0100" FLAGS (\\Seen $Forwarded) MODSEQ (77) BODY[] ',
      body,
      ' X-GUID 0a1b2c EMPTY NIL)',
    ]);
    const row = readFetchLine(payload, literals);
    expect(row).not.toBeNull();
    expect(tokenText(row?.get('UID'))).toBe('345');
    expect(tokenText(row?.get('INTERNALDATE'))).toBe('01-Mar-2026 09:00:00 +0100');
    expect(row?.get('FLAGS')).toEqual([
      { type: 'ATOM', value: '\\Seen' },
      { type: 'ATOM', value: '$Forwarded' },
    ]);
    expect(row?.get('MODSEQ')).toEqual([{ type: 'ATOM', value: '77' }]);
    expect((row?.get('BODY') as { value: Buffer }).value.equals(body)).toBe(true);
    expect(tokenText(row?.get('X-GUID'))).toBe('0a1b2c');
    expect(row?.get('EMPTY')).toBeNull();
  });

  it('unescapes quoted strings and keeps a section name whole (spaces inside brackets)', () => {
    const { payload, literals } = item([
      '* 1 FETCH (UID 9 BODY[HEADER.FIELDS (DATE REFERENCES)] "a \\"b\\" \\\\c" X-GUID g)',
    ]);
    const row = readFetchLine(payload, literals);
    expect(tokenText(row?.get('BODY'))).toBe('a "b" \\c');
    expect(tokenText(row?.get('X-GUID'))).toBe('g');
  });

  it('leaves to imapflow what is no plain FETCH: other responses, odd lines, short literals', () => {
    const none = (parts: (string | Buffer)[]) => {
      const { payload, literals } = item(parts);
      return readFetchLine(payload, literals);
    };
    expect(none(['* 3 EXISTS'])).toBeNull();
    expect(none(['a1 OK UID FETCH completed'])).toBeNull();
    expect(none(['* 2 FETCH (UID 4 FLAGS (\\Seen)'])).toBeNull(); // unclosed
    expect(none(['* 2 FETCH (UID 4 X-GUID "unterminated)'])).toBeNull();
    expect(none(['* 2 FETCH (UID 4) trailing'])).toBeNull();
    expect(none(['* x FETCH (UID 4)'])).toBeNull();
    expect(none(['* 2 FETCH (BODY[1] "a" BODY[2] "b")'])).toBeNull(); // a name twice
    // Nesting past a few levels (a hostile server) is imapflow's to bound.
    expect(none([`* 2 FETCH (X ${'('.repeat(100_000)}${')'.repeat(100_000)})`])).toBeNull();
    expect(none(['* 2 FETCH (X ((((a)))) UID 1)'])).not.toBeNull();
    // A literal whose bytes are not the size announced, or one never used.
    expect(
      readFetchLine(Buffer.from('* 1 FETCH (BODY[] {4}\r\n)'), [Buffer.from('abc')]),
    ).toBeNull();
    expect(readFetchLine(Buffer.from('* 1 FETCH (UID 1)'), [Buffer.from('abc')])).toBeNull();
  });
});

describe('issue 3 proxy: the listing and the body download read against Dovecot', () => {
  let account: JmapAccount;
  let client: ImapFlow;
  /** FETCH responses that reached imapflow's own handling while the reader was on. */
  let reachedImapflow = 0;

  const messages = [
    // Bytes that look like protocol inside a literal, 8-bit UTF-8, a bare LF.
    [
      'From: Bob <bob@buzon.test>',
      `To: ${ALICE.user}`,
      'Subject: Señal ) {12}',
      'Message-ID: <lines-1@buzon.test>',
      '',
      '* 5 FETCH (UID 99 X-GUID fake) {3}',
      '"quoted" \\ back\nslash ñandú',
      '',
    ].join('\r\n'),
    ...[2, 3, 4].map((n) =>
      [
        'From: Bob <bob@buzon.test>',
        `To: ${ALICE.user}`,
        `Subject: Plain ${n}`,
        `Message-ID: <lines-${n}@buzon.test>`,
        '',
        `Body ${n}`,
        '',
      ].join('\r\n'),
    ),
  ];

  beforeAll(async () => {
    account = await startJmapAccount(messages);
    client = await account.imapClient();
    const hooked = client as unknown as {
      handleResponse(d: { payload: Buffer }): Promise<boolean>;
    };
    const original = hooked.handleResponse.bind(client);
    hooked.handleResponse = (d) => {
      if (/^\* \d+ FETCH /.test(d.payload.toString('latin1', 0, 40))) reachedImapflow++;
      return original(d);
    };
    // Flags for the lean rows to carry: a system flag, a keyword, and \Seen.
    const writer = await account.imapClient();
    await writer.mailboxOpen('INBOX');
    await writer.messageFlagsAdd('1', ['\\Flagged', '$Label1']);
    await writer.messageFlagsAdd('2', ['\\Seen']);
    await client.mailboxOpen('INBOX', { readOnly: true });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await account?.stop();
  });

  it(
    'the listing has every UID with its INTERNALDATE, as imapflow fetches them',
    async () => {
      const expected: { uid: number; receivedAt: number }[] = [];
      for await (const m of client.fetch('1:*', { uid: true, internalDate: true }, { uid: true }))
        expected.push({ uid: m.uid, receivedAt: new Date(m.internalDate as Date).getTime() });
      reachedImapflow = 0;
      const rows = await indexSelected(client, new SessionCache());
      expect(rows.map(({ uid, receivedAt }) => ({ uid, receivedAt }))).toEqual(expected);
      expect(new Set(rows.map((r) => r.id)).size).toBe(messages.length);
      expect(reachedImapflow).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the body download has every message byte for byte, as imapflow fetches them',
    async () => {
      const expected = new Map<number, Buffer>();
      for await (const m of client.fetch('1:*', { uid: true, source: true }, { uid: true }))
        expected.set(m.uid, m.source as Buffer);
      const cache = new SessionCache();
      const ids = new Map((await indexSelected(client, cache)).map((r) => [r.uid, r.id]));
      reachedImapflow = 0;
      const rows = await fetchSources(client, cache, [...expected.keys()]);
      expect(rows).toHaveLength(messages.length);
      for (const row of rows) {
        expect(row.source.equals(expected.get(row.uid) as Buffer)).toBe(true);
        expect(row.id).toBe(ids.get(row.uid));
      }
      expect(reachedImapflow).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lean rows (flags, date, size: what the bootstrap asks) are what imapflow fetches',
    async () => {
      const expected = new Map<number, { flags: string[]; date: number; size: number }>();
      for await (const m of client.fetch(
        '1:*',
        { uid: true, flags: true, internalDate: true, size: true },
        { uid: true },
      ))
        expected.set(m.uid, {
          flags: [...(m.flags ?? [])].sort(),
          date: new Date(m.internalDate as Date).getTime(),
          size: m.size ?? 0,
        });
      const cache = new SessionCache();
      const ids = new Map((await indexSelected(client, cache)).map((r) => [r.uid, r.id]));
      reachedImapflow = 0;
      const lean = { envelope: false, bodyStructure: false, preview: false, headers: false };
      const rows = await fetchMetadata(client, cache, [...expected.keys()], lean);
      expect(rows).toHaveLength(messages.length);
      for (const row of rows) {
        expect({
          flags: [...(row.message.flags ?? [])].sort(),
          date: new Date(row.message.internalDate as Date).getTime(),
          size: row.message.size,
        }).toEqual(expected.get(row.message.uid));
        expect(row.id).toBe(ids.get(row.message.uid));
      }
      expect(rows.find((r) => r.message.uid === 1)?.message.flags?.has('$Label1')).toBe(true);
      expect(reachedImapflow).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
