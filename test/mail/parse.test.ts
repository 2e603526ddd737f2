import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createInlineParser,
  parseBodyParts,
  parseMessage,
  PARSER_VERSION,
  summarizeMessage,
} from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import type { ParsedMessage, UnparseableMessage } from '../../src/mail/types.js';
import { eml } from './fixtures.js';

async function parsed(name: string): Promise<ParsedMessage> {
  const p = await parseMessage(eml(name));
  if (isUnparseable(p)) throw new Error(`${name} did not parse: ${p.error}`);
  return p;
}

async function broken(name: string): Promise<UnparseableMessage> {
  const p = await parseMessage(eml(name));
  if (!isUnparseable(p)) throw new Error(`${name} parsed but should not have`);
  return p;
}

describe('header hardening', () => {
  it('flags a message with two From headers (multiple-from) and shows the first', async () => {
    const m = await parsed('two-from.eml');
    expect(m.summary.warnings).toContain('multiple-from');
    expect(m.summary.from).toEqual([{ name: 'PayPal Support', address: 'service@paypal.example' }]);
  });

  it('removes NUL from display names and keeps (but flags) bidi controls', async () => {
    const m = await parsed('nasty-headers.eml');
    expect(m.summary.from[0].name).toBe('Bob the \u202Enimda');
    expect(m.summary.from[0].name).not.toContain('\0');
    expect(m.summary.to[0]).toEqual({ name: 'Alice', address: 'alice@example.org' });
    expect(m.summary.warnings).toContain('bidi-controls');
  });

  it('turns CR/LF in a decoded subject into spaces and drops NUL', async () => {
    const m = await parsed('nasty-headers.eml');
    expect(m.summary.subject).toBe('Hello Bcc: everyone@example.org there');
  });

  it('flags an address inside a display name (in From or Reply-To)', async () => {
    expect((await parsed('address-in-name.eml')).summary.warnings).toContain(
      'address-in-display-name',
    );
    expect((await parsed('nasty-headers.eml')).summary.warnings).toContain(
      'address-in-display-name',
    );
    expect((await parsed('two-from.eml')).summary.warnings).not.toContain(
      'address-in-display-name',
    );
  });

  it('reads Message-ID without angle brackets, threading headers and the read-receipt address', async () => {
    const m = await parsed('nasty-headers.eml');
    expect(m.summary.messageId).toBe('naked-id@example.com');
    expect(m.summary.inReplyTo).toBe('parent@example.com');
    expect(m.summary.references).toEqual(['root@example.com', 'parent@example.com']);
    expect(m.dispositionNotificationTo).toBe('bob@example.com');
    expect((await parsed('alternative-related-cid.eml')).summary.messageId).toBe(
      'news-1@example.com',
    );
  });

  it('SEND-10 reads priority from X-Priority, then Importance', async () => {
    expect((await parsed('nasty-headers.eml')).summary.priority).toBe(1);
    expect((await parsed('address-in-name.eml')).summary.priority).toBe(2);
    expect((await parsed('two-from.eml')).summary.priority).toBe(3);
  });

  it('decodes an unlabeled 8-bit (latin-1) subject and body without replacement characters', async () => {
    const m = await parsed('latin1-unlabeled.eml');
    expect(m.summary.subject).toBe('Café con leche');
    expect(m.summary.from[0].name).toBe('José');
    expect(m.parts).toEqual([
      { kind: 'text', text: 'Mañana tomamos un café en la plaza.\n', flowed: false },
    ]);
  });

  it('parses the Date header to epoch ms', async () => {
    expect((await parsed('two-from.eml')).summary.sentAt).toBe(Date.UTC(2025, 5, 2, 10));
    expect((await parsed('flowed.eml')).summary.sentAt).toBeNull();
  });
});

