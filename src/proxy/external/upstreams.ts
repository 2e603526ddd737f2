// The user's other IMAP accounts as the JMAP facade uses them: each one an upstream with
// its own connection in the pool, keyed `<session id>/<account id>`, so every facade
// method runs on it unchanged (ADR 0016). The list is read from METADATA once and kept
// in the session's cache until the accounts API changes it.
import type { AuthenticatedSession } from '../auth/sessions.js';
import { customProvider } from '../auth/custom-provider.js';
import { CUSTOM_PROVIDER_ID } from '../config/types.js';
import type { BuzonConfig, ProviderConfig } from '../config/types.js';
import { upstreamKey } from '../imap/pool.js';
import type { ImapPool } from '../imap/pool.js';
import { accountIdFor } from '../imap/ids.js';
import { openPassword } from '../security/stored-password.js';
import type { StoredImapAccount } from './model.js';
import { readImapAccounts } from './store.js';
import { supportsMetadata } from '../pop3/metadata.js';

/**
 * How long a session trusts the list it read: a change made on another device (another
 * proxy session) shows within this, for one METADATA read per minute per session.
 */
export const UPSTREAMS_FRESH_MS = 60_000;

export interface ImapUpstream {
  /** The stored account's id: the prefix of its ids on the wire. */
  id: string;
  /** The name of its top-level folder. */
  address: string;
  /** Connects as the account; its `sessionId` keys its own connection and caches. */
  session: AuthenticatedSession;
}

export function ownerOf(session: AuthenticatedSession): string {
  return accountIdFor(session.provider.id, session.username);
}

/** The provider an account connects to, or null when the configuration no longer offers it. */
export async function providerOf(
  account: Pick<StoredImapAccount, 'providerId' | 'server' | 'smtp'>,
  config: BuzonConfig,
): Promise<ProviderConfig | null> {
  if (account.providerId === CUSTOM_PROVIDER_ID) {
    if (!config.allowCustomHosts || !account.server) return null;
    // Checked again at every load: the name may resolve elsewhere since it was saved.
    const smtp = account.smtp ? { smtp: { ...account.smtp } } : {};
    return customProvider({ imap: { ...account.server }, ...smtp }, config.resolveHost).catch(
      () => null,
    );
  }
  return config.providers.find((p) => p.id === account.providerId) ?? null;
}

/**
 * The session's other IMAP accounts that can be connected now. One whose password cannot
 * be opened (the proxy restarted without BUZON_SECRET) or whose provider is gone is left
 * out; the accounts API shows it with `passwordSaved: false`.
 */
export async function loadUpstreams(
  session: AuthenticatedSession,
  pool: ImapPool,
  config: BuzonConfig,
): Promise<readonly ImapUpstream[]> {
  const cache = pool.cache(session.sessionId);
  if (cache.upstreams && Date.now() - cache.upstreams.readAt < UPSTREAMS_FRESH_MS)
    return cache.upstreams.list;
  const stored = await pool.run(session, async (client) =>
    supportsMetadata(client) ? null : ([] as StoredImapAccount[]),
  );
  const accounts = stored ?? (await readImapAccounts((work) => pool.run(session, work)));
  const owner = ownerOf(session);
  const upstreams: ImapUpstream[] = [];
  for (const account of accounts) {
    const password = openPassword(account.password, config.secret, owner, account.id, 'imap');
    const provider = await providerOf(account, config);
    if (password === null || provider === null) continue;
    upstreams.push({
      id: account.id,
      address: account.address,
      session: {
        sessionId: upstreamKey(session.sessionId, account.id),
        username: account.username,
        provider,
        password,
      },
    });
  }
  cache.upstreams = { list: upstreams, readAt: Date.now() };
  return upstreams;
}

/** After the list changed: the next request reads it again, and dropped accounts disconnect. */
export function forgetUpstreams(session: AuthenticatedSession, pool: ImapPool): void {
  const cache = pool.cache(session.sessionId);
  for (const upstream of cache.upstreams?.list ?? []) pool.close(upstream.session.sessionId);
  cache.upstreams = undefined;
}
