// What a session's IMAP server can do (QUOTA, ACL…), learned once from its connection's
// CAPABILITY list and remembered per session, because the capability list and the Session
// object must be answered synchronously on every request (quota-support.ts, lists/support.ts).
import type { ImapFlow } from 'imapflow';
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { ImapPool } from './pool.js';

/**
 * Sessions whose answer is remembered. Past this the oldest is forgotten, which only
 * costs asking its connection again (a Map lookup on an open connection). Sessions last
 * at most a day, so this bounds memory for a busy proxy, not a normal one.
 */
export const MAX_REMEMBERED_SESSIONS = 10_000;

export interface ServerTrait {
  /** True when the session's server is known to have it (false when unknown). */
  has(session: Pick<AuthenticatedSession, 'sessionId'>): boolean;
  /**
   * Learns it once per session (opening the session's connection if needed). A failure
   * leaves it unknown — the method that follows meets the same failure and answers it as
   * usual (401, serverUnavailable) — so it never throws.
   */
  learn(session: AuthenticatedSession, pool: ImapPool): Promise<void>;
}

export function serverTrait(test: (client: ImapFlow) => boolean): ServerTrait {
  const known = new Map<string, boolean>();
  return {
    has: (session) => known.get(session.sessionId) === true,
    async learn(session, pool) {
      if (known.has(session.sessionId)) return;
      let supported: boolean;
      try {
        supported = await pool.run(session, async (client) => test(client));
      } catch {
        return;
      }
      known.set(session.sessionId, supported);
      while (known.size > MAX_REMEMBERED_SESSIONS) {
        const oldest = known.keys().next().value;
        if (oldest === undefined) break;
        known.delete(oldest);
      }
    },
  };
}
