// Between the store's rows and the contract's list rows, and from a parsed summary to a
// new row at import.
import type { MessageSummary, UnparseableMessage } from '../mail/types.js';
import { isUnparseable } from '../mail/types.js';
import type { EmailRecord } from '../store/records.js';
import { withSortKeys } from '../store/sort-keys.js';
import type { MessageRow } from './types.js';

// Why these bounds: a Date header before the first e-mail (1971) or more than a day in
// the future is a broken or forged clock; sorting by it would bury or pin the message.
const EARLIEST_SANE_DATE = Date.UTC(1971, 0, 1);
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** receivedAt for imported mail: the Date header when sane, else import time. */
export function importedReceivedAt(sentAt: number | null, now: number): number {
  if (sentAt === null || !Number.isFinite(sentAt)) return now;
  if (sentAt < EARLIEST_SANE_DATE || sentAt > now + FUTURE_SLACK_MS) return now;
  return sentAt;
}

export interface NewEmailInput {
  id: string;
  mailboxId: string;
  raw: Uint8Array;
  contentHash: string;
  summary: MessageSummary | UnparseableMessage;
  now: number;
  /** Keywords the message arrives with; imported mail is unread. */
  seen: boolean;
}

/** A new row stored as it is (import, drafts, comments): with its sort keys (ADR 0036). */
export function newEmailRecord(input: NewEmailInput): EmailRecord {
  return withSortKeys(newEmailFields(input));
}

/** A new row's fields from its parsed summary, without sort keys (a bootstrap's rows). */
export function newEmailFields(input: NewEmailInput): EmailRecord {
  const { summary } = input;
  const s: MessageSummary = isUnparseable(summary)
    ? {
        messageId: null,
        subject: '',
        from: [],
        to: [],
        cc: [],
        sentAt: null,
        preview: summary.error,
        hasAttachment: false,
        priority: 3,
        inReplyTo: null,
        references: [],
        warnings: ['unparseable'],
      }
    : summary;
  return {
    id: input.id,
    messageId: s.messageId ?? '',
    mailboxId: input.mailboxId,
    keywords: input.seen ? { $seen: true } : {},
    seen: input.seen ? 1 : 0,
    receivedAt: importedReceivedAt(s.sentAt, input.now),
    sentAt: s.sentAt,
    size: input.raw.byteLength,
    hasAttachment: s.hasAttachment,
    priority: s.priority,
    from: s.from,
    to: s.to,
    cc: s.cc,
    subject: s.subject,
    preview: s.preview,
    warnings: s.warnings,
    inReplyTo: s.inReplyTo,
    references: s.references,
    contentHash: input.contentHash,
  };
}

export function toMessageRow(e: EmailRecord): MessageRow {
  return {
    id: e.id,
    messageId: e.messageId,
    folderId: e.mailboxId,
    subject: e.subject,
    from: e.from,
    to: e.to,
    receivedAt: e.receivedAt,
    sentAt: e.sentAt,
    size: e.size,
    seen: e.seen === 1,
    flagged: Boolean(e.keywords.$flagged),
    answered: Boolean(e.keywords.$answered),
    forwarded: Boolean(e.keywords.$forwarded),
    mdnSent: Boolean(e.keywords.$mdnsent),
    hasAttachment: e.hasAttachment,
    priority: e.priority,
    preview: e.preview,
    warnings: e.warnings,
  };
}
