// Whether a session is served `urn:buzon:params:jmap:lists` (ADR 0034): only when its IMAP
// server has ACL (RFC 4314), the one guard that lets the server itself refuse an edit by
// someone with the use right only. Learned from the session's connection (its CAPABILITY
// list) and remembered, because the capability list is answered synchronously.
import { LISTS_CAPABILITY } from '../../protocol/jmap-lists.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { ImapPool } from '../imap/pool.js';
import { serverTrait } from '../imap/server-traits.js';

const acl = serverTrait((client) => client.capabilities.has('ACL'));

/** True when the session's IMAP server is known to have ACL (false when unknown). */
export function hasLists(session: Pick<AuthenticatedSession, 'sessionId'>): boolean {
  return acl.has(session);
}

/** Learns it once per session; a failure leaves it unknown (never throws). */
export function learnListsSupport(session: AuthenticatedSession, pool: ImapPool): Promise<void> {
  return acl.learn(session, pool);
}

/** True when a parsed-but-unchecked request body names the lists capability in `using`. */
export function wantsLists(json: unknown): boolean {
  const using = (json as { using?: unknown } | null)?.using;
  return Array.isArray(using) && using.includes(LISTS_CAPABILITY);
}
