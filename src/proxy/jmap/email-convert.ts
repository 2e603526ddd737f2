// IMAP FETCH data → RFC 8621 Email metadata. Header values are text for the client to
// show as text; nothing here is HTML.
import type { MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Email, EmailAddress } from '../../protocol/jmap-mail.js';
import { imapFlagToKeyword } from '../../protocol/keywords.js';
import { toUtcDate } from '../../protocol/primitives.js';
import type { FetchedMessage } from '../imap/messages.js';

/** RFC 8621 §4.1.4: a preview is at most 256 characters. */
const MAX_PREVIEW_CHARS = 256;

export function addresses(list: MessageAddressObject[] | undefined): EmailAddress[] | null {
  if (!list || list.length === 0) return null;
  return list
    .filter((a) => a.address)
    .map((a) => ({ name: a.name ? a.name : null, email: a.address ?? '' }));
}

/** `<a@b> <c@d>` → ['a@b', 'c@d']; null when there is none. */
export function msgIds(value: string | undefined | null): string[] | null {
  if (!value) return null;
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] as string);
  return ids.length > 0 ? ids : null;
}

/** One header's unfolded value from a header block, or null. */
export function headerValue(block: Buffer | undefined, name: string): string | null {
  if (!block) return null;
  const text = block.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const line = text
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? null : line.slice(name.length + 1).trim();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * RFC 5322 §3.3 date → RFC 8620 Date keeping the sender's offset
 * (`Mon, 02 Mar 2026 09:00:00 +0100` → `2026-03-02T09:00:00+01:00`); null if unparseable.
 */
export function sentAtFrom(value: string | null): string | null {
  if (!value) return null;
  const m =
    /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|UT|GMT|Z)?/i.exec(
      value,
    );
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] as string).toLowerCase());
  let year = Number(m[3]);
  if (year < 50) year += 2000;
  else if (year < 1000) year += 1900;
  const [day, hour, minute, second] = [Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const zone = m[7] && /^[+-]\d{4}$/.test(m[7]) ? m[7] : '+0000';
  const offset = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const text = `${pad(year, 4)}-${pad(month + 1)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${offset}`;
  // Date.UTC rolls 31 Feb over to March: a real date round-trips to the same fields.
  const check = new Date(Date.UTC(year, month, day, hour, minute, second));
  if (
    month < 0 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute
  ) {
    return null;
  }
  if (second > 59 || Number(zone.slice(3)) > 59 || Number.isNaN(Date.parse(text))) return null;
  return text;
}

/** True if some leaf is an attachment: disposition attachment, or a named non-text part. */
export function hasAttachment(node: MessageStructureObject | undefined): boolean {
  if (!node) return false;
  if (node.childNodes && node.childNodes.length > 0) return node.childNodes.some(hasAttachment);
  if (node.disposition?.toLowerCase() === 'attachment') return true;
  const named = Boolean(node.dispositionParameters?.['filename'] ?? node.parameters?.['name']);
  return (
    named &&
    !node.type.toLowerCase().startsWith('text/') &&
    node.disposition?.toLowerCase() !== 'inline'
  );
}

export function toEmail(fetched: FetchedMessage, mailboxId: string): Email {
  const { message } = fetched;
  const envelope = message.envelope ?? {};
  const keywords: Record<string, true> = {};
  for (const flag of message.flags ?? []) {
    const keyword = imapFlagToKeyword(flag);
    if (keyword !== null) keywords[keyword] = true;
  }
  const received = message.internalDate instanceof Date ? message.internalDate.getTime() : 0;
  return {
    id: fetched.id,
    blobId: fetched.id,
    // Threads come later (ADR 0010): each email is its own thread until then.
    threadId: fetched.id,
    mailboxIds: { [mailboxId]: true },
    keywords,
    size: message.size ?? 0,
    receivedAt: toUtcDate(received) ?? '1970-01-01T00:00:00Z',
    messageId: msgIds(envelope.messageId),
    inReplyTo: msgIds(envelope.inReplyTo),
    references: msgIds(headerValue(message.headers, 'References')),
    sender: addresses(envelope.sender),
    from: addresses(envelope.from),
    to: addresses(envelope.to),
    cc: addresses(envelope.cc),
    bcc: addresses(envelope.bcc),
    replyTo: addresses(envelope.replyTo),
    subject: envelope.subject ?? null,
    sentAt: sentAtFrom(headerValue(message.headers, 'Date')),
    hasAttachment: hasAttachment(message.bodyStructure),
    preview: (fetched.preview ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_PREVIEW_CHARS),
  };
}
