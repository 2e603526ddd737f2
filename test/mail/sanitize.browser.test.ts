import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from '../../src/mail/sanitize.js';
import { parseMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import { emlInBrowser } from './browser-fixtures.js';

async function hostileHtml(): Promise<string> {
  const p = await parseMessage(await emlInBrowser('hostile-html.eml'));
  if (isUnparseable(p) || p.parts[0]?.kind !== 'html')
    throw new Error('hostile-html.eml should parse to HTML');
  return p.parts[0].html;
}

/** Every URL a browser could fetch from this fragment: attributes (links excepted) and CSS. */
function fetchableUrls(html: string): string[] {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const urls: string[] = [];
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (el.localName === 'a' && attr.name === 'href') continue;
      if (/(?:https?:)?\/\/|url\s*\(/i.test(attr.value))
        urls.push(`${el.localName}[${attr.name}]=${attr.value}`);
    }
  }
  for (const style of doc.querySelectorAll('style')) {
    for (const m of style.textContent?.matchAll(/url\s*\([^)]*\)|@import[^;]*/gi) ?? [])
      urls.push(m[0]);
  }
  return urls;
}

describe('VIEW-2 e-mail HTML profile', () => {
  it('VIEW-2 blocks every remote construct class and counts what it blocked', async () => {
    const { html, blockedRemote } = sanitizeMailHtml(await hostileHtml(), { allowRemote: false });
    expect(html).not.toMatch(/evil\.example/);
    expect(fetchableUrls(html)).toEqual([]);
    // pixel, srcset, //protocol-relative, 2 div styles (1 + image-set), table, td, body,
    // and in <style>: body bg, image-set (2 URLs), -webkit-image-set, escaped url.
    expect(blockedRemote).toBe(13);
    // The harmless content is still there.
    expect(html).toContain('<b>friend</b>');
    expect(html).toContain('styled div');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelector('img[alt="inline data"]')?.getAttribute('src')).toMatch(
      /^data:image\/png;base64,/,
    );
  });

  it('VIEW-2 drops SVG, MathML, link, meta, base, forms, inputs, iframes, objects, embeds, media and ping', async () => {
    const { html } = sanitizeMailHtml(await hostileHtml(), { allowRemote: true });
    for (const tag of [
      'svg',
      'math',
      'link',
      'meta',
      'base',
      'form',
      'input',
      'button',
      'iframe',
      'object',
      'embed',
      'video',
      'audio',
      'script',
      'map',
      'area',
    ]) {
      expect(html, tag).not.toMatch(new RegExp(`<${tag}\\b`, 'i'));
    }
    expect(html).not.toMatch(
      /\sping=|@import|@font-face|lowsrc|dynsrc|longdesc|cite=|usemap|formaction|poster/i,
    );
  });

  it('VIEW-2 never lets scripts or event handlers through, even with remote content allowed', async () => {
    for (const allowRemote of [false, true]) {
      const { html } = sanitizeMailHtml(await hostileHtml(), { allowRemote });
      expect(html).not.toMatch(/<script|javascript:|\son\w+\s*=|alert\(/i);
    }
  });

  it('VIEW-2 with remote content allowed, remote images and CSS images come back', async () => {
    const { html, blockedRemote } = sanitizeMailHtml(await hostileHtml(), { allowRemote: true });
    expect(blockedRemote).toBe(0);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const srcs = [...doc.querySelectorAll('img')].map((i) => i.getAttribute('src'));
    expect(srcs).toContain('https://evil.example/pixel.gif');
    expect(srcs).toContain('https://evil.example/protocol-relative.gif');
    expect(html).toContain(
      'srcset="https://evil.example/srcset.png 1x, https://evil.example/srcset2.png 2x"',
    );
    const styles = [...doc.querySelectorAll('[style]')].map((e) => e.getAttribute('style'));
    expect(styles).toContain('background: url("https://evil.example/div-bg.png")');
    expect(styles).toContain('background-image:url("https://evil.example/body-bg.png")');
    expect(html).toContain('url("https://evil.example/style-bg.png")');
    expect(html).toContain('background="https://evil.example/table-bg.png"');
    // Still never fetched: stylesheets, fonts, frames, objects.
    expect(html).not.toMatch(/import\.css|font\.woff|frame\.html|object\.swf|refresh|base\//);
  });

  it('VIEW-2 links keep http(s)/mailto, open in a new tab, and lose javascript:', async () => {
    const { html } = sanitizeMailHtml(await hostileHtml(), { allowRemote: false });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const anchors = [...doc.querySelectorAll('a')];
    expect(anchors.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.org/page',
      null,
      'mailto:me@example.org',
      'https://example.org/x',
    ]);
    for (const a of anchors.filter((x) => x.hasAttribute('href'))) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('VIEW-2 resolves cid: images to data: URLs from the message and drops unknown ones', () => {
    const { html } = sanitizeMailHtml(
      '<img src="cid:logo@x"><img src="cid:nope"><img src="relative.png">',
      {
        allowRemote: false,
        resolveCid: (cid) => (cid === 'logo@x' ? 'data:image/png;base64,iVBO' : null),
      },
    );
    expect(html).toBe(
      '<div class="bz-mail-body"><img src="data:image/png;base64,iVBO"><img><img></div>',
    );
  });

  it('VIEW-2 keeps body colours and resists attribute-value tricks', () => {
    const { html, blockedRemote } = sanitizeMailHtml(
      '<body bgcolor="#fafafa" text="navy"><p title="Re: hello">t</p><span title="https://evil.example/t">s</span><div data-x="https://evil.example/d">d</div>' +
        '<img src=" h t t p s://evil.example/spaced"><img src="jav&#x09;ascript:alert(1)"></body>',
      { allowRemote: false },
    );
    expect(html).toContain('style="background-color:#fafafa;color:navy"');
    expect(html).toContain('title="Re: hello"');
    expect(html).not.toMatch(/evil|javascript/i);
    expect(blockedRemote).toBe(0);
  });
});
