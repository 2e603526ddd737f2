// What a JMAP method sees: the signed-in session, the account a call names (the user's own,
// or a mailbox shared with them: ADR 0013), serialized access to the session's IMAP
// connection, and the account's folders listed once per request.
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { SessionCache } from '../imap/cache.js';
import { accountIdFor } from '../imap/ids.js';
import { listMailboxes } from '../imap/mailboxes.js';
import type { ImapMailbox } from '../imap/mailboxes.js';
import { owningSessionId } from '../imap/pool.js';
import type { ImapPool, ImapWork } from '../imap/pool.js';
import {
  isUnder,
  listSharedOwners,
  PERSONAL_SCOPE,
  sharedAccountIdFor,
  sharedScope,
} from '../imap/shared-namespace.js';
import type { MailboxScope } from '../imap/shared-namespace.js';
import type { UploadedBlob, UploadStore } from './blob-store.js';
import { MethodError } from './errors.js';

export interface JmapContext {
  readonly session: AuthenticatedSession;
  readonly accountId: string;
  /** The user's own folders, or one owner's shared mailbox. */
  readonly scope: MailboxScope;
  /** Where a new top-level folder goes: '' for one's own, `shared/<owner>/` for a share. */
  readonly topLevelPrefix: string;
  imap<T>(work: ImapWork<T>): Promise<T>;
  /**
   * Replaces the session's IMAP connection after the work queued so far: Dovecot fixes a
   * connection's list of sharing users at login, so only a new one sees a share made since
   * (ADR 0013; SharedList/*, ADR 0034). Caches are kept.
   */
  reconnect(): void;
  /**
   * The folders as of this request's first need (one LIST-STATUS per request), or listed
   * again with `fresh` (when what the request saw may have moved under it).
   */
  mailboxes(fresh?: boolean): Promise<readonly ImapMailbox[]>;
  /** This session's uploaded blob with `blobId` (RFC 8620 §6.1), if it is still held. */
  upload(blobId: string): UploadedBlob | undefined;
  /**
   * The context of another account of this session (a shared mailbox), checked with the
   * server now; `accountNotFound` when the session cannot see it (any more).
   */
  forAccount(accountId: string): Promise<JmapContext>;
}

export function accountIdOf(session: AuthenticatedSession): string {
  return accountIdFor(session.provider.id, session.username);
}

/**
 * Shared accounts the session can see now: id → owner (one LIST, remembered by name).
 * `freshSince` (Date.now() when the request came) first replaces a connection that logged
 * in before then: a connection only sees shares made before it logged in.
 */
export async function discoverSharedAccounts(
  session: AuthenticatedSession,
  pool: ImapPool,
  freshSince?: number,
): Promise<Map<string, string>> {
  if (freshSince !== undefined) pool.recycle(session.sessionId, freshSince);
  return pool.run(session, async (client, cache) => {
    const found = new Map<string, string>();
    for (const owner of await listSharedOwners(client)) {
      found.set(sharedAccountIdFor(session.provider.id, session.username, owner), owner);
    }
    cache.sharedAccounts = found;
    return found;
  });
}

function build(
  session: AuthenticatedSession,
  pool: ImapPool,
  uploads: UploadStore | undefined,
  accountId: string,
  scope: MailboxScope,
  personal: JmapContext | null,
): JmapContext {
  let listed: Promise<readonly ImapMailbox[]> | undefined;
  const cacheKey = scope.kind === 'personal' ? '' : accountId;
  const imap = <T>(work: ImapWork<T>) => pool.run(session, work, cacheKey);
  const others = new Map<string, Promise<JmapContext>>();
  const ctx: JmapContext = {
    session,
    accountId,
    scope,
    topLevelPrefix: scope.kind === 'shared' ? `${scope.root}${scope.delimiter}` : '',
    imap,
    reconnect: () => pool.recycle(session.sessionId),
    mailboxes(fresh = false) {
      if (fresh) listed = undefined;
      listed ??= imap((client, cache: SessionCache) => listMailboxes(client, cache, scope));
      return listed;
    },
    // Uploads belong to the signed-in session, whichever of its accounts imports them.
    upload: (blobId) => uploads?.get(owningSessionId(session.sessionId), blobId),
    forAccount(id) {
      if (personal) return personal.forAccount(id);
      if (id === accountId) return Promise.resolve(ctx);
      let other = others.get(id);
      if (!other) {
        other = openShared(session, pool, uploads, id, ctx);
        others.set(id, other);
      }
      return other;
    },
  };
  return ctx;
}

const notFound = (id: string) =>
  new MethodError('accountNotFound', `no account ${JSON.stringify(id)}`);

/**
 * A shared account, checked now: its folders are listed (fresh for this request) and at
 * least one must be readable. A stopped share (SHARED-3) answers `accountNotFound` at once,
 * and the session's cache of that account and a selected folder of it are dropped.
 */
async function openShared(
  session: AuthenticatedSession,
  pool: ImapPool,
  uploads: UploadStore | undefined,
  accountId: string,
  personal: JmapContext,
): Promise<JmapContext> {
  let owner = pool.cache(session.sessionId).sharedAccounts.get(accountId);
  if (owner === undefined) owner = (await discoverSharedAccounts(session, pool)).get(accountId);
  if (owner === undefined) throw notFound(accountId);
  const known = owner;
  const scope = await pool.run(session, async (client) => sharedScope(client, known));
  if (!scope || scope.kind !== 'shared') throw notFound(accountId);
  const ctx = build(session, pool, uploads, accountId, scope, personal);
  const folders = await ctx.mailboxes();
  if (!folders.some((m) => m.selectable)) {
    pool.forget(session.sessionId, accountId);
    await pool.run(session, async (client) => {
      // A folder of the stopped share may still be selected on this connection.
      const selected = client.mailbox ? client.mailbox.path : null;
      if (selected !== null && isUnder(selected, scope.root, scope.delimiter)) {
        await client.mailboxClose().catch(() => false);
      }
    });
    throw notFound(accountId);
  }
  return ctx;
}

export function createContext(
  session: AuthenticatedSession,
  pool: ImapPool,
  uploads?: UploadStore,
): JmapContext {
  return build(session, pool, uploads, accountIdOf(session), PERSONAL_SCOPE, null);
}
