// Reply, Reply all and Forward (SEND-5, SEND-6, EXTERNAL-3) from parsed real messages.
import { describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { isUnparseable, type ParsedMessage } from '../../src/mail/types.js';
import {
  forwardSubject,
  replySubject,
  responseDraft,
  type AttributionText,
} from '../../src/mail/reply.js';

const WORDS: AttributionText = {
  wrote: (name) => `${name} wrote:`,
  forwarded: '-- Forwarded --',
  labels: { from: 'From', date: 'Date', subject: 'Subject', to: 'To', cc: 'Cc' },
  date: () => '2 Mar 2026',
};

const ME = [
  { name: 'Alice', address: 'alice@buzon.test' },
  { name: 'Alice (work)', address: 'alice@work.example' },
];

async function parse(lines: string[]): Promise<ParsedMessage> {
  const parsed = await createInlineParser().parse(new TextEncoder().encode(lines.join('\r\n')));
  if (isUnparseable(parsed)) throw new Error(parsed.error);
  return parsed;
}

const ORIGINAL = [
  'From: Bob Peña <bob@example.org>',
  'To: Alice <alice+lists@work.example>, Carla <carla@example.org>',
  'Cc: alice@buzon.test, Dani <dani@example.org>',
  'Subject: Presupuesto',
  'Date: Mon, 02 Mar 2026 09:00:00 +0100',
  'Message-ID: <orig-2@example.org>',
  'References: <root-1@example.org>',
  'In-Reply-To: <root-1@example.org>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Primera línea.',
  '> una cita anterior',
  '',
];

describe('SEND-5 reply and reply all', () => {
  it('SEND-5 Re: is added once, in any language the prefix came in', () => {
    expect(replySubject('Presupuesto')).toBe('Re: Presupuesto');
    expect(replySubject('RE: Presupuesto')).toBe('RE: Presupuesto');
    expect(replySubject('Aw: Angebot')).toBe('Aw: Angebot');
    expect(forwardSubject('Fwd: x')).toBe('Fwd: x');
    expect(forwardSubject('Re: x')).toBe('Fwd: Re: x');
  });

  it('SEND-5 a reply goes to the sender, quotes the text with "> " and threads', async () => {
    const d = responseDraft(await parse(ORIGINAL), 'reply', ME, WORDS);
    expect(d.to).toEqual([{ name: 'Bob Peña', address: 'bob@example.org' }]);
    expect(d.cc).toEqual([]);
    expect(d.subject).toBe('Re: Presupuesto');
    expect(d.text).toContain('Bob Peña wrote:\n> Primera línea.\n>> una cita anterior');
    expect(d.inReplyTo).toBe('orig-2@example.org');
    expect(d.references).toEqual(['root-1@example.org', 'orig-2@example.org']);
  });

  it('SEND-5 Reply all keeps everyone but the user, whose plus-addresses are theirs too', async () => {
    const d = responseDraft(await parse(ORIGINAL), 'reply-all', ME, WORDS);
    expect(d.to.map((a) => a.address)).toEqual(['bob@example.org']);
    expect(d.cc.map((a) => a.address)).toEqual(['carla@example.org', 'dani@example.org']);
  });

  it('SEND-5 Reply-To wins over From', async () => {
    const d = responseDraft(
      await parse(['Reply-To: lista@example.org', ...ORIGINAL]),
      'reply',
      ME,
      WORDS,
    );
    expect(d.to.map((a) => a.address)).toEqual(['lista@example.org']);
  });

  it('SEND-5 replying to one’s own sent message goes to its recipients', async () => {
    const mine = await parse([
      'From: Alice <alice@buzon.test>',
      'To: Bob <bob@example.org>',
      'Subject: Hola',
      'Message-ID: <mine@buzon.test>',
      '',
      'Hola Bob.',
      '',
    ]);
    expect(responseDraft(mine, 'reply', ME, WORDS).to.map((a) => a.address)).toEqual([
      'bob@example.org',
    ]);
  });

  it('EXTERNAL-3 SEND-7 the reply goes from the address the original was written to', async () => {
    const d = responseDraft(await parse(ORIGINAL), 'reply', ME, WORDS);
    // To: alice+lists@work.example comes before the Cc to alice@buzon.test.
    expect(d.from?.address).toBe('alice@work.example');
    const onlyCc = await parse(
      ORIGINAL.map((l) => l.replace(/^To: .*/, 'To: Carla <carla@example.org>')),
    );
    expect(responseDraft(onlyCc, 'reply', ME, WORDS).from?.address).toBe('alice@buzon.test');
    const none = await parse(
      ORIGINAL.map((l) => l.replace(/^To: .*/, 'To: otro@example.org')).filter(
        (l) => !l.startsWith('Cc:'),
      ),
    );
    expect(responseDraft(none, 'reply', ME, WORDS).from?.address).toBe('alice@buzon.test');
  });
});

describe('SEND-6 forward', () => {
  it('SEND-6 forwards inline under a header block, to nobody yet, with Fwd: once', async () => {
    const d = responseDraft(await parse(ORIGINAL), 'forward', ME, WORDS);
    expect(d.to).toEqual([]);
    expect(d.subject).toBe('Fwd: Presupuesto');
    expect(d.text).toContain(
      '-- Forwarded --\nFrom: Bob Peña <bob@example.org>\nDate: 2 Mar 2026\nSubject: Presupuesto',
    );
    expect(d.text).toContain('Primera línea.');
  });

  it('SEND-6 an HTML-only original is quoted as its text, never as HTML', async () => {
    const html = await parse([
      'From: Bob <bob@example.org>',
      'Subject: HTML',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Hola <b>Alice</b> &amp; co.</p><script>alert(1)</script><p>Adiós</p>',
      '',
    ]);
    const d = responseDraft(html, 'reply', ME, WORDS);
    expect(d.text).toContain('> Hola Alice & co.');
    expect(d.text).toContain('> Adiós');
    expect(d.text).not.toMatch(/<|alert/);
  });
});
