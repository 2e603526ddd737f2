// Documents for the reader's sandboxed iframes (srcdoc) and for printing. Each display
// part gets its own document with a strict CSP as the first thing in <head>; the frame
// is `sandbox="allow-popups allow-popups-to-escape-sandbox"`, so links open in new tabs.
import type {
  AttachmentInfo,
  DisplayPart,
  MailAddress,
  ParsedMessage,
  RenderedMail,
} from './types.js';
import { escapeHtml, linkify } from './linkify.js';
import { sanitizeMailHtml } from './sanitize.js';
import type { SanitizeOptions } from './sanitize.js';
import { DATA_IMAGE } from './css.js';

export interface RenderOptions {
  allowRemote: boolean;
  /** The window whose DOM DOMPurify uses; defaults to the current one. */
  window?: SanitizeOptions['window'];
}

export function contentSecurityPolicy(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${allowRemote ? ' http: https:' : ''}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const FRAME_CSS = `
body{margin:0;padding:8px;font:14px/1.45 system-ui,sans-serif;overflow-wrap:anywhere}
img{max-width:100%;height:auto}
pre.bz-text{white-space:pre-wrap;margin:0;font:inherit}
.bz-quote{color:#555;border-left:3px solid #99c;padding-left:6px;display:inline-block}
.bz-quote-2{border-color:#9c9}.bz-quote-3{border-color:#c99}
.bz-headers{border-bottom:1px solid #ccc;margin-bottom:8px;padding-bottom:6px}
.bz-headers dt{font-weight:bold;float:left;clear:left;margin-right:.5em}
.bz-headers dd{margin:0 0 2px 0}
section.bz-part{margin-bottom:16px}`;

function documentFor(body: string, allowRemote: boolean, title = ''): string {
  return (
    `<!doctype html><html><head>` +
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(allowRemote)}">` +
    `<meta name="referrer" content="no-referrer"><meta charset="utf-8">` +
    (title ? `<title>${escapeHtml(title)}</title>` : '') +
    `<style>${FRAME_CSS}</style></head><body>${body}</body></html>`
  );
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000; // String.fromCharCode's argument list must stay small
  for (let i = 0; i < bytes.length; i += CHUNK)
    s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

/** cid: → data: for the message's raster image parts (only images: CSP img-src data:). */
function cidResolver(attachments: AttachmentInfo[]): (cid: string) => string | null {
  const cache = new Map<string, string | null>();
  return (cid) => {
    let key = cid;
    try {
      key = decodeURIComponent(cid);
    } catch {
      /* keep as written */
    }
    key = key.toLowerCase();
    if (!cache.has(key)) {
      const a = attachments.find((x) => x.contentId?.toLowerCase() === key);
      const url = a ? `data:${a.mimeType};base64,${bytesToBase64(a.content)}` : null;
      cache.set(key, url && DATA_IMAGE.test(url) ? url : null);
    }
    return cache.get(key) ?? null;
  };
}

function formatAddresses(list: MailAddress[]): string {
  return list
    .map((a) =>
      a.name
        ? `<bdi>${escapeHtml(a.name)}</bdi> &lt;${escapeHtml(a.address)}&gt;`
        : escapeHtml(a.address),
    )
    .join(', ');
}

/** Escaped headers of a message; the real address always beside the display name. */
export function headerBlock(m: ParsedMessage): string {
  const s = m.summary;
  const rows: [string, string][] = [
    ['From', formatAddresses(s.from)],
    ['To', formatAddresses(s.to)],
    ['Cc', formatAddresses(s.cc)],
    ['Date', s.sentAt === null ? '' : escapeHtml(new Date(s.sentAt).toLocaleString())],
    ['Subject', `<bdi>${escapeHtml(s.subject)}</bdi>`],
  ];
  const body = rows
    .filter(([, v]) => v)
    .map(([k, v]) => `<dt>${k}:</dt><dd>${v}</dd>`)
    .join('');
  return `<dl class="bz-headers">${body}</dl>`;
}

interface PartContext {
  allowRemote: boolean;
  window?: SanitizeOptions['window'];
  blocked: number;
}

function partBody(
  part: Exclude<DisplayPart, { kind: 'message' }>,
  attachments: AttachmentInfo[],
  ctx: PartContext,
): string {
  if (part.kind === 'text') return `<pre class="bz-text" dir="auto">${linkify(part.text)}</pre>`;
  const r = sanitizeMailHtml(part.html, {
    allowRemote: ctx.allowRemote,
    resolveCid: cidResolver(attachments),
    window: ctx.window,
  });
  ctx.blocked += r.blockedRemote;
  return r.html;
}

/** Bodies for a list of parts; a nested message contributes its header block then its own parts. */
function renderParts(m: ParsedMessage, ctx: PartContext, lead: string, out: string[]): void {
  let pending = lead;
  for (const part of m.parts) {
    if (part.kind === 'message') {
      if (pending) out.push(pending);
      pending = '';
      renderParts(part.message, ctx, headerBlock(part.message), out);
      continue;
    }
    out.push(pending + partBody(part, m.attachments, ctx));
    pending = '';
  }
  if (pending) out.push(pending);
}

export function renderMail(parsed: ParsedMessage, opts: RenderOptions): RenderedMail {
  const ctx: PartContext = { allowRemote: opts.allowRemote, window: opts.window, blocked: 0 };
  const bodies: string[] = [];
  renderParts(parsed, ctx, '', bodies);
  return {
    frames: bodies.map((b) => documentFor(b, opts.allowRemote)),
    blockedRemote: ctx.blocked,
  };
}

function attachmentNames(m: ParsedMessage): string[] {
  const own = m.attachments.filter((a) => !a.related).map((a) => a.filename);
  const nested = m.parts.flatMap((p) => (p.kind === 'message' ? attachmentNames(p.message) : []));
  return [...own, ...nested];
}

/** VIEW-6: one printable document: headers, every body part (remote blocked), attachment names. */
export function renderPrintDocument(
  parsed: ParsedMessage,
  opts: Pick<RenderOptions, 'window'> = {},
): string {
  const ctx: PartContext = { allowRemote: false, window: opts.window, blocked: 0 };
  const bodies: string[] = [];
  renderParts(parsed, ctx, '', bodies);
  const names = attachmentNames(parsed);
  const list = names.length
    ? `<section class="bz-attachments"><h2>Attachments</h2><ul>${names
        .map((n) => `<li><bdi>${escapeHtml(n)}</bdi></li>`)
        .join('')}</ul></section>`
    : '';
  const parts = bodies.map((b) => `<section class="bz-part">${b}</section>`).join('');
  return documentFor(headerBlock(parsed) + parts + list, false, parsed.summary.subject);
}
