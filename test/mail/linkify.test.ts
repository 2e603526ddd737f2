import { describe, expect, it } from 'vitest';
import { escapeHtml, linkify } from '../../src/mail/linkify.js';

describe('linkify (plain text mail in the reader)', () => {
  it('escapes markup so text can never become HTML', () => {
    expect(linkify('<script>alert(1)</script> & "q"')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;',
    );
  });

  it('links http(s), www, mailto and bare addresses, opening in a new tab', () => {
    const html = linkify(
      'See https://example.org/a?b=1&c=2, www.example.com or write to ana@example.es.',
    );
    expect(html).toContain(
      '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>,',
    );
    expect(html).toContain('<a href="https://www.example.com"');
    expect(html).toContain(
      '<a href="mailto:ana@example.es" target="_blank" rel="noopener noreferrer">ana@example.es</a>.',
    );
    expect(linkify('mailto:x@y.example')).toContain('href="mailto:x@y.example"');
  });

  it('never links javascript: and keeps quotes out of attributes', () => {
    expect(linkify('javascript:alert(1)')).not.toContain('<a');
    const html = linkify('https://evil.example/"onmouseover="alert(1)');
    expect(html).toContain('href="https://evil.example/"');
    expect(html).not.toMatch(/<a [^>]*onmouseover/);
  });

  it('keeps a parenthesis that belongs to the URL', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/Mail_(disambiguation))')).toContain(
      'href="https://en.wikipedia.org/wiki/Mail_(disambiguation)"',
    );
  });

  it('preserves line breaks and marks quoted lines by depth', () => {
    expect(linkify('hi\r\n> quoted\n>> deeper\nend')).toBe(
      'hi\n<span class="bz-quote bz-quote-1">&gt; quoted</span>\n<span class="bz-quote bz-quote-2">&gt;&gt; deeper</span>\nend',
    );
  });

  it('escapeHtml escapes both quote kinds for attributes', () => {
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });
});
