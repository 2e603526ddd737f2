import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, renderMail, renderPrintDocument } from '../../src/mail/render.js';
import { parseMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import type { ParsedMessage } from '../../src/mail/types.js';
import { emlInBrowser } from './browser-fixtures.js';

async function parsed(name: string): Promise<ParsedMessage> {
  const p = await parseMessage(await emlInBrowser(name));
  if (isUnparseable(p)) throw new Error(p.error);
  return p;
}

const doc = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

describe('reader documents', () => {
  it('VIEW-2 every frame starts its head with a strict CSP, remote images only when allowed', async () => {
    const m = await parsed('hostile-html.eml');
    for (const allowRemote of [false, true]) {
      const { frames } = renderMail(m, { allowRemote });
      const first = doc(frames[0]).head.firstElementChild;
      expect(first?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
      expect(first?.getAttribute('content')).toBe(contentSecurityPolicy(allowRemote));
    }
    expect(contentSecurityPolicy(false)).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'",
    );
    expect(contentSecurityPolicy(true)).toContain('img-src data: http: https:;');
  });

  it('VIEW-2 counts blocked remote content for the banner; none when allowed', async () => {
    const m = await parsed('hostile-html.eml');
    expect(renderMail(m, { allowRemote: false }).blockedRemote).toBe(13);
    expect(renderMail(m, { allowRemote: true }).blockedRemote).toBe(0);
    expect(renderMail(m, { allowRemote: false }).frames[0]).not.toMatch(/evil\.example/);
  });

  it('shows multipart/related HTML with its cid: image inlined and nothing blocked', async () => {
    const r = renderMail(await parsed('alternative-related-cid.eml'), { allowRemote: false });
    expect(r.frames).toHaveLength(1);
    expect(r.blockedRemote).toBe(0);
    const img = doc(r.frames[0]).querySelector('img');
    expect(img?.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(r.frames[0]).toContain('HTML version of the news.');
    expect(r.frames[0]).not.toContain('Plain version');
  });

  it('gives each HTML part its own document, never one concatenation', async () => {
    const r = renderMail(await parsed('two-html-parts.eml'), { allowRemote: false });
    expect(r.frames).toHaveLength(2);
    expect(r.frames[0]).toContain('First body');
    expect(r.frames[0]).not.toContain('Second body');
    expect(r.frames[1]).toContain('Second body');
  });

  it('escapes and linkifies plain text', async () => {
    const m = await parsed('two-from.eml');
    m.parts = [
      { kind: 'text', text: '<b>not bold</b> https://example.org\n> quote', flowed: false },
    ];
    const body = doc(renderMail(m, { allowRemote: false }).frames[0]).body;
    expect(body.querySelector('b')).toBeNull();
    expect(body.textContent).toContain('<b>not bold</b>');
    expect(body.querySelector('a')?.getAttribute('href')).toBe('https://example.org/'.slice(0, -1));
    expect(body.querySelector('.bz-quote')?.textContent).toBe('> quote');
  });

  it('shows a nested message with its escaped headers, then its body', async () => {
    const r = renderMail(await parsed('rfc822-inside.eml'), { allowRemote: false });
    expect(r.frames).toHaveLength(2);
    expect(r.frames[0]).toContain('See the forwarded message below.');
    const nested = doc(r.frames[1]);
    expect(nested.querySelector('.bz-headers')?.textContent).toContain(
      'Original Sender <orig@example.net>',
    );
    expect(nested.querySelector('.bz-headers')?.textContent).toContain('Subject:Original');
    expect(nested.querySelector('.bz-mail-body b')?.textContent).toBe('HTML');
  });

  it('VIEW-6 prints headers with real addresses, every body part and the attachment names', async () => {
    const m = await parsed('alternative-related-cid.eml');
    const printed = doc(renderPrintDocument(m));
    expect(printed.head.firstElementChild?.getAttribute('content')).toBe(
      contentSecurityPolicy(false),
    );
    const headers = printed.querySelector('.bz-headers')?.textContent ?? '';
    expect(headers).toContain('From:Newsletter <news@example.com>');
    expect(headers).toContain('To:you@example.org');
    expect(headers).toContain('Subject:Monthly news');
    expect(headers).toContain('Date:');
    expect(printed.body.textContent).toContain('HTML version of the news.');
    expect([...printed.querySelectorAll('.bz-attachments li')].map((li) => li.textContent)).toEqual(
      ['report.pdf'],
    );
    expect(printed.title).toBe('Monthly news');
  });

  it('VIEW-6 escapes hostile headers and isolates bidi names when printing', async () => {
    const m = await parsed('nasty-headers.eml');
    m.summary.subject = '<img src=x onerror=alert(1)>';
    const html = renderPrintDocument(m);
    expect(html).not.toContain('<img src=x');
    const printed = doc(html);
    expect(printed.querySelector('.bz-headers bdi')?.textContent).toBe('Bob the \u202Enimda');
    expect(printed.querySelector('.bz-headers')?.textContent).toContain('<bob@example.com>');
    expect(printed.title).toBe('<img src=x onerror=alert(1)>');
  });

  it('VIEW-6 prints with remote content blocked', async () => {
    expect(renderPrintDocument(await parsed('hostile-html.eml'))).not.toMatch(
      /evil\.example\/(?!.*<\/a>)/,
    );
    expect(renderPrintDocument(await parsed('hostile-html.eml'))).not.toContain('pixel.gif');
  });
});
