// What the composer hands to the MIME builder: plain data, no DOM, structured-clone safe,
// so an outbox entry can keep it in IndexedDB and rebuild the same bytes later.
import type { MailAddress } from '../types.js';

/** SEND-10: lowest…highest; `normal` adds no priority headers at all. */
export type OutgoingPriority = 'highest' | 'high' | 'normal' | 'low' | 'lowest';

export interface OutgoingAttachment {
  /** Any Unicode; cleaned for the header (no path separators, no control or bidi characters). */
  filename: string;
  /** Media type such as `application/pdf`; anything that is not `type/subtype` becomes application/octet-stream. */
  type: string;
  bytes: Uint8Array;
  /** Inline image referenced as `cid:` from the HTML part (SEND-4, multipart/related). */
  contentId?: string;
}

/** RFC 8098 §3.2: what a read receipt says about the message it answers. */
export interface MdnReport {
  /** The recipient address the message was read as (Final-Recipient). */
  finalRecipient: string;
  /** The original's Message-ID without brackets, when it had one. */
  originalMessageId: string | null;
}

export interface OutgoingMessage {
  from: MailAddress;
  sender?: MailAddress;
  to: MailAddress[];
  cc?: MailAddress[];
  /** Kept in the built message (the Sent copy shows it); the proxy strips it before SMTP (SEND-1). */
  bcc?: MailAddress[];
  replyTo?: MailAddress[];
  subject: string;
  /** Always present: the plain part, the faithful alternative when `html` is given (SEND-3). */
  text: string;
  /** Rich text: multipart/alternative (text + html); with inline attachments, multipart/related. */
  html?: string;
  attachments?: OutgoingAttachment[];
  /** Without angle brackets, e.g. `1a2b…@buzon.example`; fixed so a retried send is one message. */
  messageId: string;
  date: Date;
  /** Message ids without brackets (SEND-5). */
  inReplyTo?: string;
  references?: string[];
  /** X-Priority (1..5) plus Importance and Priority; `normal` means none (SEND-10). */
  priority?: OutgoingPriority;
  /** RFC 8098 read-receipt request (SEND-11). */
  dispositionNotificationTo?: MailAddress;
  /**
   * SEND-11: this message is a read receipt (RFC 8098 MDN): the body becomes
   * multipart/report with `text` as its human-readable part.
   */
  mdn?: MdnReport;
  /** e.g. `['X-Mailer', 'Buzón']`: names are RFC 5322 ftext, values a single line. */
  extraHeaders?: [string, string][];
}
