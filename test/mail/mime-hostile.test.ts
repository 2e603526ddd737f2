// The MIME builder against hostile or broken input: header injection is refused with a
// MimeBuildError (nothing built), odd but legal input still comes out valid.
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import {
  buildMessage,
  MimeBuildError,
  newMessageId,
  type OutgoingMessage,
} from '../../src/mail/mime/index.js';
import { base, PNG } from './mime/fixtures.js';
import { inspectWithPython, pyLeaves } from './mime/python-strict.js';

const INJECTION = 'hola\r\nBcc: victim@example.com';

/** RFC 5322 §3.6.4 msg-id without brackets: dot-atom-text "@" dot-atom-text. */
const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]+";
const MSG_ID = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@${ATEXT}(?:\\.${ATEXT})*$`);

function refused(overrides: Partial<OutgoingMessage>): MimeBuildError {
  try {
    buildMessage(base(overrides));
  } catch (e) {
    if (e instanceof MimeBuildError) return e;
    throw e;
  }
  throw new Error('the builder accepted bad input');
}

function longestLine(bytes: Uint8Array): number {
  let longest = 0;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) {
      longest = Math.max(longest, i - 1 - start);
      start = i + 1;
    }
  }
  return Math.max(longest, bytes.length - start);
}

describe('SEND-1 header injection is refused', () => {
  const cases: [string, Partial<OutgoingMessage>][] = [
    ['subject', { subject: INJECTION }],
    ['subject with a bare LF', { subject: 'hola\nX-Evil: 1' }],
    ['From name', { from: { name: INJECTION, address: 'a@example.com' } }],
    ['To name', { to: [{ name: 'Ana\rX', address: 'ana@example.com' }] }],
    ['To address', { to: [{ name: '', address: 'ana@example.com\r\nBcc: x@y.z' }] }],
    ['Bcc address', { bcc: [{ name: '', address: 'x@y.z\n' }] }],
    [
      'attachment filename',
      {
        attachments: [
          { filename: 'a.pdf\r\nContent-Type: text/html', type: 'application/pdf', bytes: PNG },
        ],
      },
    ],
    ['extra header value', { extraHeaders: [['X-Mailer', INJECTION]] }],
    ['extra header name', { extraHeaders: [['X-Mailer\r\nBcc', 'x']] }],
    [
      'Content-ID',
      {
        html: '<img src="cid:a">',
        attachments: [
          { filename: 'a.png', type: 'image/png', bytes: PNG, contentId: 'a@b\r\nX: y' },
        ],
      },
    ],
    ['Message-ID', { messageId: 'abc@example.com\r\nBcc: x@y.z' }],
    ['In-Reply-To', { inReplyTo: 'abc@example.com\nX: y' }],
    ['References', { references: ['ok@example.com', 'bad@example.com\r\n'] }],
  ];
  it.each(cases)('SEND-1 refuses CR/LF in the %s', (_, overrides) => {
    expect(refused(overrides).message).toMatch(
      /line break|not a usable|not a valid|not an e-mail|not allowed/,
    );
  });
});

describe('SEND-1 bad input gets a clear MimeBuildError', () => {
  it('SEND-1 refuses an address without @', () => {
    expect(refused({ to: [{ name: 'Ana', address: 'ana.example.com' }] }).message).toContain(
      'is not an e-mail address',
    );
  });

  it('SEND-1 refuses an empty From', () => {
    expect(refused({ from: { name: 'José', address: '' } }).message).toContain('From is empty');
  });

  it('SEND-1 refuses a non-ASCII local part (SMTPUTF8 is not supported) with a clear message', () => {
    expect(refused({ to: [{ name: '', address: 'josé@example.com' }] }).message).toContain(
      'SMTPUTF8',
    );
  });

  it('SEND-1 sends an IDN domain as punycode', async () => {
    const email = await PostalMime.parse(
      buildMessage(base({ to: [{ name: '', address: 'ana@españa.example' }] })),
    );
    expect(email.to?.[0]).toMatchObject({ address: 'ana@xn--espaa-rta.example' });
  });

  it('SEND-1 refuses header names that are not RFC 5322 ftext or that the builder writes', () => {
    expect(refused({ extraHeaders: [['X Bad', 'x']] }).message).toContain(
      'not a valid header name',
    );
    expect(refused({ extraHeaders: [['X-Bad:', 'x']] }).message).toContain(
      'not a valid header name',
    );
    expect(refused({ extraHeaders: [['Content-Type', 'text/html']] }).message).toContain(
      'cannot be added',
    );
    expect(refused({ extraHeaders: [['bcc', 'x@y.z']] }).message).toContain('cannot be added');
  });

  it('SEND-1 refuses an invalid date and an invalid Message-ID', () => {
    expect(refused({ date: new Date(Number.NaN) }).message).toContain('not a valid date');
    expect(refused({ messageId: '<abc@example.com>' }).message).toContain('not a valid message id');
    expect(refused({ messageId: 'no-at-sign' }).message).toContain('not a valid message id');
  });
});

describe('SEND-1 odd but legal input still comes out valid', () => {
  it('SEND-1 keeps every line within 998 octets whatever the input', () => {
    const huge = 'ñ'.repeat(5000);
    const m = buildMessage(
      base({
        subject: `${'x'.repeat(3000)} ${huge}`,
        from: { name: huge, address: 'a@example.com' },
        text: `${'x'.repeat(5000)}\r${huge}`,
        html: `<p>${'y'.repeat(5000)}</p>`,
        extraHeaders: [['X-Long', 'z'.repeat(3000)]],
        attachments: [{ filename: `${huge}.txt`, type: 'text/plain', bytes: new Uint8Array(5000) }],
      }),
    );
    expect(longestLine(m)).toBeLessThanOrEqual(998);
    const [p] = inspectWithPython([m]);
    expect(p.subject).toBe(`${'x'.repeat(3000)} ${huge}`);
    expect(p.addresses.from[0][0].replace(/\s/g, '')).toBe(huge);
  });

  it('SEND-1 turns a lone surrogate into U+FFFD instead of writing broken UTF-8', async () => {
    const m = buildMessage(base({ subject: 'roto \uD83D fin', text: 'a\uDE00b' }));
    const email = await PostalMime.parse(m);
    expect(email.subject).toBe('roto \uFFFD fin');
    expect(email.text?.trim()).toBe('a\uFFFDb');
    expect(inspectWithPython([m])[0].subject).toBe('roto \uFFFD fin');
  });

  it('SEND-1 splits a long non-Latin display name between words, within 75-character encoded-words', async () => {
    const name = 'Александра Владимировна Константинопольская Петрова-Иванова';
    const m = buildMessage(base({ to: [{ name, address: 'alex@example.com' }] }));
    const header = new TextDecoder().decode(m).split('\r\n\r\n')[0];
    const words = header.match(/=\?[^?]+\?[BQ]\?[^?]*\?=/g) ?? [];
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    const email = await PostalMime.parse(m);
    expect(email.to?.[0]).toEqual({ name, address: 'alex@example.com' });
    // Python keeps the space between two encoded-words of a phrase (RFC 2047 §6.2 says to
    // drop it); cutting just after a space means that reader sees at most a doubled space.
    const [p] = inspectWithPython([m]);
    expect(p.addresses.to[0][0].replace(/ {2,}/g, ' ')).toBe(name);
  });

  it('SEND-1 cuts a single word longer than one encoded-word between characters', async () => {
    // 30 Cyrillic letters are 60 UTF-8 octets, more than one 75-character B word holds.
    const name = 'Константинопольскаяиванованова';
    const m = buildMessage(base({ to: [{ name, address: 'k@example.com' }] }));
    const email = await PostalMime.parse(m);
    expect(email.to?.[0]).toEqual({ name, address: 'k@example.com' });
    // Known limit: Python shows a space at the cut (see the test above).
    const [p] = inspectWithPython([m]);
    expect(p.addresses.to[0][0].replace(/ /g, '')).toBe(name);
  });

  it('ATTACH-1 strips path separators, control and bidi characters from a filename', () => {
    const m = buildMessage(
      base({
        attachments: [
          { filename: '../../etc/passwd', type: 'text/plain', bytes: PNG },
          { filename: 'factura\u202Efdp.exe', type: 'application/pdf', bytes: PNG },
          { filename: 'C:\\Users\\ana\\informe.pdf', type: 'application/pdf', bytes: PNG },
        ],
      }),
    );
    const names = pyLeaves(inspectWithPython([m])[0].body)
      .slice(1)
      .map((p) => p.filename);
    expect(names).toEqual(['passwd', 'facturafdp.exe', 'informe.pdf']);
  });
});

describe('SEND-13 message ids', () => {
  it('SEND-13 newMessageId gives 10,000 unique RFC 5322 msg-ids', () => {
    const ids = Array.from({ length: 10_000 }, () => newMessageId('buzon.example'));
    expect(new Set(ids).size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(MSG_ID);
    expect(ids.every((id) => id.endsWith('@buzon.example'))).toBe(true);
  });

  it('SEND-13 newMessageId stays unique with a constant random source', () => {
    const ids = Array.from({ length: 1000 }, () => newMessageId('buzon.example', () => 'same'));
    expect(new Set(ids).size).toBe(1000);
  });

  it("SEND-13 a new Message-ID passes Python's strict msg-id parser", () => {
    const id = newMessageId('correo.españa.example');
    expect(id).toMatch(/@correo\.xn--espaa-rta\.example$/);
    const [p] = inspectWithPython([buildMessage(base({ messageId: id }))]);
    expect(p.headers.find(([k]) => k === 'Message-ID')?.[1]).toBe(`<${id}>`);
    expect(p.body.defects).toEqual([]);
  });

  it('SEND-13 newMessageId refuses a random source that breaks the msg-id syntax', () => {
    expect(() => newMessageId('buzon.example', () => 'a b')).toThrow(MimeBuildError);
    expect(() => newMessageId('not a domain')).toThrow(MimeBuildError);
  });
});
