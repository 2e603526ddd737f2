// SPAM-1: a postal-mime Email reduced to the plain data spam detection reads. Pure (no DOM):
// the app calls it in its parse worker; the corpus test and the benchmark in Node.
import type { Address, Email } from 'postal-mime';
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
