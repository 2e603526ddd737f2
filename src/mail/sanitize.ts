// HTML from a message, sanitized for the reader's sandboxed frame (ARCHITECTURE §
// Rendering untrusted mail). DOMPurify does the parsing and the element/attribute
// allowlist; the hooks below add the e-mail profile: remote content is blocked by
// construct class — every attribute whose value is a URL, every CSS fetch — and the
// frame's CSP is only the backstop. Runs on the browser main thread (needs a DOM).
import createDOMPurify from 'dompurify';
import type { DOMPurify, UponSanitizeAttributeHookEvent, WindowLike } from 'dompurify';
import { filterCss, judgeImageUrl, normalizeUrl } from './css.js';
import type { CssFilterOptions } from './css.js';

export interface SanitizeOptions {
  allowRemote: boolean;
  /** Resolves a `cid:` reference (no "cid:" prefix) to a data: URL, or null. */
  resolveCid?(cid: string): string | null;
  /** The window whose DOM parses the HTML; defaults to the current one. */
  window?: WindowLike;
}

export interface SanitizedHtml {
  /** A fragment: the message's (filtered) styles, then its body in a wrapper div. */
  html: string;
  /** Remote resources blocked that `allowRemote` would load; > 0 shows the banner (VIEW-2). */
  blockedRemote: number;
}

/** Elements that fetch, navigate, submit, script or escape the HTML namespace. */
const FORBID_TAGS = [
  'svg',
  'math',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'script',
  'noscript',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  'map',
  'area',
  'portal',
  'template',
  'title',
];

/**
 * Attributes that hold URLs by definition, dropped even when relative (a relative URL
 * in a srcdoc frame resolves against the app's origin). Values that look like URLs are
 * dropped from any other attribute too (see looksLikeUrl), so this list is not the
 * only line.
 */
const URL_ATTRIBUTES = new Set([
  'src',
  'srcset',
  'href',
  'background',
  'poster',
  'data',
  'action',
  'formaction',
  'xlink:href',
  'lowsrc',
  'dynsrc',
  'cite',
  'longdesc',
  'usemap',
  'ping',
  'codebase',
  'archive',
  'manifest',
  'profile',
  'icon',
  'srcdoc',
  'imagesrcset',
  'classid',
  'itemtype',
]);

/** A value with a scheme ("x:…" without spaces) or protocol-relative: something a browser could fetch. */
function looksLikeUrl(value: string): boolean {
  const v = normalizeUrl(value);
  return (
    /^[a-z][a-z0-9+.-]*:\S*$/i.test(value.trim()) || v.startsWith('//') || v.startsWith('\\\\')
  );
}

/** Links the user may follow (in a new tab): web pages and mail addresses only. */
function isSafeLink(value: string): boolean {
  const v = normalizeUrl(value);
  return /^(?:https?:\/\/|mailto:)/i.test(v) || /^#[\w-]*$/.test(v);
}

interface SanitizeRun extends CssFilterOptions {
  blocked: number;
  /** Judged image URLs, set after DOMPurify's own checks (which would refuse data: on `background`). */
  images: Map<Element, [string, string][]>;
}

let current: SanitizeRun | null = null;
const purifiers = new WeakMap<object, DOMPurify>();

function onAttribute(node: Element, data: UponSanitizeAttributeHookEvent): void {
  const run = current;
  if (!run) return;
  const name = data.attrName.toLowerCase();
  const tag = node.nodeName.toLowerCase();
  const value = data.attrValue;
  if (name === 'style') {
    const r = filterCss(value, run);
    run.blocked += r.blocked;
    data.attrValue = r.css;
    return;
  }
  if (tag === 'body' && name === 'text' && /^[#\w]+$/.test(value)) {
    data.forceKeepAttr = true; // legacy text colour, moved to CSS by wrapperStyle
    return;
  }
  if (name.startsWith('on') || name === 'ping') {
    data.keepAttr = false;
    return;
  }
  if (tag === 'a' && name === 'href') {
    if (!isSafeLink(value)) data.keepAttr = false;
    return;
  }
  if ((tag === 'img' && name === 'src') || name === 'background') {
    const verdict = judgeImageUrl(value, run);
    data.keepAttr = false;
    if ('keep' in verdict) {
      const list = run.images.get(node) ?? [];
      list.push([name, verdict.keep]);
      run.images.set(node, list);
    } else if (verdict.remote) run.blocked++;
    return;
  }
  if (tag === 'img' && name === 'srcset') {
    const urls = value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '');
    const verdicts = urls.map((u) => judgeImageUrl(u, run));
    if (!verdicts.every((v) => 'keep' in v && !/^data:/i.test(v.keep))) {
      data.keepAttr = false;
      if (verdicts.some((v) => 'drop' in v && v.remote)) run.blocked++;
    }
    return;
  }
  if (URL_ATTRIBUTES.has(name) || looksLikeUrl(value)) data.keepAttr = false;
}

function purifierFor(win: WindowLike): DOMPurify {
  let purify = purifiers.get(win);
  if (purify) return purify;
  purify = createDOMPurify(win);
  purify.addHook('uponSanitizeAttribute', onAttribute);
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (current && data.tagName === 'style' && node.textContent) {
      const r = filterCss(node.textContent, current);
      current.blocked += r.blocked;
      node.textContent = r.css;
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    for (const [name, value] of current?.images.get(node) ?? []) node.setAttribute(name, value);
    if (node.nodeName.toLowerCase() === 'a' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  purifiers.set(win, purify);
  return purify;
}

/** Moves the body's legacy presentation attributes onto the wrapper as CSS. */
function wrapperStyle(body: Element | null): string {
  if (!body) return '';
  const css: string[] = [];
  const bg = body.getAttribute('bgcolor');
  const text = body.getAttribute('text');
  const image = body.getAttribute('background');
  if (bg && /^[#\w]+$/.test(bg)) css.push(`background-color:${bg}`);
  if (text && /^[#\w]+$/.test(text)) css.push(`color:${text}`);
  if (image) css.push(`background-image:url("${image.replace(/["\\\n\r]/g, encodeURIComponent)}")`);
  const own = body.getAttribute('style');
  if (own) css.push(own);
  return css.join(';').replace(/"/g, '&quot;');
}

export function sanitizeMailHtml(html: string, opts: SanitizeOptions): SanitizedHtml {
  const win = opts.window ?? (globalThis as unknown as WindowLike);
  const purify = purifierFor(win);
  const run: SanitizeRun = {
    allowRemote: opts.allowRemote,
    resolveCid: opts.resolveCid ?? (() => null),
    blocked: 0,
    images: new Map(),
  };
  current = run;
  try {
    const root: Element = purify.sanitize(html, {
      WHOLE_DOCUMENT: true,
      RETURN_DOM: true,
      USE_PROFILES: { html: true },
      FORBID_TAGS,
      FORBID_ATTR: ['ping', 'srcdoc', 'formaction', 'action', 'xmlns'],
      ALLOW_DATA_ATTR: false,
    }) as Element;
    const head = root.querySelector('head');
    const styles = head ? [...head.querySelectorAll('style')].map((s) => s.outerHTML).join('') : '';
    const body = root.querySelector('body');
    const content = body ? body.innerHTML : root.innerHTML;
    const style = wrapperStyle(body);
    return {
      html: `${styles}<div class="bz-mail-body"${style ? ` style="${style}"` : ''}>${content}</div>`,
      blockedRemote: run.blocked,
    };
  } finally {
    current = null;
  }
}
