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
import { accountIdOf } from './context.js';

/**
 * Sessions whose answer is remembered. Past this the oldest is forgotten, which only
 * costs asking its connection again (a Map lookup on an open connection). Sessions last
 * at most a day, so this bounds memory for a busy proxy, not a normal one.
 */
export const MAX_REMEMBERED_SESSIONS = 10_000;

const known = new Map<string, boolean>();

/** True when the session's IMAP server is known to speak QUOTA (false when unknown). */
export function hasQuota(session: Pick<AuthenticatedSession, 'sessionId'>): boolean {
  return known.get(session.sessionId) === true;
}

/**
 * Learns, once per session, whether its IMAP server speaks QUOTA (opening the session's
 * connection if needed). A failure leaves it unknown — the method that follows meets the
 * same failure and answers it as usual (401, serverUnavailable) — so it never throws.
 */
export async function learnQuotaSupport(
  session: AuthenticatedSession,
  pool: ImapPool,
): Promise<void> {
  if (known.has(session.sessionId)) return;
  let supported: boolean;
  try {
    supported = await pool.run(session, async (client) => serverHasQuota(client));
  } catch {
    return;
  }
  known.set(session.sessionId, supported);
  while (known.size > MAX_REMEMBERED_SESSIONS) {
    const oldest = known.keys().next().value;
    if (oldest === undefined) break;
    known.delete(oldest);
  }
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