describe('display decisions (MIME walk)', () => {
  it('multipart/alternative + related: shows the HTML only, the cid image is an inline resource', async () => {
    const m = await parsed('alternative-related-cid.eml');
    expect(m.parts).toHaveLength(1);
    expect(m.parts[0].kind).toBe('html');
    const logo = m.attachments.find((a) => a.contentId === 'logo@example.com');
    expect(logo).toMatchObject({ related: true, mimeType: 'image/png', partId: '1.2.2' });
    expect(m.attachments.find((a) => a.filename === 'report.pdf')).toMatchObject({
      related: false,
      partId: '2',
    });
  });

  it('ATTACH-2 hasAttachment counts real attachments, not inline related images', async () => {
    expect((await parsed('alternative-related-cid.eml')).summary.hasAttachment).toBe(true);
    expect((await parsed('attachment-only.eml')).summary.hasAttachment).toBe(true);
    expect((await parsed('two-from.eml')).summary.hasAttachment).toBe(false);
  });

  it('never concatenates HTML parts: two HTML bodies in multipart/mixed are two display parts', async () => {
    const m = await parsed('two-html-parts.eml');
    expect(m.parts.map((p) => p.kind)).toEqual(['html', 'html']);
    expect(m.attachments.map((a) => a.filename)).toEqual(['pic.gif']);
  });

  it('shows an inline message/rfc822 as a nested message with its own headers and attachments', async () => {
    const m = await parsed('rfc822-inside.eml');
    expect(m.parts.map((p) => p.kind)).toEqual(['text', 'message']);
    const nested = m.parts[1];
    if (nested.kind !== 'message') throw new Error('expected a message part');
    expect(nested.message.summary.subject).toBe('Original');
    expect(nested.message.summary.from[0].address).toBe('orig@example.net');
    expect(nested.message.parts[0]).toEqual({
      kind: 'html',
      html: '<p>Inner <b>HTML</b> body</p>\n',
    });
    expect(nested.message.attachments[0]).toMatchObject({ filename: 'data.csv', partId: '2.2' });
    expect(m.summary.hasAttachment).toBe(true);
  });

  it('an attachment-only message has no body parts and one attachment', async () => {
    const m = await parsed('attachment-only.eml');
    expect(m.parts).toEqual([]);
    expect(m.attachments).toMatchObject([
      { filename: 'scan.pdf', mimeType: 'application/pdf', partId: '1' },
    ]);
    expect(new TextDecoder().decode(m.attachments[0].content)).toBe('%PDF-1.4 scanned page');
  });

  it('joins format=flowed lines and says so', async () => {
    const m = await parsed('flowed.eml');
    expect(m.parts[0]).toMatchObject({ kind: 'text', flowed: true });
    if (m.parts[0].kind !== 'text') throw new Error('text expected');
    expect(m.parts[0].text.split('\n')[0]).toBe(
      "This paragraph is long and was wrapped by the sender's client into several lines that belong together as one paragraph.",
    );
  });

  it('ATTACH-2 cleans hostile attachment names and keeps the original for display', async () => {
    const m = await parsed('hostile-filenames.eml');
    expect(m.attachments.map((a) => a.filename)).toEqual([
      'passwd',
      'evil.sh',
      'evil.bat',
      'invoicegnp.exe',
      '_CON.txt',
      'hidden',
    ]);
    expect(m.attachments[0].originalFilename).toBe('../../etc/passwd');
    expect(m.attachments[3].originalFilename).toBe('invoice\u202Egnp.exe');
  });

  it('keeps the readable start of a truncated message and its partial attachment', async () => {
    const m = await parsed('truncated.eml');
    expect(m.parts).toEqual([{ kind: 'text', text: 'The beginning survives.\n', flowed: false }]);
    expect(m.attachments[0].filename).toBe('report.pdf');
  });

  it('previews about 200 characters of text, or HTML stripped to text', async () => {
    expect((await parsed('two-from.eml')).summary.preview).toBe('Please confirm your account.');
    expect((await parsed('alternative-related-cid.eml')).summary.preview).toBe(
      'HTML version of the news.',
    );
    const long = new TextEncoder().encode(`From: a@b.c\nSubject: x\n\n${'word '.repeat(200)}`);
    const s = await summarizeMessage(long);
    if (isUnparseable(s)) throw new Error(s.error);
    expect(s.preview.length).toBeLessThanOrEqual(201);
    expect(s.preview.endsWith('…')).toBe(true);
  });
});

