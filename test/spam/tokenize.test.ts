import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, MAX_TOKENS, tokenize } from '../../src/spam/tokenize.js';
import type { SpamInput } from '../../src/spam/types.js';
import { loadFixture } from './load.js';

const plain = (text: string, extra: Partial<SpamInput> = {}): SpamInput => ({
  headers: [],
  subject: '',
  fromAddress: 'someone@example.org',
  fromName: '',
  text,
  attachments: [],
  ...extra,
});

describe('tokenize', () => {
  it('SPAM-1 folds case and accents in Spanish mail (camión, CAMIÓN → camion)', async () => {
    const tokens = tokenize(await loadFixture('sa-ham.eml'));
    expect(tokens).toContain('camion');
    expect(tokens).toContain('reunion');
    expect(tokens).toContain('leon');
    expect(tokens).toContain('auditoria');
    expect(tokens).toContain('subject:reunion');
    expect(tokens).toContain('subject:camion');
    expect(tokens.some((t) => /[A-ZÁÉÍÓÚÑ]/.test(t.replace(/^header:|^x-mailer:/, '')))).toBe(
      false,
    );
  });

  it('SPAM-1 reads English words, keeps spam punctuation and drops short words', () => {
    const tokens = tokenize(
      plain('Buy NOW and save 80%!!! Only $19.99 (limited offer) at an outlet.'),
    );
    expect(tokens).toEqual(expect.arrayContaining(['buy', 'now', 'save', '80%!!!', '$19.99']));
    expect(tokens).toContain('limited');
    expect(tokens).toContain('offer');
    expect(tokens).not.toContain('at');
    expect(tokens).not.toContain('an');
    expect(tokens).not.toContain('(limited');
  });

  it('SPAM-1 summarises words longer than 12 characters', () => {
    const tokens = tokenize(plain('Supercalifragilistic aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'));
    expect(tokens).toContain('skip:s 20');
    expect(tokens).toContain('skip:a 30');
  });

  it('SPAM-1 learns From domain and name, Received hosts, Message-ID, Content-Type, X-Mailer', async () => {
    const tokens = tokenize(await loadFixture('sa-ham.eml'));
    expect(tokens).toEqual(
      expect.arrayContaining([
        'from:addr:example.es',
        'from:addr:correo.example.es',
        'from:name:luis',
        'from:name:pena',
        'received:correo.example.es',
        'received:ip:198.51.100',
        'message-id:@correo.example.es',
        'content-type:text/plain',
        'charset:iso-8859-1',
        'x-mailer:thunderbird 128.4',
        'url:intranet.example.es',
        'header:received:1',
      ]),
    );
  });

  it('SPAM-1 takes link hosts from the HTML and never learns the server verdict headers', async () => {
    const tokens = tokenize(await loadFixture('sa-spam.eml'));
    expect(tokens).toEqual(
      expect.arrayContaining([
        'url:click.deals-4u.example',
        'url:ip:203.0.113',
        'html:present',
        'html:remote-image',
        'x-mailer:none',
        'subject:gratis!',
      ]),
    );
    expect(tokens.filter((t) => /x-spam/i.test(t))).toEqual([]);
  });

  it('SPAM-1 bounds the work on a hostile message: 64 KB of text, at most MAX_TOKENS tokens', () => {
    const late = 'zzlateword';
    const filler = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    const huge = plain(`${filler} ${'x'.repeat(MAX_TEXT_CHARS)} ${late}`, {
      headers: Array.from({ length: 10_000 }, (_, i) => ({ key: `X-H${i}`, value: 'v' })),
      urls: Array.from({ length: 10_000 }, (_, i) => `http://h${i}.example/`),
    });
    const tokens = tokenize(huge);
    expect(tokens.length).toBeLessThanOrEqual(MAX_TOKENS);
    expect(tokens).not.toContain(late);
  });

  it('SPAM-1 gives each token once per message', () => {
    const tokens = tokenize(plain('spam spam spam eggs eggs'));
    expect(tokens.filter((t) => t === 'spam')).toHaveLength(1);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
