// SEND-3: the links the rich editor admits — web pages and mail addresses only.
import { describe, expect, it } from 'vitest';
import { isSafeLinkUrl, linkFromInput } from '../../../src/ui/compose/rich/link-url.js';

describe('rich-text links (SEND-3)', () => {
  it('SEND-3 admits http, https and mailto URLs only', () => {
    expect(isSafeLinkUrl('https://buzon.example/a?b=1#c')).toBe(true);
    expect(isSafeLinkUrl('HTTP://buzon.example')).toBe(true);
    expect(isSafeLinkUrl('mailto:ana@buzon.example?subject=Hola')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      'tel:+34600000000',
      'https://',
      'https://a.example/\u0000',
      '//evil.example',
      '/relative',
      null,
    ]) {
      expect(isSafeLinkUrl(bad), String(bad)).toBe(false);
    }
  });

  it('SEND-3 completes what people type: a bare address gets mailto:, a bare host https://', () => {
    expect(linkFromInput('  buzon.example/agenda ')).toBe('https://buzon.example/agenda');
    expect(linkFromInput('ana@buzon.example')).toBe('mailto:ana@buzon.example');
    expect(linkFromInput('https://buzon.example')).toBe('https://buzon.example');
    expect(linkFromInput('javascript:alert(1)')).toBeNull();
    expect(linkFromInput('data:text/html,hola')).toBeNull();
    expect(linkFromInput('hola')).toBeNull();
    expect(linkFromInput('')).toBeNull();
  });
});
