// Whether a session is served `urn:buzon:params:jmap:lists` (ADR 0034): only when its IMAP
// server has ACL (RFC 4314), the one guard that lets the server itself refuse an edit by
// someone with the use right only. Learned from the session's connection (its CAPABILITY
// list) and remembered, because the capability list is answered synchronously.
import { LISTS_CAPABILITY } from '../../protocol/jmap-lists.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { ImapPool } from '../imap/pool.js';

/** Sessions whose answer is remembered (as quota-support.ts: forgetting costs one lookup). */
export const MAX_REMEMBERED_SESSIONS = 10_000;

const known = new Map<string, boolean>();

/** True when the session's IMAP server is known to have ACL (false when unknown). */
export function hasLists(session: Pick<AuthenticatedSession, 'sessionId'>): boolean {
  return known.get(session.sessionId) === true;
}

/** Learns it once per session; a failure leaves it unknown (the next call meets it too). */
export async function learnListsSupport(
  session: AuthenticatedSession,
  pool: ImapPool,
): Promise<void> {
  if (known.has(session.sessionId)) return;
  let supported: boolean;
  try {
    supported = await pool.run(session, async (client) => client.capabilities.has('ACL'));
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

/** True when a parsed-but-unchecked request body names the lists capability in `using`. */
export function wantsLists(json: unknown): boolean {
  const using = (json as { using?: unknown } | null)?.using;
  return Array.isArray(using) && using.includes(LISTS_CAPABILITY);
}
