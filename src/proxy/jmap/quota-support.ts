// Whether a session is served `urn:ietf:params:jmap:quota` (RFC 9425): only when its IMAP
// server speaks QUOTA, so a client never asks for figures the server cannot give. That is
// learned from the session's IMAP connection (its CAPABILITY list, no extra round trip
// once connected) and remembered, because the capability list (`capabilitiesFor`) and
// the Session state must be answered synchronously on every request.
import type { Session } from '../../protocol/jmap-core.js';
import { QUOTA_CAPABILITY } from '../../protocol/jmap-quota.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { ImapPool } from '../imap/pool.js';
import { serverHasQuota } from '../imap/quota.js';
import { serverTrait } from '../imap/server-traits.js';
import { accountIdOf } from './context.js';

const quota = serverTrait(serverHasQuota);

/** True when the session's IMAP server is known to speak QUOTA (false when unknown). */
export function hasQuota(session: Pick<AuthenticatedSession, 'sessionId'>): boolean {
  return quota.has(session);
}

/** Learns, once per session, whether its IMAP server speaks QUOTA (never throws). */
export function learnQuotaSupport(session: AuthenticatedSession, pool: ImapPool): Promise<void> {
  return quota.learn(session, pool);
}

/** True when a parsed-but-unchecked request body names the quota capability in `using`. */
export function wantsQuota(json: unknown): boolean {
  const using = (json as { using?: unknown } | null)?.using;
  return Array.isArray(using) && using.includes(QUOTA_CAPABILITY);
}

/** Adds the quota capability to a Session built for `session`, when it is served. */
export function withQuota(body: Session, session: AuthenticatedSession): Session {
  if (!hasQuota(session)) return body;
  const accountId = accountIdOf(session);
  const account = body.accounts[accountId];
  return {
    ...body,
    // RFC 9425 §3: empty objects at both levels; the quota account is the mail account.
    capabilities: { ...body.capabilities, [QUOTA_CAPABILITY]: {} },
    accounts: account
      ? {
          ...body.accounts,
          [accountId]: {
            ...account,
            accountCapabilities: { ...account.accountCapabilities, [QUOTA_CAPABILITY]: {} },
          },
        }
      : body.accounts,
    primaryAccounts: { ...body.primaryAccounts, [QUOTA_CAPABILITY]: accountId },
  };
}
