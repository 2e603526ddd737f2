// SEND-5 and SEND-16 in rich text: the quoted original of a reply and a text signature,
// as HTML for bz-rich-editor. The original is someone else's mail, so its HTML goes
// through the reader's sanitizer first (scripts, handlers, forms and remote content out,
// cid: images inlined as data:) before the editor's schema rebuilds it.
import { sanitizeMailHtml } from '../../../mail/sanitize.js';
import type { SanitizeOptions } from '../../../mail/sanitize.js';
import { SIGNATURE_SEPARATOR } from '../signature.js';

export type QuotedOriginal =
  | {
      kind: 'html';
      html: string;
      /** The original's inline parts: cid (no "cid:") → data: URL, or null. */
      resolveCid?: SanitizeOptions['resolveCid'];
      /** Remote images of the original stay out unless the user allowed them (VIEW-2). */
      allowRemote?: boolean;
    }
  | { kind: 'text'; text: string };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plain text as paragraphs (blank lines) with <br> line breaks, all escaped. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('');
}

/**
 * SEND-5: `<p>attribution</p><blockquote type="cite">original</blockquote>` — the
 * attribution ("On …, Ana wrote:") as text, the original sanitized (HTML) or escaped (text).
 */
export function quoteHtml(original: QuotedOriginal, attribution: string): string {
  const body =
    original.kind === 'html'
      ? sanitizeMailHtml(original.html, {
          allowRemote: original.allowRemote ?? false,
          resolveCid: original.resolveCid,
        }).html
      : textToHtml(original.text);
  return `<p>${escapeHtml(attribution)}</p><blockquote type="cite">${body}</blockquote>`;
}

/**
 * SEND-16: a text signature as HTML: the "-- " separator line (RFC 3676 §4.3; its
 * trailing space as &nbsp; so HTML keeps it), then the signature with its line breaks.
 */
export function signatureHtml(textSignature: string): string {
  const lines = textSignature.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  const separator = escapeHtml(SIGNATURE_SEPARATOR.trimEnd()) + '&nbsp;';
  return `<p>${[separator, ...lines.map(escapeHtml)].join('<br>')}</p>`;
}
