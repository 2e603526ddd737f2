// SEND-11: the machine-readable part of a read receipt (RFC 8098 §3.2), and the
// multipart/report that carries it with the human-readable text (RFC 6522).
import { assertSingleLine } from './checks.js';
import { MimeBuildError } from './errors.js';
import type { Part } from './part.js';
import type { MdnReport } from './types.js';

const encoder = new TextEncoder();

/** The user chose to send it, after the message was displayed (§3.2.6). */
const DISPOSITION = 'manual-action/MDN-sent-manually; displayed';

export function mdnPart(report: MdnReport): Part {
  assertSingleLine(report.finalRecipient, 'The read-receipt recipient');
  if (report.originalMessageId !== null)
    assertSingleLine(report.originalMessageId, 'The Message-ID of a read receipt');
  const lines = [
    // ASCII, so the report stays 7bit (no 8BITMIME needed on the way).
    'Reporting-UA: buzon; Buzon',
    `Final-Recipient: rfc822;${report.finalRecipient}`,
    ...(report.originalMessageId ? [`Original-Message-ID: <${report.originalMessageId}>`] : []),
    `Disposition: ${DISPOSITION}`,
    '',
  ];
  const bytes = encoder.encode(lines.join('\r\n'));
  // An address or id outside ASCII would need RFC 6533; the builder refuses those upstream.
  if (bytes.some((b) => b > 0x7f)) throw new MimeBuildError('A read receipt must be ASCII.');
  return {
    headers: ['Content-Type: message/disposition-notification', 'Content-Transfer-Encoding: 7bit'],
    body: [bytes],
    unencoded: [bytes],
    eightBit: false,
  };
}
