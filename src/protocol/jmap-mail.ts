// JMAP mail wire types (RFC 8621), limited to the phase-1 subset named in
// ARCHITECTURE.md § Wire protocol: metadata only (the client fetches raw RFC 5322 blobs
// and parses them itself), queries by mailbox and date, and sending via import + submit.

import type { Id, JmapDate, UnsignedInt, UTCDate } from './jmap-core.js';
import type {
  ChangesArgs,
  ChangesResponse,
  Comparator,
  GetArgs,
  GetResponse,
  QueryArgs,
  QueryResponse,
  SetArgs,
  SetError,
  SetResponse,
} from './jmap-methods.js';
import type { EmailSubmission, EmailSubmissionSetArgs, Identity } from './jmap-submission.js';

export { CORE_CAPABILITY } from './jmap-core.js';
export { SUBMISSION_CAPABILITY } from './jmap-submission.js';
export type * from './jmap-submission.js';

/** RFC 8621 §1.3.1: capability for Mailbox, Thread, Email and SearchSnippet. */
export const MAIL_CAPABILITY = 'urn:ietf:params:jmap:mail';

/** RFC 8621 §1.3.1: the per-account `urn:ietf:params:jmap:mail` capability object. */
export interface MailAccountCapability {
  /** Most mailboxes one Email may be in; null = no limit. 1 for an IMAP facade. */
  maxMailboxesPerEmail: UnsignedInt | null;
  /** Deepest mailbox nesting; null = no limit. */
  maxMailboxDepth: UnsignedInt | null;
  /** Longest Mailbox `name`, in octets (UTF-8). */
  maxSizeMailboxName: UnsignedInt;
  /** Largest total of unencoded attachment sizes for one Email, in octets. */
  maxSizeAttachmentsPerEmail: UnsignedInt;
  /** Properties Email/query can sort by. */
  emailQuerySortOptions: string[];
  /** Whether the user may create a Mailbox with no parent. */
  mayCreateTopLevelMailbox: boolean;
}

/**
 * RFC 8621 §2: Mailbox `role` values, from the IANA "IMAP Mailbox Name Attributes"
 * registry (RFC 6154, RFC 8457), lower-cased, plus `inbox`. Other registered values may
 * appear; unknown ones must be treated as no role.
 */
export type MailboxRole =
  | 'all'
  | 'archive'
  | 'drafts'
  | 'flagged'
  | 'important'
  | 'inbox'
  | 'junk'
  | 'sent'
  | 'subscribed'
  | 'trash'
  | (string & {});

/** RFC 8621 §2: what the user may do in a Mailbox (from IMAP ACL, RFC 4314). */
export interface MailboxRights {
  mayReadItems: boolean;
  mayAddItems: boolean;
  mayRemoveItems: boolean;
  maySetSeen: boolean;
  maySetKeywords: boolean;
  mayCreateChild: boolean;
  mayRename: boolean;
  mayDelete: boolean;
  maySubmit: boolean;
}

/** RFC 8621 §2: a named set of Emails (an IMAP folder). */
export interface Mailbox {
  /** Immutable, server-set. */
  id: Id;
  name: string;
  /** Parent Mailbox, or null at the top level. */
  parentId: Id | null;
  /** At most one Mailbox per account has a given role. */
  role: MailboxRole | null;
  /** Lower sorts first; ties by name. Default 0. */
  sortOrder: UnsignedInt;
  /** Server-set counts. */
  totalEmails: UnsignedInt;
  unreadEmails: UnsignedInt;
  totalThreads: UnsignedInt;
  unreadThreads: UnsignedInt;
  /** Server-set. */
  myRights: MailboxRights;
  /** IMAP subscription (LSUB). */
  isSubscribed: boolean;
}

/** RFC 8621 §2.2: Mailbox/changes adds `updatedProperties` to the standard response. */
export interface MailboxChangesResponse extends ChangesResponse {
  /** Non-null when only the counts changed: the client may refetch just those. */
  updatedProperties: string[] | null;
}

/** RFC 8621 §2.5: Mailbox/set adds `onDestroyRemoveEmails`. */
export interface MailboxSetArgs extends SetArgs<Mailbox> {
  /** If false (default), destroying a non-empty Mailbox fails with `mailboxHasEmail`. */
  onDestroyRemoveEmails?: boolean;
}

/** RFC 8621 §3: a conversation; `emailIds` sorted by receivedAt, oldest first. */
export interface Thread {
  id: Id;
  emailIds: Id[];
}

/** RFC 8621 §4.1.2.3: an address; `name` is the decoded display name or null. */
export interface EmailAddress {
  name: string | null;
  email: string;
}

/**
 * RFC 8621 §4.1.1 (metadata), §4.1.3 (header convenience properties) and §4.1.4
 * (`hasAttachment`, `preview`): the Email properties Buzón fetches. Bodies are fetched
 * as the raw blob and parsed on the client.
 */
