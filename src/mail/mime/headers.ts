// The message's own header fields (RFC 5322 §3.6), in the order mail clients write them.
// Content-* fields come from the body structure (structure.ts).
import type { MailAddress } from '../types.js';
import { addressListSegments, mailboxSegments } from './address.js';
import { assertSingleLine } from './checks.js';
import { formatDate } from './date.js';
import { MimeBuildError } from './errors.js';
import { foldHeader, raw } from './fold.js';
import { checkMessageId, checkReferencedId } from './message-id.js';
import type { OutgoingMessage, OutgoingPriority } from './types.js';
import { unstructuredSegments } from './unstructured.js';

/** RFC 5322 §3.6.8 field-name: printable ASCII but the colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** Fields the builder writes itself; an extra header may not repeat or contradict them. */
const RESERVED = new Set([
  'date',
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'x-priority',
  'importance',
  'priority',
  'disposition-notification-to',
]);

/**
 * SEND-10: X-Priority as Outlook and Thunderbird write it, Importance (RFC 2156) and
 * Priority (RFC 2156) for readers that look at those instead.
 */
const PRIORITY_HEADERS: Record<OutgoingPriority, [string, string][]> = {
  highest: [
    ['X-Priority', '1 (Highest)'],
    ['Importance', 'high'],
    ['Priority', 'urgent'],
  ],
  high: [
    ['X-Priority', '2 (High)'],
    ['Importance', 'high'],
    ['Priority', 'urgent'],
  ],
  normal: [],
  low: [
    ['X-Priority', '4 (Low)'],
    ['Importance', 'low'],
    ['Priority', 'non-urgent'],
  ],
  lowest: [
    ['X-Priority', '5 (Lowest)'],
    ['Importance', 'low'],
    ['Priority', 'non-urgent'],
  ],
};

function addressHeader(name: string, list: readonly MailAddress[] | undefined): string[] {
  return list && list.length > 0 ? [foldHeader(name, addressListSegments(list, name))] : [];
}

function checkExtraName(name: string): void {
  if (!FIELD_NAME.test(name)) {
    throw new MimeBuildError(`"${name}" is not a valid header name.`);
  }
  const lower = name.toLowerCase();
  if (RESERVED.has(lower) || lower.startsWith('content-')) {
    throw new MimeBuildError(`The ${name} header is written by the builder and cannot be added.`);
  }
}

/** Folded header fields, each without its final CRLF. Throws MimeBuildError on bad input. */
export function messageHeaders(m: OutgoingMessage): string[] {
  if (!m.from || !m.from.address || !m.from.address.trim()) {
    throw new MimeBuildError('The message has no sender (From is empty).');
  }
  const out = [
    foldHeader('Date', [raw(formatDate(m.date))]),
    foldHeader('From', mailboxSegments(m.from, 'From')),
  ];
  if (m.sender) out.push(foldHeader('Sender', mailboxSegments(m.sender, 'Sender')));
  out.push(
    ...addressHeader('To', m.to),
    ...addressHeader('Cc', m.cc),
    ...addressHeader('Bcc', m.bcc),
    ...addressHeader('Reply-To', m.replyTo),
    foldHeader('Subject', unstructuredSegments(m.subject, 'The subject')),
    foldHeader('Message-ID', [raw(`<${checkMessageId(m.messageId, 'The Message-ID')}>`)]),
  );
  if (m.inReplyTo) {
    out.push(
      foldHeader('In-Reply-To', [raw(`<${checkReferencedId(m.inReplyTo, 'In-Reply-To')}>`)]),
    );
  }
  if (m.references && m.references.length > 0) {
    const ids = m.references.map((id) => raw(`<${checkReferencedId(id, 'References')}>`));
    out.push(foldHeader('References', ids));
  }
  if (m.dispositionNotificationTo) {
    const segments = mailboxSegments(m.dispositionNotificationTo, 'Disposition-Notification-To');
    out.push(foldHeader('Disposition-Notification-To', segments));
  }
  const priority = m.priority ?? 'normal';
  if (!Object.hasOwn(PRIORITY_HEADERS, priority)) {
    throw new MimeBuildError(`"${String(priority)}" is not a priority.`);
  }
  for (const [name, value] of PRIORITY_HEADERS[priority]) out.push(foldHeader(name, [raw(value)]));
  for (const [name, value] of m.extraHeaders ?? []) {
    assertSingleLine(name, 'A header name');
    checkExtraName(name);
    out.push(foldHeader(name, unstructuredSegments(value, `The ${name} header`)));
  }
  out.push('MIME-Version: 1.0');
  return out;
}
