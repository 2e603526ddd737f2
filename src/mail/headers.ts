// Header hardening. Header values are hostile: postal-mime hands them back as they came,
// so everything the UI shows passes through here first.
import { parseMailDate } from './date.js';
import PostalMime, { addressParser } from 'postal-mime';
import type { Address, Email } from 'postal-mime';
import type { HeaderWarning, MailAddress, Priority } from './types.js';
import { cleanHeaderText, hasBidiControls, isValidUtf8 } from './text.js';
import { MAX_HEADER_BYTES } from './limits.js';

/** One decoder for every message (a TextDecoder costs to build, in a browser more so). */
const WINDOWS_1252 = new TextDecoder('windows-1252');

/** Where the top-level header block ends: the first empty line (CRLF or LF). */
export function headerBlockEnd(raw: Uint8Array): number {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x0a) continue;
    if (raw[i + 1] === 0x0a) return i + 1;
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return i + 1;
  }
  return raw.length;
}

/**
 * postal-mime reads raw 8-bit header bytes as UTF-8, so an unlabeled latin-1 subject
 * ("Caf\xe9") turns into U+FFFD. When the top-level header block is not valid UTF-8 we
 * re-read just that block as windows-1252 and take the headers from that parse.
 */
export async function headersWithLenientCharset(raw: Uint8Array, email: Email): Promise<Email> {
  const block = raw.subarray(0, headerBlockEnd(raw));
  if (isValidUtf8(block)) return email;
  const text = WINDOWS_1252.decode(block);
  return PostalMime.parse(new TextEncoder().encode(`${text}\n`), {
    maxHeadersSize: MAX_HEADER_BYTES,
  });
}

// Field names may hide behind a BOM, NBSP or other spacing that a lenient parser drops;
// counting those as From too is the conservative choice for a spoofing warning.
const FROM_LINE = /^[\s\u00a0\ufeff\u200b]*from[\s\u00a0]*:/i;

/**
 * Counts From header fields by scanning the raw header block ourselves: postal-mime
 * keeps only the first From, which is what a spoofer relies on.
 */
export function countFromHeaders(raw: Uint8Array): number {
  const block = WINDOWS_1252.decode(raw.subarray(0, headerBlockEnd(raw)));
  let n = 0;
  for (const line of block.split(/\r?\n/)) {
    // Continuation lines start with SP/HTAB and belong to the field above.
    if (/^[ \t]/.test(line)) continue;
    if (FROM_LINE.test(line)) n++;
  }
  return n;
}

function toMailAddresses(list: Address[] | Address | undefined): MailAddress[] {
  const input = list === undefined ? [] : Array.isArray(list) ? list : [list];
  const out: MailAddress[] = [];
  for (const a of input) {
    if (a.group) {
      for (const m of a.group) out.push(cleanAddress(m.name, m.address));
    } else if (a.address !== undefined) {
      out.push(cleanAddress(a.name, a.address));
    }
  }
  return out.filter((a) => a.address || a.name);
}

function cleanAddress(name: string, address: string): MailAddress {
  return {
    name: cleanHeaderText(name ?? ''),
    address: cleanHeaderText(address ?? '').replace(/\s+/g, ''),
  };
}

/** An address-looking string inside a display name: `"ceo@bank.example" <evil@x.example>`. */
const ADDRESS_IN_NAME = /[^\s@<>"']+@[^\s@<>"']+/;

function headerValue(email: Email, key: string): string | null {
  return email.headers.find((h) => h.key === key)?.value ?? null;
}

/** X-Priority (1–5) first, then Importance, then Priority (RFC 2156); 3 when none is usable. */
export function readPriority(email: Email): Priority {
  const x = headerValue(email, 'x-priority')?.match(/[1-5]/);
  if (x) return Number(x[0]) as Priority;
  const importance = headerValue(email, 'importance')?.trim().toLowerCase();
  if (importance === 'high') return 2;
  if (importance === 'low') return 4;
  const priority = headerValue(email, 'priority')?.trim().toLowerCase();
  if (priority === 'urgent') return 1;
  if (priority === 'non-urgent') return 5;
  return 3;
}

/** A Message-ID without angle brackets and without whitespace/controls, or null. */
export function cleanMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const cleaned = cleanHeaderText(value);
  const bracketed = cleaned.match(/<([^<>]*)>/);
  const id = (bracketed ? bracketed[1] : cleaned).replace(/\s+/g, '');
  return id || null;
}

export function parseReferences(value: string | undefined): string[] {
  if (!value) return [];
  const cleaned = cleanHeaderText(value);
  const ids = [...cleaned.matchAll(/<([^<>]+)>/g)].map((m) => m[1].replace(/\s+/g, ''));
  return ids.length ? ids : cleaned.split(/\s+/).filter(Boolean);
}

export interface HardenedHeaders {
  messageId: string | null;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  replyTo: MailAddress[];
  sentAt: number | null;
  priority: Priority;
  inReplyTo: string | null;
  references: string[];
  dispositionNotificationTo: string | null;
  headers: { key: string; value: string }[];
  warnings: HeaderWarning[];
}

export function hardenHeaders(email: Email, raw: Uint8Array): HardenedHeaders {
  const warnings = new Set<HeaderWarning>();
  const from = toMailAddresses(email.from);
  const subject = cleanHeaderText(email.subject ?? '');
  if (countFromHeaders(raw) > 1) warnings.add('multiple-from');
  const sender = toMailAddresses(email.sender);
  const replyTo = toMailAddresses(email.replyTo);
  const to = toMailAddresses(email.to);
  const cc = toMailAddresses(email.cc);
  if ([...from, ...sender, ...replyTo].some((a) => ADDRESS_IN_NAME.test(a.name))) {
    warnings.add('address-in-display-name');
  }
  const shown = [subject, ...[...from, ...to, ...cc, ...replyTo].map((a) => a.name)];
  if (shown.some(hasBidiControls)) warnings.add('bidi-controls');
  const sentAt = parseMailDate(headerValue(email, 'date'));
  const dnt = headerValue(email, 'disposition-notification-to');
  const dntAddress = dnt ? (addressParser(dnt, { flatten: true })[0]?.address ?? null) : null;
  return {
    messageId: cleanMessageId(email.messageId),
    subject,
    from,
    to,
    cc,
    bcc: toMailAddresses(email.bcc),
    replyTo,
    sentAt,
    priority: readPriority(email),
    inReplyTo: cleanMessageId(email.inReplyTo),
    references: parseReferences(email.references),
    dispositionNotificationTo: dntAddress ? cleanHeaderText(dntAddress) : null,
    headers: email.headers.map((h) => ({
      key: cleanHeaderText(h.originalKey),
      value: cleanHeaderText(h.value),
    })),
    warnings: [...warnings],
  };
}
