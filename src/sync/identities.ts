// What the server says about sending: its SMTP SIZE limit (the identities are
// identity-service.ts).
import { SUBMISSION_CAPABILITY } from '../protocol/jmap-submission.js';
import type { SubmissionAccountCapability } from '../protocol/jmap-submission.js';
import type { JmapClient } from './jmap-client.js';

/**
 * SEND-12: the server's SMTP SIZE (RFC 1870) as the session's submissionExtensions
 * report it, in bytes; null when it names none (or the session cannot send).
 */
export async function fetchSmtpSizeLimit(client: JmapClient): Promise<number | null> {
  const session = await client.session();
  const account = session.accounts[await client.accountId()];
  // RFC 8621 §1.3.2: the extensions are per account.
  const submission = account?.accountCapabilities[SUBMISSION_CAPABILITY] as
    Partial<SubmissionAccountCapability> | undefined;
  const size = Number(submission?.submissionExtensions?.['SIZE']?.[0]);
  // RFC 1870 §4: SIZE 0 (or none) means no fixed limit.
  return Number.isSafeInteger(size) && size > 0 ? size : null;
}
