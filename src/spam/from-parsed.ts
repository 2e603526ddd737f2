// SPAM-1: a parsed message reduced to the plain data spam detection reads. Pure (no DOM).
// The app's own parse path (mail/parse.ts, in the parse worker) gives a ParsedMessage
// (spamInputFromParsed); the corpus test and the benchmark read postal-mime's Email directly.
import type { Address, Email } from 'postal-mime';
import type { DisplayPart, ParsedMessage } from '../mail/types.js';
import { htmlToPlainText } from '../mail/text.js';
import type { SpamInput } from './types.js';
import { MAX_HTML_CHARS, MAX_TEXT_CHARS, MAX_URLS } from './tokenize.js';

const LINK_ATTR = /\b(?:href|src|action)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** Link targets of the HTML's first MAX_HTML_CHARS, at most MAX_URLS; relative ones skipped. */
export function htmlLinks(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.slice(0, MAX_HTML_CHARS).matchAll(LINK_ATTR)) {
    const url = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (/^(?:https?:|mailto:|\/\/|www\.)/i.test(url)) urls.push(url);
    if (urls.length >= MAX_URLS) break;
  }
  return urls;
}

function firstMailbox(a: Address | undefined): { name: string; address: string } {
  if (!a) return { name: '', address: '' };
  if (a.group) return a.group[0] ?? { name: a.name, address: '' };
  return { name: a.name, address: a.address ?? '' };
}

export function spamInputFromEmail(email: Email): SpamInput {
  const from = firstMailbox(email.from);
  const html = email.html?.slice(0, MAX_HTML_CHARS);
  // postal-mime derives `text` from the HTML when there is no text part; when it did not,
  // strip the markup ourselves so the words are still read.
  const text = email.text ?? (html ? htmlToPlainText(html) : '');
  return {
    headers: email.headers.map((h) => ({ key: h.originalKey, value: h.value })),
    subject: email.subject ?? '',
    fromAddress: from.address,
    fromName: from.name,
    text: text.slice(0, MAX_TEXT_CHARS),
    ...(html ? { html, urls: htmlLinks(html) } : {}),
    attachments: email.attachments.map((a) => ({
      filename: a.filename ?? '',
      mimeType: a.mimeType,
    })),
  };
}

/** The text and HTML of the displayable parts, nested messages' parts included. */
function bodyOf(parts: readonly DisplayPart[], out: { text: string[]; html: string[] }): void {
  for (const p of parts) {
    if (p.kind === 'text') out.text.push(p.text);
    else if (p.kind === 'html') out.html.push(p.html);
    else bodyOf(p.message.parts, out);
  }
}

/**
 * SPAM-2: the same SpamInput from the app's ParsedMessage. The parser shows one alternative
 * of a multipart/alternative (the HTML one when there is one), so the text comes from the
 * text parts when there are any, else from the HTML, as spamInputFromEmail does.
 */
export function spamInputFromParsed(parsed: ParsedMessage): SpamInput {
  const body = { text: [] as string[], html: [] as string[] };
  bodyOf(parsed.parts, body);
  const html = body.html.join('\n').slice(0, MAX_HTML_CHARS);
  const text = body.text.length > 0 ? body.text.join('\n') : html ? htmlToPlainText(html) : '';
  const from = parsed.summary.from[0] ?? { name: '', address: '' };
  return {
    headers: parsed.headers.map((h) => ({ key: h.key, value: h.value })),
    subject: parsed.summary.subject,
    fromAddress: from.address,
    fromName: from.name,
    text: text.slice(0, MAX_TEXT_CHARS),
    ...(html ? { html, urls: htmlLinks(html) } : {}),
    attachments: parsed.attachments.map((a) => ({
      filename: a.originalFilename ?? '',
      mimeType: a.mimeType,
    })),
  };
}
