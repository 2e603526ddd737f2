// What a JMAP method sees: the signed-in session, its account id, serialized access to
// the session's IMAP connection, and the account's folders listed once per request.
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { SessionCache } from '../imap/cache.js';
import { accountIdFor } from '../imap/ids.js';
import { listMailboxes } from '../imap/mailboxes.js';
import type { ImapMailbox } from '../imap/mailboxes.js';
import type { ImapPool, ImapWork } from '../imap/pool.js';
import type { UploadedBlob, UploadStore } from './blob-store.js';

export interface JmapContext {
  readonly session: AuthenticatedSession;
  readonly accountId: string;
  imap<T>(work: ImapWork<T>): Promise<T>;
  /**
   * The folders as of this request's first need (one LIST-STATUS per request), or listed
   * again with `fresh` (when what the request saw may have moved under it).
   */
  mailboxes(fresh?: boolean): Promise<readonly ImapMailbox[]>;
  /** This session's uploaded blob with `blobId` (RFC 8620 §6.1), if it is still held. */
  upload(blobId: string): UploadedBlob | undefined;
}

export function accountIdOf(session: AuthenticatedSession): string {
  return accountIdFor(session.provider.id, session.username);
}

export function createContext(
  session: AuthenticatedSession,
  pool: ImapPool,
  uploads?: UploadStore,
): JmapContext {
  let listed: Promise<readonly ImapMailbox[]> | undefined;
  const imap = <T>(work: ImapWork<T>) => pool.run(session, work);
  return {
    session,
    accountId: accountIdOf(session),
    imap,
    mailboxes(fresh = false) {
      if (fresh) listed = undefined;
      listed ??= imap((client, cache: SessionCache) => listMailboxes(client, cache));
      return listed;
    },
    upload: (blobId) => uploads?.get(session.sessionId, blobId),
  };
}
