// The JMAP accounts one watcher computes states for: the user's own, and every mailbox
// shared with them that the watcher's connection can see (ADR 0013: each is an account of
// its own). Each keeps its own id cache and last states, and is recomputed only when
// activity was reported for it (or on a recheck). A shared mailbox with no selectable
// folder left is a stopped share: it is dropped without a push (ADR 0011 § Shared mailboxes).
import type { ImapFlow } from 'imapflow';
import type { TypeState } from '../../protocol/jmap-core.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import { SessionCache } from '../imap/cache.js';
import { accountIdFor } from '../imap/ids.js';
import {
  isUnder,
  listSharedOwners,
  PERSONAL_SCOPE,
  sharedAccountIdFor,
  sharedScope,
} from '../imap/shared-namespace.js';
import type { MailboxScope } from '../imap/shared-namespace.js';
import { changedTypes, computeStates } from './states.js';
import type { AccountStates, ComputedStates } from './states.js';

export type SharedScope = Extract<MailboxScope, { kind: 'shared' }>;

export interface WatchedAccount {
  readonly accountId: string;
  readonly scope: MailboxScope;
  /** Mailbox ids (X-GUID) for this connection's listings; the same ids as the pool's. */
  readonly cache: SessionCache;
  /** The states as last computed; null until the baseline (which is never pushed). */
  last: AccountStates | null;
}

export interface AccountChange {
  accountId: string;
  changed: TypeState;
  computed: ComputedStates;
}

/** Shared mailboxes the connection sees now (one LIST); a fresh connection sees new shares. */
export async function discoverShares(
  client: ImapFlow,
  session: AuthenticatedSession,
): Promise<Map<string, SharedScope>> {
  const found = new Map<string, SharedScope>();
  for (const owner of await listSharedOwners(client)) {
    const scope = sharedScope(client, owner);
    if (scope?.kind !== 'shared') continue;
    found.set(sharedAccountIdFor(session.provider.id, session.username, owner), scope);
  }
  return found;
}

export class WatchedAccounts {
  readonly personal: WatchedAccount;
  readonly #shared = new Map<string, WatchedAccount>();
  readonly #dirty = new Set<string>();

  constructor(session: AuthenticatedSession) {
    this.personal = {
      accountId: accountIdFor(session.provider.id, session.username),
      scope: PERSONAL_SCOPE,
      cache: new SessionCache(),
      last: null,
    };
  }

  /** Shared accounts watched, in a stable order (the first is the one selected). */
  get shared(): WatchedAccount[] {
    return [...this.#shared.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  }

  has(accountId: string): boolean {
    return accountId === this.personal.accountId || this.#shared.has(accountId);
  }

  /** Roots of the shared mailboxes watched (`shared/<owner>`), for NOTIFY's subtree filter. */
  get sharedRoots(): string[] {
    return this.shared.flatMap((a) => (a.scope.kind === 'shared' ? [a.scope.root] : []));
  }

  /**
   * Takes the shares a (new) connection sees: known ones keep their last states (so what
   * changed while reconnecting is pushed), new ones start without a baseline, and ones no
   * longer listed are forgotten.
   */
  setShares(found: ReadonlyMap<string, SharedScope>): void {
    for (const id of [...this.#shared.keys()]) if (!found.has(id)) this.#shared.delete(id);
    for (const [accountId, scope] of found) {
      if (!this.#shared.has(accountId)) {
        this.#shared.set(accountId, { accountId, scope, cache: new SessionCache(), last: null });
      }
    }
  }

  /** The account a reported mailbox path belongs to; the personal one when unsure. */
  accountOf(path: string | null): string {
    if (path !== null) {
      for (const account of this.#shared.values()) {
        const scope = account.scope;
        if (scope.kind === 'shared' && isUnder(path, scope.root, scope.delimiter)) {
          return account.accountId;
        }
      }
    }
    return this.personal.accountId;
  }

  /** Marks accounts to recompute: one, several, or all with no argument. */
  mark(accountIds?: readonly string[]): void {
    const ids = accountIds ?? [this.personal.accountId, ...this.#shared.keys()];
    for (const id of ids) this.#dirty.add(id);
  }

  get dirty(): boolean {
    return this.#dirty.size > 0;
  }

  /** Computes the states of accounts without one yet; a stopped share is dropped. */
  async baseline(client: ImapFlow): Promise<WatchedAccount[]> {
    const dropped: WatchedAccount[] = [];
    for (const account of [this.personal, ...this.shared]) {
      if (account.last !== null) continue;
      const computed = await computeStates(client, account.cache, account.scope);
      if (computed) account.last = computed.states;
      else dropped.push(this.#drop(account));
    }
    return dropped;
  }

  /**
   * Recomputes the marked accounts. Returns the states that moved, and the shares found
   * stopped (dropped here, never pushed: the facade now answers `accountNotFound` for them),
   * and the error that cut the run short, if one did.
   */
  async refresh(
    client: ImapFlow,
  ): Promise<{ changes: AccountChange[]; dropped: WatchedAccount[]; error?: unknown }> {
    const ids = [...this.#dirty];
    this.#dirty.clear();
    const changes: AccountChange[] = [];
    const dropped: WatchedAccount[] = [];
    for (const [i, id] of ids.entries()) {
      const account = id === this.personal.accountId ? this.personal : this.#shared.get(id);
      if (!account) continue;
      let computed;
      try {
        computed = await computeStates(client, account.cache, account.scope);
      } catch (err) {
        // Not lost: the next refresh (activity, recheck, reconnect) tries them again, and
        // what moved before the failure is still pushed.
        this.mark(ids.slice(i));
        return { changes, dropped, error: err };
      }
      if (!computed) {
        dropped.push(this.#drop(account));
        continue;
      }
      const before = account.last;
      account.last = computed.states;
      if (before === null) continue;
      const changed = changedTypes(before, computed.states);
      if (Object.keys(changed).length > 0) changes.push({ accountId: id, changed, computed });
    }
    return { changes, dropped };
  }

  #drop(account: WatchedAccount): WatchedAccount {
    this.#shared.delete(account.accountId);
    this.#dirty.delete(account.accountId);
    return account;
  }
}
