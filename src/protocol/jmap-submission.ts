// JMAP submission wire types (RFC 8621 §1.3.2, §6, §7): who the user may send as and
// how a message built in the browser, uploaded and imported, is handed to SMTP.
// Re-exported by jmap-mail.ts, so callers import mail types from one place.

import type { Id, UnsignedInt, UTCDate } from './jmap-core.js';
import type { EmailAddress } from './jmap-mail.js';
import type { PatchObject, SetArgs } from './jmap-methods.js';

/** RFC 8621 §1.3.2: capability for Identity and EmailSubmission. */
export const SUBMISSION_CAPABILITY = 'urn:ietf:params:jmap:submission';

/** RFC 8621 §1.3.2: the per-account `urn:ietf:params:jmap:submission` capability object. */
export interface SubmissionAccountCapability {
  /** Longest delay, in seconds, a submission may be held (FUTURERELEASE); 0 = none. */
  maxDelayedSend: UnsignedInt;
  /** SMTP extension keyword (EHLO) → its arguments, for envelope parameters. */
  submissionExtensions: Record<string, string[]>;
}

/** RFC 8621 §6: a From address the user may send as, with signatures. */
export interface Identity {
  id: Id;
  /** Display name; "" if none. */
  name: string;
  /** Immutable; may be `*@domain` for a wildcard identity. */
  email: string;
  replyTo: EmailAddress[] | null;
  bcc: EmailAddress[] | null;
  textSignature: string;
  /** HTML signature: untrusted text, sanitised before display like any mail HTML. */
  htmlSignature: string;
  /** Server-set. */
  mayDelete: boolean;
}

/** RFC 8621 §7: an SMTP envelope address with optional parameters (e.g. SIZE). */
export interface SubmissionAddress {
  email: string;
  parameters: Record<string, string | null> | null;
}

/** RFC 8621 §7: the SMTP envelope; when null the server derives it from the headers. */
export interface Envelope {
  mailFrom: SubmissionAddress;
  rcptTo: SubmissionAddress[];
}

/** RFC 8621 §7: the delivery status of one recipient. */
export interface DeliveryStatus {
  smtpReply: string;
  delivered: 'queued' | 'yes' | 'no' | 'unknown';
  displayed: 'unknown' | 'yes';
}

/** RFC 8621 §7: a message submitted for delivery. */
export interface EmailSubmission {
  /** Immutable, server-set. */
  id: Id;
  /** Immutable; the From must match this Identity (`forbiddenFrom` otherwise). */
  identityId: Id;
  /** Immutable; the Email to send (an imported draft). */
  emailId: Id;
  /** Immutable, server-set. */
  threadId: Id;
  envelope: Envelope | null;
  /** Server-set. */
  sendAt: UTCDate;
  undoStatus: 'pending' | 'final' | 'canceled';
  /** Server-set: recipient address → status. */
  deliveryStatus: Record<string, DeliveryStatus> | null;
  dsnBlobIds: Id[];
  mdnBlobIds: Id[];
}

/** RFC 8621 §7.5: EmailSubmission/set arguments, with the implicit Email/set on success. */
export interface EmailSubmissionSetArgs extends SetArgs<EmailSubmission> {
  /** Submission id or `#creationId` → patch to apply to its Email on success. */
  onSuccessUpdateEmail?: Record<string, PatchObject> | null;
  /** Submission ids or `#creationId`s whose Email to destroy on success. */
  onSuccessDestroyEmail?: string[] | null;
}
