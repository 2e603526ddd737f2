import { describe, expect, it } from 'vitest';
import { filterCss } from '../../src/mail/css.js';

const blockOpts = {
  allowRemote: false,
  resolveCid: (cid: string) => (cid === 'a@b' ? 'data:image/png;base64,AAAA' : null),
};
const allowOpts = { ...blockOpts, allowRemote: true };

describe('VIEW-2 CSS from messages cannot fetch', () => {
  it('replaces remote url() and counts it; keeps it when remote content is allowed', () => {
    const css = 'background: url("https://evil.example/a.png") no-repeat; color: red';
    expect(filterCss(css, blockOpts)).toEqual({
      css: 'background: none no-repeat; color: red',
      blocked: 1,
    });
    expect(filterCss(css, allowOpts).css).toBe(
      'background: url("https://evil.example/a.png") no-repeat; color: red',
    );
  });

  it('sees through CSS escapes and comments', () => {
    const r = filterCss(
      'background: u\\72l(https://evil.example/e.png); b: \\75 rl(//evil.example/x)',
      blockOpts,
    );
    expect(r.css).not.toMatch(/evil/);
    expect(r.blocked).toBe(2);
    expect(filterCss('@im/**/port "https://evil.example/x.css"; p{}', blockOpts).css).not.toMatch(
      /evil/,
    );
  });

  it('drops @import and @font-face even when remote content is allowed', () => {
    const css =
      '@import url(https://evil.example/i.css); @import "x.css"; @font-face{src:url(https://evil.example/f.woff)} p{color:blue}';
    expect(filterCss(css, allowOpts).css.trim()).toBe('p{color:blue}');
  });

  it('treats the strings of image-set() and friends as URLs', () => {
    const css =
      'background: image-set("https://evil.example/1.png" 1x, url(https://evil.example/2.png) 2x)';
    const r = filterCss(css, blockOpts);
    expect(r.css).toBe('background: none');
    expect(r.blocked).toBe(2);
    expect(filterCss('b: -webkit-image-set(url(//evil.example/w.png) 1x)', blockOpts).css).toBe(
      'b: none',
    );
    expect(filterCss('b: cross-fade("https://evil.example/c.png", red)', blockOpts).css).toBe(
      'b: none',
    );
    expect(filterCss(css, allowOpts).css).toBe(css);
  });

  it('resolves cid: images to data: URLs and keeps raster data: images', () => {
    expect(filterCss('background:url(cid:a@b)', blockOpts).css).toBe(
      'background:url("data:image/png;base64,AAAA")',
    );
    expect(filterCss('background:url(cid:missing)', blockOpts).css).toBe('background:none');
    expect(filterCss("background:url('data:image/gif;base64,R0lG')", blockOpts).css).toBe(
      'background:url("data:image/gif;base64,R0lG")',
    );
    expect(filterCss('background:url(data:image/svg+xml,<svg/>)', blockOpts).css).toBe(
      'background:none',
    );
    expect(filterCss('background:url(javascript:alert(1))', allowOpts).css).toBe('background:none');
  });
});