export interface Email {
  /** Immutable, server-set; stable across moves (ARCHITECTURE.md § Wire protocol). */
  id: Id;
  /** The raw RFC 5322 message. Immutable, server-set. */
  blobId: Id;
  threadId: Id;
  /** Mailbox id → true; at least one. */
  mailboxIds: Record<Id, true>;
  /** Lower-case keyword → true (§4.1.1, keywords.ts). */
  keywords: Record<string, true>;
  /** Octets of the raw message. */
  size: UnsignedInt;
  /** When the message reached the server (IMAP INTERNALDATE). */
  receivedAt: UTCDate;
  /** Message-ID msg-ids without angle brackets, or null if absent. */
  messageId: string[] | null;
  inReplyTo: string[] | null;
  references: string[] | null;
  sender: EmailAddress[] | null;
  from: EmailAddress[] | null;
  to: EmailAddress[] | null;
  cc: EmailAddress[] | null;
  bcc: EmailAddress[] | null;
  replyTo: EmailAddress[] | null;
  subject: string | null;
  /** The Date header, with its offset; null if absent or unparseable. */
  sentAt: JmapDate | null;
  hasAttachment: boolean;
  /** Up to 256 characters of plain text from the body; text only, never HTML. */
  preview: string;
}

/** The Email properties of the phase-1 subset, for `Email/get` `properties`. */
export const EMAIL_METADATA_PROPERTIES = [
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'size',
  'receivedAt',
  'messageId',
  'inReplyTo',
  'references',
  'sender',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'hasAttachment',
  'preview',
] as const satisfies readonly (keyof Email)[];

/** One of the phase-1 Email properties. */
export type EmailProperty = (typeof EMAIL_METADATA_PROPERTIES)[number];

/**
 * RFC 8621 §4.4.1: the FilterCondition subset Buzón uses (lists are computed locally).
 * `before` matches receivedAt < value; `after` matches receivedAt ≥ value.
 */
export interface EmailFilterCondition {
  inMailbox?: Id;
  before?: UTCDate;
  after?: UTCDate;
}

/** RFC 8621 §4.4.2: the sort property Buzón uses. */
export type EmailSortProperty = 'receivedAt';

/** RFC 8621 §4.4: Email/query arguments, with `collapseThreads` (default false). */
export interface EmailQueryArgs extends QueryArgs<EmailFilterCondition, EmailSortProperty> {
  collapseThreads?: boolean;
}

/** RFC 8621 §4.8: one message to import from an uploaded blob. */
export interface EmailImport {
  blobId: Id;
  /** At least one mailbox. */
  mailboxIds: Record<Id, true>;
  /** Default {}. */
  keywords?: Record<string, true>;
  /** Default: the time of import. */
  receivedAt?: UTCDate;
}

/** RFC 8621 §4.8: Email/import arguments. */
export interface EmailImportArgs {
  accountId: Id;
  ifInState?: string | null;
  /** Creation id → EmailImport. */
  emails: Record<Id, EmailImport>;
}

/** RFC 8621 §4.8: Email/import response; `created` holds id, blobId, threadId, size. */
export interface EmailImportResponse {
  accountId: Id;
  oldState: string | null;
  newState: string;
  created: Record<Id, Pick<Email, 'id' | 'blobId' | 'threadId' | 'size'>> | null;
  notCreated: Record<Id, SetError> | null;
}

/**
 * The phase-1 methods (ARCHITECTURE.md § Wire protocol) with their argument and response
 * shapes, for typed clients: `MailMethods['Email/get']['response']`.
 */
export interface MailMethods {
  'Mailbox/get': { args: GetArgs<keyof Mailbox>; response: GetResponse<Mailbox> };
  'Mailbox/changes': { args: ChangesArgs; response: MailboxChangesResponse };
  'Mailbox/set': { args: MailboxSetArgs; response: SetResponse<Mailbox> };
  'Email/query': { args: EmailQueryArgs; response: QueryResponse };
  'Email/get': { args: GetArgs<EmailProperty>; response: GetResponse<Partial<Email>> };
  'Email/changes': { args: ChangesArgs; response: ChangesResponse };
  'Email/set': { args: SetArgs<Email>; response: SetResponse<Email> };
  'Email/import': { args: EmailImportArgs; response: EmailImportResponse };
  'Thread/get': { args: GetArgs<keyof Thread>; response: GetResponse<Thread> };
  'Thread/changes': { args: ChangesArgs; response: ChangesResponse };
  'Identity/get': { args: GetArgs<keyof Identity>; response: GetResponse<Identity> };
  'EmailSubmission/set': {
    args: EmailSubmissionSetArgs;
    response: SetResponse<EmailSubmission>;
  };
}

/** A phase-1 method name. */
export type MailMethodName = keyof MailMethods;

/** RFC 8621 §4.4.2 comparator for Email/query, e.g. newest first. */
export type EmailComparator = Comparator<EmailSortProperty>;

/**
 * RFC 8621 §4.1.1 keywords with meaning: the four IMAP system flags (`\Seen` → `$seen`
 * …) and registered ones from the IANA "IMAP and JMAP Keywords" registry (RFC 5788).
 * Keywords are case-insensitive and always lower-case on the wire.
 */
export const KEYWORD = {
  /** IMAP `\Seen`: the message has been read. */
  seen: '$seen',
  /** IMAP `\Flagged`: flagged for urgent or special attention. */
  flagged: '$flagged',
  /** IMAP `\Answered`: the message has been replied to. */
  answered: '$answered',
  /** IMAP `\Draft`: the message is a draft. */
  draft: '$draft',
  /** The message has been forwarded. */
  forwarded: '$forwarded',
  /** The message is spam (set by the user or a filter). */
  junk: '$junk',
  /** The message is definitely not spam. */
  notjunk: '$notjunk',
  /** A read receipt (RFC 8098 MDN) has been sent or refused for this message. */
  mdnsent: '$mdnsent',
} as const;

/** One of the keywords in KEYWORD. */
export type SystemKeyword = (typeof KEYWORD)[keyof typeof KEYWORD];
