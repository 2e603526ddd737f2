// The filter model (FILTER-1…5): plain, structured-clone-safe data shared by the editor, the
// engine that runs filters in the app (engine.ts) and the Sieve compiler (sieve.ts).
// Untrusted or stored data becomes these types only through parse.ts.
import type { Priority } from '../mail/types.js';

/** Fields a text condition can look at. */
export type TextField = 'from' | 'to' | 'cc' | 'subject' | 'body' | 'header';

/**
 * Text operators. All comparisons ignore case.
 * - `contains`: the value appears anywhere. On from/to/cc it looks at the display name
 *   and at the address.
 * - `is`: the whole text equals the value. On from/to/cc it compares the address only, so
 *   `is boss@example.com` is not fooled by a display name that looks like an address.
 * - `matches`: the whole text matches a pattern where `*` is any run of characters and `?`
 *   one character; every other character (backslash included) stands for itself. On
 *   from/to/cc it matches the address only, like `is`.
 * The body takes `contains` and `matches` only: a whole body is never "equal" to a short
 * value in practice, and servers compare it part by part.
 */
export type TextOperator = 'contains' | 'is' | 'matches';

/** Size operators, on the raw message size in bytes (strictly greater / strictly less). */
export type SizeOperator = 'greater' | 'less';

/** A text condition. `negate` turns "contains" into "does not contain", and so on. */
export interface TextCondition {
  field: Exclude<TextField, 'header'>;
  op: TextOperator;
  negate: boolean;
  value: string;
}

/** A condition on any header by name (e.g. `List-Id`, `X-Mailer`); any of its copies may match. */
export interface HeaderCondition {
  field: 'header';
  /** Header field name as in RFC 5322 §3.6.8 (printable ASCII, no colon). */
  header: string;
  op: TextOperator;
  negate: boolean;
  value: string;
}

export interface SizeCondition {
  field: 'size';
  op: SizeOperator;
  negate: boolean;
  bytes: number;
}

/** "Has an attachment"; negated, "has no attachment". */
export interface AttachmentCondition {
  field: 'attachment';
  negate: boolean;
}

export type Condition = TextCondition | HeaderCondition | SizeCondition | AttachmentCondition;

/**
 * A folder named by its IMAP path (what the server and Sieve's fileinto know) plus, when the
 * editor knows it, the local folder id (what the app's stores know). The path wins when they
 * disagree: it is what the server acts on.
 */
export interface FolderRef {
  path: string;
  id?: string;
}

export type Action =
  /** Files the message into the folder and takes it out of where it arrived. */
  | { type: 'move'; folder: FolderRef }
  /** Files a copy into the folder; the message also stays where it is. */
  | { type: 'copy'; folder: FolderRef }
  /** Adds a tag: an IMAP keyword such as `$label1` or `facturas` (TAG-1). */
  | { type: 'tag'; keyword: string }
  /** Adds a private comment (COMMENT-1). App only: comments are app data, not mail. */
  | { type: 'comment'; text: string }
  | { type: 'mark-read' }
  /** Sets the priority shown in the list. App only (see sieve-sides.ts). */
  | { type: 'priority'; priority: Priority }
  /** Sends the message on unchanged to an address (a redirect); the user keeps it too. */
  | { type: 'forward'; to: string }
  /** Answers the sender with a template (TEMPLATE-1), by template id. App only. */
  | {
      type: 'reply';
      templateId: string;
      /**
       * The template's Message-ID: a template picked before it reached the server has a
       * local id that sync replaces, and another device never had it; this finds it again.
       */
      templateMessageId?: string;
    }
  /** Moves the message to Trash (recoverable, like the app's Delete), not a silent discard. */
  | { type: 'delete' }
  /** Marks as spam: `$Junk` and into the Spam folder (SPAM-2). */
  | { type: 'spam' }
  /** Later filters do not run on this message. */
  | { type: 'stop' };

export type ActionType = Action['type'];

export type Join = 'all' | 'any';

export interface Filter {
  id: string;
  description: string;
  /** FILTER-2: an inactive filter is kept in the list but never runs. */
  active: boolean;
  join: Join;
  conditions: Condition[];
  actions: Action[];
}

/** FILTER-4: the away message (Sieve vacation, RFC 5230). */
export interface AwaySettings {
  enabled: boolean;
  /** First day the message is sent, `YYYY-MM-DD`, or null for "from now". */
  start: string | null;
  /** Last day the message is sent (inclusive), `YYYY-MM-DD`, or null for "until turned off". */
  end: string | null;
  subject: string;
  text: string;
  /** A sender gets the message at most once per this many days. */
  days: number;
  /**
   * The user's own addresses (aliases included). The message is only sent when one of them is
   * a direct recipient (To/Cc), so mail reaching the user through a list or Bcc gets no answer.
   */
  addresses: string[];
}

/** FILTER-5: automatic forwarding of every incoming message. */
export interface ForwardSettings {
  enabled: boolean;
  to: string;
  /** Keep a copy in the mailbox; without it the forwarded mail is not kept (the seed's default). */
  keepCopy: boolean;
}

// --- Limits: every one bounds stored or untrusted data before it is used --------------------

/**
 * Filters per account. Each filter costs one Sieve variable and Pigeonhole allows 255 per
 * scope by default (sieve_variables_max_scope_size); a few are reserved for the script's own.
 */
export const MAX_FILTERS = 200;
/** Conditions per filter: far above any real rule, and keeps a Sieve test list small. */
export const MAX_CONDITIONS = 50;
/** Actions per filter: one of each kind several times over. */
export const MAX_ACTIONS = 30;
/** Description length: it is a name shown in a list. */
export const MAX_DESCRIPTION = 200;
/** Condition value length: longer values are pasted bodies, not conditions. */
export const MAX_VALUE = 1000;
/** RFC 5322 §2.1.1 line limit: a header name longer than a whole line cannot exist. */
export const MAX_HEADER_NAME = 998;
/** Folder path length; Dovecot refuses mailbox names far shorter than this. */
export const MAX_FOLDER_PATH = 1000;
/** Keyword length; Dovecot's IMAP keyword limit is well below (mail_max_keyword_length 50). */
export const MAX_KEYWORD = 100;
/** Comment length set by a filter: a note, not a document. */
export const MAX_COMMENT = 2000;
/** RFC 5321 §4.5.3.1.3: a path (address) is at most 256 octets. */
export const MAX_ADDRESS = 256;
/** Template ids and filter ids are opaque app ids. */
export const MAX_ID = 200;
/**
 * Largest size in a size condition: 4 GiB − 1. No mail server accepts anything near it (the
 * seed caps mail at 50 MB) and it stays a 32-bit number for any Sieve implementation.
 */
export const MAX_SIZE_BYTES = 0xffff_ffff;
/** Away subject length: a subject line. */
export const MAX_AWAY_SUBJECT = 500;
/** Away text length: a few paragraphs; Sieve servers cap vacation replies too. */
export const MAX_AWAY_TEXT = 20_000;
/** Own addresses listed for the away message: aliases of one person. */
export const MAX_AWAY_ADDRESSES = 50;
/** RFC 5230 §4.1: :days must be at least 1; 7 is its default. */
export const DEFAULT_AWAY_DAYS = 7;
/** Longer than a month would silence a correspondent for a whole absence and more. */
export const MAX_AWAY_DAYS = 30;

/** A template a filter answers with: its id here, and its Message-ID to find it elsewhere. */
export interface TemplateRef {
  id: string;
  messageId?: string;
}
