// Whether this session may send, and what the facade says about it (RFC 8621 §1.3.2, §7).
// `urn:ietf:params:jmap:submission` is advertised only when the provider has an SMTP
// server: without it a client must not believe it can send. With it, Identity/get and
// EmailSubmission/set (email-submission-set.ts) are served.
import { OCTETS_CAPABILITY } from '../../protocol/jmap-octets.js';
import { BLOB_CAPABILITY } from '../../protocol/jmap-blob.js';
import { CORE_CAPABILITY } from '../../protocol/jmap-core.js';
import type { Session } from '../../protocol/jmap-core.js';
import { POLICY_CAPABILITY } from '../../protocol/jmap-policy.js';
import type { PolicyCapability } from '../../protocol/jmap-policy.js';
import { MAIL_CAPABILITY, SUBMISSION_CAPABILITY } from '../../protocol/jmap-mail.js';
import { QUOTA_CAPABILITY } from '../../protocol/jmap-quota.js';
import { SHARE_CAPABILITY } from '../../protocol/jmap-share.js';
import { PARTIAL_CAPABILITY } from '../../protocol/jmap-partial.js';
import type { SessionInput } from '../../protocol/session.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import { hasQuota } from './quota-support.js';
import { LISTS_CAPABILITY } from '../../protocol/jmap-lists.js';
import { hasLists } from '../lists/support.js';
import { knownSmtpSize } from '../smtp/size-limit.js';

/** True when the signed-in provider has an SMTP server configured. */
export const canSubmit = (session: Pick<AuthenticatedSession, 'provider'>): boolean =>
  session.provider.smtp !== undefined;

/** The capabilities this session is served (and may name in `using`). */
export function capabilitiesFor(
  session: Pick<AuthenticatedSession, 'provider' | 'sessionId'>,
): string[] {
  // RFC 9404 Blob/get serves the sync engine's body download (blob-get.ts).
  // Buzón's share extension (ADR 0013): Share/set answers `forbidden` without IMAP ACL.
  // Contact lists (ADR 0034): only once the IMAP server is known to have ACL (lists/support.ts).
  const base = [
    CORE_CAPABILITY,
    MAIL_CAPABILITY,
    BLOB_CAPABILITY,
    // Blob/get's bytes framed after the JSON (protocol/jmap-octets.ts).
    OCTETS_CAPABILITY,
    SHARE_CAPABILITY,
    // Listings of the whole mailbox that may leave out an unreachable account (ADR 0016).
    PARTIAL_CAPABILITY,
    ...(hasLists(session) ? [LISTS_CAPABILITY] : []),
  ];
  const withSubmission = canSubmit(session)
    ? [...base, SUBMISSION_CAPABILITY, POLICY_CAPABILITY]
    : base;
  // RFC 9425 quota: only once the IMAP server is known to speak QUOTA (quota-support.ts).
  return hasQuota(session) ? [...withSubmission, QUOTA_CAPABILITY] : withSubmission;
}

/** `submission` for buildSession: null (not advertised) without SMTP. */
export function submissionFor(
  session: Pick<AuthenticatedSession, 'provider'>,
): SessionInput['submission'] {
  const smtp = session.provider.smtp;
  if (smtp === undefined) return null;
  // SEND-12: SIZE as the server's EHLO said (size-limit.ts); nothing promised when unknown.
  const size = knownSmtpSize(smtp);
  return { submissionExtensions: size === null ? {} : { SIZE: [String(size)] } };
}

/**
 * SEND-7, SEND-8/9, SEND-15, SEND-16: the operator's sending policy, for sessions that may
 * send. `links` is the link store's part (links/routes.ts linksPolicyOf), null without one.
 */
export function policyFor(
  session: Pick<AuthenticatedSession, 'provider'>,
  links: PolicyCapability['links'] = null,
): PolicyCapability | null {
  if (!canSubmit(session)) return null;
  return {
    mandatorySignature: session.provider.mandatorySignature ?? null,
    identityDefault: true,
    gateways: { sms: session.provider.sms !== undefined, fax: session.provider.fax !== undefined },
    links,
  };
}

/** The Session with Buzón's policy capability added (session-level: it is the operator's). */
export function withPolicy(
  body: Session,
  session: Pick<AuthenticatedSession, 'provider'>,
  links: PolicyCapability['links'] = null,
): Session {
  const policy = policyFor(session, links);
  if (!policy) return body;
  return { ...body, capabilities: { ...body.capabilities, [POLICY_CAPABILITY]: policy } };
}

// EmailSubmission/set itself: email-submission-set.ts.
