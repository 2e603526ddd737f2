// The compose service's pure parts: how a draft, a saved message and an Outbox row
// translate into one another, and how a message is split for SMS recipients (SEND-8).
import { htmlToText } from '../../mail/html-to-text.js';
import { isSmsAddress } from '../../mail/phone.js';
import type { MailAddress, ParsedMessage } from '../../mail/types.js';
import type { OutboxRecord } from '../../store/records.js';
import type { DraftAttachment, DraftInput, OutboxItem } from '../types.js';

export function label(a: MailAddress): string {
  return a.name || a.address;
}

export function toItem(r: OutboxRecord): OutboxItem {
  return {
    id: r.id,
    subject: r.subject,
    recipients: r.recipients,
    state: r.state,
    error: r.error,
    createdAt: r.createdAt,
    sendAt: r.sendAt,
  };
}

/** The domain part of the sender's address: where the Message-ID says it was made. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'buzon.invalid';
}

/** The files a message carries (not the images its HTML shows): what a forward or a draft keeps. */
export function attachmentsOf(parsed: ParsedMessage): DraftAttachment[] {
  return parsed.attachments
    .filter((a) => !a.related)
    .map((a) => ({ filename: a.filename, type: a.mimeType, bytes: a.content }));
}

/** SEND-4: the images a rich message shows inline, with their Content-IDs. */
function inlineImagesOf(parsed: ParsedMessage): DraftAttachment[] {
  return parsed.attachments
    .filter((a) => a.related && a.contentId)
    .map((a) => ({
      filename: a.filename,
      type: a.mimeType,
      bytes: a.content,
      contentId: a.contentId as string,
    }));
}

/** The draft as it was saved: its fields from the parsed message (SEND-2, SEND-3). */
export function draftFromSaved(parsed: ParsedMessage): DraftInput {
  const text = parsed.parts.find((p) => p.kind === 'text');
  const rich = parsed.parts.find((p) => p.kind === 'html');
  const attachments = [
    ...attachmentsOf(parsed),
    ...(rich?.kind === 'html' ? inlineImagesOf(parsed) : []),
  ];
  const html = rich?.kind === 'html' ? rich.html : null;
  return {
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(html !== null ? { html } : {}),
    to: parsed.summary.to,
    cc: parsed.summary.cc,
    bcc: parsed.bcc,
    subject: parsed.summary.subject,
    text:
      text?.kind === 'text'
        ? text.text.replace(/\r\n/g, '\n').replace(/\n$/, '')
        : html !== null
          ? htmlToText(html)
          : '',
    inReplyTo: parsed.summary.inReplyTo,
    references: parsed.summary.references,
    draftId: parsed.summary.messageId ?? null,
  };
}

/**
 * SEND-8: with attachments, SMS recipients get a copy of their own without them (an SMS
 * carries text only); everyone else gets the message as written. Either part may be
 * missing; without attachments nothing is split.
 */
export function splitForSms(draft: DraftInput): [DraftInput | null, DraftInput | null] {
  const sms = (list: readonly MailAddress[]) => list.filter((a) => isSmsAddress(a.address));
  const rest = (list: readonly MailAddress[]) => list.filter((a) => !isSmsAddress(a.address));
  const all = [...draft.to, ...draft.cc, ...draft.bcc];
  if (!draft.attachments?.length || !all.some((a) => isSmsAddress(a.address))) return [draft, null];
  const others = { to: rest(draft.to), cc: rest(draft.cc), bcc: rest(draft.bcc) };
  const smsCopy: DraftInput = {
    ...draft,
    attachments: [],
    to: sms(draft.to),
    cc: sms(draft.cc),
    bcc: sms(draft.bcc),
  };
  // An SMS is plain text: no rich part either.
  delete smsCopy.html;
  const hasOthers = others.to.length + others.cc.length + others.bcc.length > 0;
  return [hasOthers ? { ...draft, ...others } : null, smsCopy];
}

/** "Quarterly report" → `Quarterly report.eml` (the builder cleans it further). */
export function emlName(subject: string): string {
  const name = subject
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .trim()
    .slice(0, 80);
  return `${name || 'message'}.eml`;
}
