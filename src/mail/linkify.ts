// Plain text to HTML for the reader frame: everything escaped, http(s)/mailto URLs and
// bare addresses turned into links, line breaks kept (the frame uses white-space:
// pre-wrap), and quoted lines (">") marked by depth for styling.

import { escapeHtml } from './escape-html.js';

export { escapeHtml };

/** The deepest quote level we style differently; deeper quotes look like this one. */
const MAX_QUOTE_DEPTH = 3;

// URLs with a scheme we allow, "www." hosts, and bare addresses. Stops at whitespace,
// angle brackets and quotes, which cannot be part of a URL written in running text.
const LINK =
  /\b(?:https?:\/\/|mailto:|www\.)[^\s<>"'`]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gi;
const TRAILING_PUNCT = /[.,;:!?'")\]}]+$/;

function trimUrl(url: string): string {
  let u = url.replace(TRAILING_PUNCT, '');
  // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia links).
  const tail = url.slice(u.length);
  if (tail.startsWith(')') && (u.match(/\(/g)?.length ?? 0) > (u.match(/\)/g)?.length ?? 0))
    u += ')';
  return u;
}

function hrefFor(text: string): string {
  if (/^https?:\/\//i.test(text) || /^mailto:/i.test(text)) return text;
  if (/^www\./i.test(text)) return `https://${text}`;
  return `mailto:${text}`;
}

function linkifyLine(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(LINK)) {
    const start = m.index;
    const text = trimUrl(m[0]);
    if (!text || (text.includes('@') === false && text.length < 5)) continue;
    out += escapeHtml(line.slice(last, start));
    const href = escapeHtml(hrefFor(text));
    out += `<a href="${href}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
    last = start + text.length;
  }
  return out + escapeHtml(line.slice(last));
}

function quoteDepth(line: string): number {
  const m = line.match(/^(?:[ \t]*>)+/);
  return m ? Math.min((m[0].match(/>/g) ?? []).length, MAX_QUOTE_DEPTH) : 0;
}

/** Returns HTML for a `<pre>`-like container: links, escaped text, quote spans. */
export function linkify(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const depth = quoteDepth(line);
      const html = linkifyLine(line);
      return depth ? `<span class="bz-quote bz-quote-${depth}">${html}</span>` : html;
    })
    .join('\n');
}
