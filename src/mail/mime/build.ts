// buildMessage: the bytes of an outgoing message, ready for Drafts, Sent and the proxy.
// Structure (SEND-3, SEND-4, ATTACH-1):
//   text only                 text/plain
//   + html                    multipart/alternative (text/plain, text/html)
//   + inline images           … text/html becomes multipart/related (text/html, images)
//   + attachments             multipart/mixed (the above, attachments…)
import { messageHeaders } from './headers.js';
import { attachmentPart, textPart } from './leaf.js';
import { mdnPart } from './mdn.js';
import { concat, headerBytes, multipart, type Part } from './part.js';
import type { OutgoingMessage } from './types.js';

const CRLF = new TextEncoder().encode('\r\n');

function bodyStructure(m: OutgoingMessage): Part {
  // SEND-11: a read receipt is a report (RFC 6522), its text first.
  if (m.mdn) {
    return multipart(
      'report',
      [textPart('plain', m.text), mdnPart(m.mdn)],
      ' report-type=disposition-notification;',
    );
  }
  const attachments = m.attachments ?? [];
  // Images can only be inline when there is an HTML part to show them in.
  const inline = m.html ? attachments.filter((a) => a.contentId !== undefined) : [];
  const regular = attachments.filter((a) => !inline.includes(a));
  let body = textPart('plain', m.text);
  if (m.html) {
    let html = textPart('html', m.html);
    if (inline.length > 0) {
      const images = inline.map((a) => attachmentPart(a, 'inline'));
      // RFC 2387 §3.1: the type parameter names the root part's type.
      html = multipart('related', [html, ...images], ' type="text/html";');
    }
    body = multipart('alternative', [body, html]);
  }
  if (regular.length > 0) {
    body = multipart('mixed', [body, ...regular.map((a) => attachmentPart(a, 'attachment'))]);
  }
  return body;
}

/**
 * Builds the message: CRLF line endings, every line at most 998 octets, headers folded
 * at 76 columns where a fold is possible. Bcc is kept (the proxy strips it before SMTP).
 * Throws MimeBuildError on bad input; nothing is built then.
 */
export function buildMessage(message: OutgoingMessage): Uint8Array {
  const headers = messageHeaders(message);
  const body = bodyStructure(message);
  const last = body.body[body.body.length - 1];
  // A message ends with a line break; a text body that already has one keeps just that.
  const endsWithCrlf =
    last.length >= 2 && last[last.length - 2] === 13 && last[last.length - 1] === 10;
  const tail = endsWithCrlf ? [] : [CRLF];
  return concat([headerBytes([...headers, ...body.headers]), CRLF, ...body.body, ...tail]);
}
