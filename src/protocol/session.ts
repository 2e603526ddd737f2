// RFC 8620 §2: the Session the proxy advertises for one signed-in account. The URLs are
// same-origin paths (ARCHITECTURE.md § The proxy's security: no CORS); the limits are
// those the proxy enforces (limits.ts), so a client that respects the Session never
// meets a `limit` problem.

import type { CoreCapability, Id, Session } from './jmap-core.js';
import { CORE_CAPABILITY } from './jmap-core.js';
import type { MailAccountCapability, SubmissionAccountCapability } from './jmap-mail.js';
import { MAIL_CAPABILITY, SUBMISSION_CAPABILITY } from './jmap-mail.js';
import {
  MAX_CALLS_IN_REQUEST,
  MAX_CONCURRENT_REQUESTS,
  MAX_CONCURRENT_UPLOAD,
  MAX_DELAYED_SEND,
  MAX_MAILBOXES_PER_EMAIL,
  MAX_OBJECTS_IN_GET,
  MAX_OBJECTS_IN_SET,
  MAX_SIZE_ATTACHMENTS_PER_EMAIL,
  MAX_SIZE_MAILBOX_NAME,
  MAX_SIZE_REQUEST,
  MAX_SIZE_UPLOAD,
} from './limits.js';

export {
  encodeTemplateValue,
  expandDownloadUrl,
  expandEventSourceUrl,
  expandUploadUrl,
  expandUriTemplate,
} from './uri-template.js';

/** RFC 8620 §3.1: where the proxy answers JMAP API requests. */
export const API_URL = '/jmap';

/** RFC 8620 §6.2: the proxy's download template (all four variables, as §2 requires). */
export const DOWNLOAD_URL = '/jmap/download/{accountId}/{blobId}/{name}?accept={type}';

/** RFC 8620 §6.1: the proxy's upload template. */
export const UPLOAD_URL = '/jmap/upload/{accountId}/';

/** RFC 8620 §7.3: the proxy's push template (all three variables, as §2 requires). */
export const EVENT_SOURCE_URL =
  '/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}';

/** The core limits the proxy advertises and enforces (reasons in limits.ts). */
export const PROXY_CORE_CAPABILITY: Readonly<CoreCapability> = {
  maxSizeUpload: MAX_SIZE_UPLOAD,
  maxConcurrentUpload: MAX_CONCURRENT_UPLOAD,
  maxSizeRequest: MAX_SIZE_REQUEST,
  maxConcurrentRequests: MAX_CONCURRENT_REQUESTS,
  maxCallsInRequest: MAX_CALLS_IN_REQUEST,
  maxObjectsInGet: MAX_OBJECTS_IN_GET,
  maxObjectsInSet: MAX_OBJECTS_IN_SET,
  // The proxy sorts only by receivedAt and filters by mailbox and date: no string
  // comparisons, so it claims no collation.
  collationAlgorithms: [],
};

/** What the proxy knows about the signed-in account when it builds the Session. */
export interface SessionInput {
  /** The account's id: stable for this user on this server, an RFC 8620 §1.2 Id. */
  accountId: Id;
  /** The login name the user authenticated with. */
  username: string;
  /** The Session state (§2): must change whenever anything below changes. */
  state: string;
  /** Display name of the account; defaults to the username. */
  accountName?: string;
  /** True if the server refuses every write (e.g. a read-only IMAP login). */
  isReadOnly?: boolean;
  /** Whether the server lets the user create top-level folders (e.g. IMAP ACL `k`). */
  mayCreateTopLevelMailbox?: boolean;
  /** Null when the user cannot send (no SMTP configured): submission is not advertised. */
  submission?: { submissionExtensions: Record<string, string[]> } | null;
  /**
   * Extra capabilities with no per-account limits (e.g. Buzón's share extension), advertised
   * for the session and the user's own account.
   */
  ownCapabilities?: readonly string[];
  /**
   * Mailboxes other users share with this one (ADR 0013): each is an account with
   * `isPersonal: false`, named after its owner, with the same mail capability.
   */
  sharedAccounts?: readonly { accountId: Id; name: string }[];
}

/**
 * RFC 8620 §2, RFC 8621 §1.3: the Session for one account. Mail (and submission unless
 * disabled) are advertised with the proxy's limits; the account is primary for each.
 */
export function buildSession(input: SessionInput): Session {
  const mail: MailAccountCapability = {
    maxMailboxesPerEmail: MAX_MAILBOXES_PER_EMAIL,
    maxMailboxDepth: null,
    maxSizeMailboxName: MAX_SIZE_MAILBOX_NAME,
    maxSizeAttachmentsPerEmail: MAX_SIZE_ATTACHMENTS_PER_EMAIL,
    emailQuerySortOptions: ['receivedAt'],
    mayCreateTopLevelMailbox: input.mayCreateTopLevelMailbox ?? true,
  };
  const accountCapabilities: Record<string, unknown> = { [MAIL_CAPABILITY]: mail };
  // Session-level capability objects for mail and submission are empty (RFC 8621 §1.3);
  // their limits are per account.
  const capabilities: Session['capabilities'] = {
    [CORE_CAPABILITY]: { ...PROXY_CORE_CAPABILITY, collationAlgorithms: [] },
    [MAIL_CAPABILITY]: {},
  };
  // §2: core "SHOULD NOT be present" in primaryAccounts.
  const primaryAccounts: Record<string, Id> = { [MAIL_CAPABILITY]: input.accountId };
  const submission =
    input.submission === undefined ? { submissionExtensions: {} } : input.submission;
  if (submission !== null) {
    const sub: SubmissionAccountCapability = {
      maxDelayedSend: MAX_DELAYED_SEND,
      submissionExtensions: submission.submissionExtensions,
    };
    accountCapabilities[SUBMISSION_CAPABILITY] = sub;
    capabilities[SUBMISSION_CAPABILITY] = {};
    primaryAccounts[SUBMISSION_CAPABILITY] = input.accountId;
  }
  for (const capability of input.ownCapabilities ?? []) {
    capabilities[capability] = {};
    accountCapabilities[capability] = {};
  }
  const accounts: Session['accounts'] = {
    [input.accountId]: {
      name: input.accountName ?? input.username,
      isPersonal: true,
      isReadOnly: input.isReadOnly ?? false,
      accountCapabilities,
    },
  };
  for (const shared of input.sharedAccounts ?? []) {
    accounts[shared.accountId] = {
      name: shared.name,
      isPersonal: false,
      isReadOnly: false,
      accountCapabilities: { [MAIL_CAPABILITY]: { ...mail } },
    };
  }
  return {
    capabilities,
    accounts,
    primaryAccounts,
    username: input.username,
    apiUrl: API_URL,
    downloadUrl: DOWNLOAD_URL,
    uploadUrl: UPLOAD_URL,
    eventSourceUrl: EVENT_SOURCE_URL,
    state: input.state,
  };
}
