// SHARED-1…3 in the browser: Buzón's share extension over the proxy (ADR 0013) — who the
// user shares their mailbox with (Share/get, Share/set) — and the mailboxes others share
// with them, which the Session lists as accounts with isPersonal false. Opening one adds it
// to this device's accounts (sharedBy = owner) and reloads into its own database.
import { msg, str } from '@lit/localize';
import type { Session } from '../protocol/jmap-core.js';
import { MAIL_CAPABILITY } from '../protocol/jmap-mail.js';
import { SHARE_CAPABILITY, checkShareAddress } from '../protocol/jmap-share.js';
import type { Share, ShareGetResponse } from '../protocol/jmap-share.js';
import { DEFAULT_OFFLINE_WINDOW, readRegistry, writeRegistry } from '../state/account-registry.js';
import type { AccountInfo, MailboxShare, SharedMailbox, ShareService } from '../state/types.js';
import type { BuzonDb } from '../store/db.js';
import type { JmapClient } from './jmap-client.js';

/** The server or the input refused a share; the message is for the user. */
export class ShareRefusedError extends Error {
  override name = 'ShareRefusedError';
}

/** SHARED-3, on the grantee's side: shown instead of syncing once the owner stops. */
export function shareEndedMessage(owner: string): string {
  return msg(
    str`${owner} no longer shares this mailbox with you. What is on this device stays, but it no longer syncs.`,
    { id: 'share.ended' },
  );
}

/** The mailboxes others share with the user, from a Session (RFC 8620 §2 `accounts`). */
export function sharedMailboxesOf(session: Session): SharedMailbox[] {
  return Object.entries(session.accounts ?? {})
    .filter(([, a]) => !a.isPersonal && a.accountCapabilities[MAIL_CAPABILITY] !== undefined)
    .map(([accountId, a]) => ({ accountId, owner: a.name }))
    .sort((a, b) => a.owner.localeCompare(b.owner));
}

interface SetResult {
  notCreated?: Record<string, { description?: string }> | null;
  notDestroyed?: Record<string, { description?: string }> | null;
}

export interface ShareServiceDeps {
  /** The shown account's client (a shared account's client works in that account). */
  client: JmapClient;
  /** Where the accounts of this device are listed (the local mailbox's database). */
  deviceDb: BuzonDb;
  /** The account the page shows. */
  current: AccountInfo;
  reload?: () => void;
}

export function createShareService(deps: ShareServiceDeps): ShareService {
  const { client, current } = deps;
  const reload = deps.reload ?? (() => globalThis.location.reload());
  const own = current.sharedBy === undefined;

  async function ownAccountId(): Promise<string> {
    const session = await client.session();
    const id = session.primaryAccounts[MAIL_CAPABILITY];
    if (!own || id !== current.id) {
      throw new ShareRefusedError(
        msg('Only the owner of this mailbox can share it.', { id: 'share.notOwner' }),
      );
    }
    return id;
  }

  async function set(args: Record<string, unknown>): Promise<SetResult> {
    const accountId = await ownAccountId();
    return client.call<SetResult>('Share/set', { accountId, ...args }, undefined, [
      SHARE_CAPABILITY,
    ]);
  }

  const firstRefusal = (errors: SetResult['notCreated']): string | null => {
    const first = errors ? Object.values(errors)[0] : undefined;
    return first ? (first.description ?? '') : null;
  };

  return {
    canManage: () => own,

    async listShares(): Promise<MailboxShare[]> {
      if (!own) return [];
      const accountId = await ownAccountId();
      const got = await client.call<ShareGetResponse>('Share/get', { accountId }, undefined, [
        SHARE_CAPABILITY,
      ]);
      return got.list.map((s: Share) => ({ id: s.id, address: s.address }));
    },

    async share(address: string): Promise<void> {
      const problem = checkShareAddress(address);
      if (problem !== null) throw new ShareRefusedError(problem);
      const result = await set({ create: { share: { address: address.trim() } } });
      const refused = firstRefusal(result.notCreated);
      if (refused !== null) throw new ShareRefusedError(refused);
    },

    async unshare(shareId: string): Promise<void> {
      const result = await set({ destroy: [shareId] });
      const refused = firstRefusal(result.notDestroyed);
      if (refused !== null) throw new ShareRefusedError(refused);
    },

    async listSharedWithMe(opts = {}): Promise<SharedMailbox[]> {
      // Asked when the menu opens: a share made a minute ago must show without a reload.
      if (opts.asked !== false) client.refreshSession();
      return sharedMailboxesOf(await client.session());
    },

    async openShared(mailbox: SharedMailbox): Promise<void> {
      const registry = await readRegistry(deps.deviceDb);
      const known = registry.accounts.find((a) => a.id === mailbox.accountId);
      const account: AccountInfo = known ?? {
        id: mailbox.accountId,
        username: current.username,
        providerId: current.providerId,
        providerName: current.providerName,
        offlineWindowDays: DEFAULT_OFFLINE_WINDOW,
        sharedBy: mailbox.owner,
      };
      const accounts = known ? registry.accounts : [...registry.accounts, account];
      await writeRegistry(deps.deviceDb, { accounts, currentId: account.id });
      reload();
    },
  };
}