describe('bad mail never throws', () => {
  it('returns the raw source and a clear note for something that is not mail', async () => {
    const p = await broken('garbage.eml');
    expect(p.error).toMatch(/does not look like an e-mail/);
    expect(p.rawText).toContain('this is not mail at all');
    expect(p.parserVersion).toBe(PARSER_VERSION);
  });

  it('the inline parser answers summarize and parse with the same verdict', async () => {
    const parser = createInlineParser();
    expect(isUnparseable(await parser.summarize(eml('garbage.eml')))).toBe(true);
    const s = await parser.summarize(eml('two-from.eml'));
    expect(isUnparseable(s)).toBe(false);
  });
});

describe('summaries without attachment bytes', () => {
  const names = readdirSync(join(import.meta.dirname, '../fixtures/eml')).filter((n) =>
    n.endsWith('.eml'),
  );

  // A summary (the list row of every imported or synced message) is parsed without
  // decoding attachments; it must be the very summary the reader's full parse gives.
  it.each(names)(
    'ATTACH-2 the summary of %s (its list row, paperclip included) is the full parse’s',
    async (name) => {
      const full = await parseMessage(eml(name));
      const summary = await summarizeMessage(eml(name));
      expect(summary).toEqual(isUnparseable(full) ? full : full.summary);
    },
  );

  it('SEARCH-1 a long quoted-printable text decodes the same in a summary or the index’s read as in the reader', async () => {
    // ~60 KB of encoded text: many of the text-only decoder's 8 KB buffers, escapes and
    // soft line breaks across their edges.
    const line = 'Ma=C3=B1ana revisamos el presupuesto del a=C3=B1o =E2=82=AC 1=3D1 ok=\r\n';
    const body = Array.from({ length: 900 }, (_, i) => `${i} ${line}`).join('') + 'fin\r\n';
    const raw = new TextEncoder().encode(
      [
        'From: Ana <ana@example.com>',
        'To: bob@example.com',
        'Subject: Presupuesto',
        'Message-ID: <qp-long@example.com>',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        body,
      ].join('\r\n'),
    );
    const full = await parseMessage(raw);
    if (isUnparseable(full)) throw new Error(full.error);
    const shown = full.parts[0];
    if (shown?.kind !== 'text') throw new Error('no text part');
    expect(shown.text).toContain('899 Mañana revisamos el presupuesto del año € 1=1 ok');
    expect(shown.text).toMatch(/fin\s*$/);
    // The search index's read of the body: its display parts, from a text-only parse.
    expect(await parseBodyParts(raw)).toEqual(full.parts);
    expect(await summarizeMessage(raw)).toEqual(full.summary);
  });

  it('SEARCH-1 quoted-printable texts summarized at the same time each keep their own text (decoder buffers are reused)', async () => {
    const qp = (n: number) =>
      new TextEncoder().encode(
        [
          `From: sender${n}@example.com`,
          `Subject: QP ${n}`,
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          // Several buffers' worth for some, a line for others.
          ...Array.from({ length: n * 150 + 1 }, (_, i) => `Mensaje ${n} l=C3=ADnea ${i}=\r\n x`),
          '-- ',
          `firma ${n}`,
          '',
        ].join('\r\n'),
      );
    const raws = [0, 1, 2, 3, 4, 5, 6].map(qp);
    const one = [];
    for (const raw of raws) one.push(await summarizeMessage(raw));
    const together = await Promise.all(raws.map((raw) => summarizeMessage(raw)));
    expect(together).toEqual(one);
    for (const [n, s] of one.entries()) {
      if (isUnparseable(s)) throw new Error(s.error);
      expect(s.preview.startsWith(`Mensaje ${n} línea 0 x`)).toBe(true);
    }
  });

  it('ATTACH-2 the full parse after a summary still has every attachment’s bytes to view', async () => {
    await summarizeMessage(eml('alternative-related-cid.eml'));
    const m = await parsed('alternative-related-cid.eml');
    expect(m.attachments.map((a) => [a.mimeType, a.size > 0])).toEqual([
      ['image/png', true],
      ['application/pdf', true],
    ]);
    expect(m.summary.hasAttachment).toBe(true);
  });
});
