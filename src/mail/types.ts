// The mail model shared by the parser (in its worker), the services and the reader.
// Everything here is plain data: structured-clone safe, so it crosses the worker
// boundary and can be cached in IndexedDB as is.

/** A mailbox address. `name` is already cleaned (no NUL, no CR/LF, bidi kept but isolated at render). */
export interface MailAddress {
  name: string;
  address: string;
}

/** Things about a message's headers that a user should be warned about. */
export type HeaderWarning =
  /** More than one From header: postal-mime shows only the first one. */
  | 'multiple-from'
  /** A display name that itself contains an address, e.g. `"ceo@bank.com" <evil@x.y>`. */
  | 'address-in-display-name'
  /** Bidi control characters were found in a display name or subject. */
  | 'bidi-controls'
  /** The message could not be parsed; the reader shows its raw source. */
  | 'unparseable'
  /** The message exceeded a parser limit (size, nesting, parts, header size). */
  | 'limit-exceeded';

/** 1 highest … 5 lowest, as in X-Priority; 3 is normal (SEND-10). */
export type Priority = 1 | 2 | 3 | 4 | 5;

/**
 * What the list needs of a message, computed once at import (and later at sync) and
 * stored in the `emails` table. Derived from the raw bytes, so it can always be rebuilt.
 */
export interface MessageSummary {
  /** Message-ID without angle brackets, or null when the message has none. */
  messageId: string | null;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Date header as epoch ms, or null when missing or unparseable. */
  sentAt: number | null;
  /** First ~200 characters of the readable text, whitespace collapsed. */
  preview: string;
  hasAttachment: boolean;
  priority: Priority;
  inReplyTo: string | null;
  references: string[];
  warnings: HeaderWarning[];
}

/** One displayable body part, chosen by walking the MIME tree (never a concatenation). */
export type DisplayPart =
  | { kind: 'text'; text: string; flowed: boolean }
  | { kind: 'html'; html: string }
  /** A nested message/rfc822 shown inline with its own headers. */
  | { kind: 'message'; message: ParsedMessage };

export interface AttachmentInfo {
  /** Position in the MIME tree, e.g. "1.2", stable for a given raw message. */
  partId: string;
  /** Cleaned filename: no path, no control or bidi characters, never empty. */
  filename: string;
  /** Filename exactly as the message gave it (for display of what was cleaned), or null. */
  originalFilename: string | null;
  mimeType: string;
  size: number;
  /** Content-ID without angle brackets, for `cid:` references from HTML. */
  contentId: string | null;
  /** True when the part is an inline image referenced by the HTML body. */
  related: boolean;
  content: Uint8Array;
}

export interface ParsedMessage {
  /** Bumped whenever parsing output changes, so caches keyed by it are invalidated. */
  parserVersion: number;
  summary: MessageSummary;
  replyTo: MailAddress[];
  bcc: MailAddress[];
  /** Every header in order, values unfolded; for "show all headers" and print. */
  headers: { key: string; value: string }[];
  /** Disposition-Notification-To address, if any (SEND-11). */
  dispositionNotificationTo: string | null;
  parts: DisplayPart[];
  attachments: AttachmentInfo[];
}

/** What the parser returns when a message cannot be parsed at all: the raw source and why. */
export interface UnparseableMessage {
  parserVersion: number;
  error: string;
  rawText: string;
}

/** What the reader shows of a message (see render.ts). */
export interface RenderedMail {
  /**
   * One `srcdoc` per display part, in order: each part gets its own sandboxed iframe,
   * so several HTML parts are never concatenated into one document.
   */
  frames: string[];
  /** How many remote resources were blocked; > 0 shows the banner. */
  blockedRemote: number;
}

/** System folders (FOLDER-1); also the `data-folder-role` hook values. */
export type FolderRole = 'inbox' | 'drafts' | 'sent' | 'templates' | 'trash' | 'spam';

/**
 * Parsing as the services see it. In the browser it runs in a Web Worker
 * (`createWorkerParser` in state/parser-client.ts); in Node tests the same code runs
 * in-process (`createInlineParser` in mail/parse.ts). Both never throw for bad mail:
 * an unparseable message comes back as `UnparseableMessage`.
 */
export interface MailParser {
  parse(raw: Uint8Array): Promise<ParsedMessage | UnparseableMessage>;
  summarize(raw: Uint8Array): Promise<MessageSummary | UnparseableMessage>;
  /**
   * Many messages summarized in one request, in order (the browser's worker pool: one
   * message each way instead of one per message). Null when the batch as a whole failed (a
   * worker crash or hang): the caller then summarizes one by one. Optional.
   */
  summarizeBatch?(
    raws: readonly Uint8Array[],
  ): Promise<(MessageSummary | UnparseableMessage)[] | null>;
}

export function isUnparseable(
  m: ParsedMessage | MessageSummary | UnparseableMessage,
): m is UnparseableMessage {
  return 'error' in m && 'rawText' in m;
}
