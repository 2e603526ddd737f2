// CSS from a message (style attributes and <style> elements) with every way CSS can
// fetch a resource neutralised: url(), src(), image-set()/image()/cross-fade() strings,
// @import and @font-face. Escapes and comments are resolved first, so `u\72l(` and
// `@im/**/port` are seen for what they are. Pure string work, no DOM.

export interface CssFilterOptions {
  allowRemote: boolean;
  /** Resolves a `cid:` reference to a data: URL, or null when the message has no such part. */
  resolveCid(cid: string): string | null;
}

export interface FilteredCss {
  css: string;
  /** Remote http(s) references removed that `allowRemote` would have kept. */
  blocked: number;
}

/** Raster image data: URLs only; an SVG could reference further resources. */
export const DATA_IMAGE =
  /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif|x-icon|vnd\.microsoft\.icon)[;,]/i;
const REMOTE = /^(?:https?:)?\/\//i;

/** What the WHATWG URL parser ignores: C0 controls and spaces at the ends, tabs and newlines anywhere ("ht\ttp:"). */
export const normalizeUrl = (u: string): string =>
  // eslint-disable-next-line no-control-regex
  u.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');

export type UrlVerdict = { keep: string } | { drop: true; remote: boolean };

/** Decides what an image URL from a message may become (shared with the HTML sanitizer). */
export function judgeImageUrl(raw: string, opts: CssFilterOptions): UrlVerdict {
  const url = normalizeUrl(raw);
  if (DATA_IMAGE.test(url)) return { keep: url };
  if (/^cid:/i.test(url)) {
    const data = opts.resolveCid(url.slice(4));
    return data ? { keep: data } : { drop: true, remote: false };
  }
  if (REMOTE.test(url)) {
    return opts.allowRemote
      ? { keep: url.startsWith('//') ? `https:${url}` : url }
      : { drop: true, remote: true };
  }
  // Relative URLs would resolve against the app's own origin; other schemes are not images.
  return { drop: true, remote: false };
}

function unescapeCss(css: string): string {
  const once = css
    .replace(/\\\r?\n/g, '')
    .replace(/\\([0-9a-fA-F]{1,6})[ \t\n]?/g, (_m, hex: string) => {
      const cp = parseInt(hex, 16);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    })
    .replace(/\\(.)/g, '$1');
  // An escape that decoded to a backslash would start a new escape in the browser.
  return once.replace(/\\/g, '');
}

/** Index just past the parenthesis that closes the one opened before `from`. */
function closingParen(css: string, from: number): number {
  let depth = 1;
  let quote = '';
  for (let i = from; i < css.length; i++) {
    const c = css[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return css.length;
}

const URL_FUNCTION = /(?<![\w-])(?:url|src)\s*\(/gi;
const IMAGE_FUNCTION = /(?<![\w-])(?:-webkit-)?(?:image-set|cross-fade|image)\s*\(/gi;

/** Rewrites each url()/src() call (and image-function string) through `judgeImageUrl`. */
function replaceUrls(css: string, opts: CssFilterOptions, counter: { blocked: number }): string {
  let out = '';
  let last = 0;
  for (const m of css.matchAll(
    new RegExp(`${IMAGE_FUNCTION.source}|${URL_FUNCTION.source}`, 'gi'),
  )) {
    if (m.index < last) continue;
    const end = closingParen(css, m.index + m[0].length);
    const inner = css.slice(m.index + m[0].length, end - 1);
    out += css.slice(last, m.index);
    last = end;
    const fn = m[0].replace(/\s*\($/, '').toLowerCase();
    if (fn === 'url' || fn === 'src') {
      const verdict = judgeImageUrl(inner.trim().replace(/^(["'])([\s\S]*)\1$/, '$2'), opts);
      if ('keep' in verdict)
        out += `url("${verdict.keep.replace(/["\\\n\r]/g, encodeURIComponent)}")`;
      else {
        if (verdict.remote) counter.blocked++;
        out += 'none';
      }
      continue;
    }
    // An image function: its strings are URLs too. Keep it only if every URL survives.
    const urls = [
      ...inner.matchAll(/(?<![\w-])(?:url|src)\s*\(\s*(["']?)([^"')]*)\1\s*\)|(["'])([^"']*)\3/gi),
    ].map((u) => u[2] ?? u[4] ?? '');
    const verdicts = urls.map((u) => judgeImageUrl(u, opts));
    if (verdicts.every((v) => 'keep' in v) && !/cid:/i.test(inner)) out += css.slice(m.index, end);
    else {
      counter.blocked += verdicts.filter((v) => 'drop' in v && v.remote).length;
      out += 'none';
    }
  }
  return out + css.slice(last);
}

export function filterCss(css: string, opts: CssFilterOptions): FilteredCss {
  const counter = { blocked: 0 };
  let s = unescapeCss(css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ''));
  // At-rules that fetch: whole statement or block goes, remote or not.
  s = s.replace(/@import\b[^;]*(?:;|$)/gi, '');
  s = s.replace(/@font-face\s*\{[^}]*\}?/gi, '');
  // Legacy fetching properties (IE behaviors, XBL bindings) and IE expressions.
  s = s.replace(/(?:behavior|-moz-binding)\s*:[^;}]*/gi, '').replace(/expression\s*\(/gi, 'none(');
  s = replaceUrls(s, opts, counter);
  return { css: s, blocked: counter.blocked };
}
