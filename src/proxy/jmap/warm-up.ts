// A session's email index (every folder's UID, date and id: what Email/query, Email/get,
// Blob/get and Email/changes all start from), read right after its first Session is
// answered, while the app is still building its first request: after a sign-in the app
// reloads into the account, opens its database and loads its sync engine before it asks
// for the listing, and that request then finds the index read (issue 3, ADR 0012 session
// 21). The index stays a cache: a folder whose mod-sequence moved meanwhile is read again
// by the request that needs it.
import type { AuthenticatedSession } from '../auth/sessions.js';
import { listMailboxes } from '../imap/mailboxes.js';
import type { ImapPool } from '../imap/pool.js';
import { PERSONAL_SCOPE } from '../imap/shared-namespace.js';
import type { Logger } from '../security/redact.js';
import { rowsOn } from './email-index.js';

/**
 * Reads the index of the user's own folders when the session has none yet (a new
 * sign-in, or a proxy that restarted), as one piece of work on the session's connection:
 * a request queued meanwhile runs after it, with the index there. A failure is only
 * logged; the request that needs the index reads it, and reports.
 */
export async function warmEmailIndex(
  session: AuthenticatedSession,
  pool: ImapPool,
  log: Logger,
): Promise<void> {
  if (pool.cache(session.sessionId).rows.size > 0) return;
  try {
    await pool.run(session, async (client, cache) => {
      for (const mailbox of await listMailboxes(client, cache, PERSONAL_SCOPE))
        await rowsOn(client, cache, mailbox);
    });
  } catch (err) {
    log.info('email index not read ahead', {
      user: session.username,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
}
