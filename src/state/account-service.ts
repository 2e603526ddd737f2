// AccountService: signing in through the proxy, the list of accounts on this device, and
// switching between them. The registry lives in the device database (account-registry.ts);
// the password only crosses this module inside the one POST /auth/login body and is
// never kept: the proxy holds it, encrypted, for the session (ADR 0009).
//
// current() is synchronous: it is the account the page shows, fixed for the page's life.
// main.ts reads it with loadCurrentAccount() before it opens a database and passes it in
// `deps.current`; every change of account reloads the page, so it never goes stale.
import { deleteDb, type BuzonDb } from '../store/db.js';
import { UnknownAccountError, offlineError, refusal } from './account-errors.js';
import { accountDbName, isAccountId, readRegistry, writeRegistry } from './account-registry.js';
import type {
  AccountInfo,
  AccountService,
  OfflineWindowDays,
  ProviderInfo,
  SignInRequest,
} from './types.js';

export { accountDbName, loadCurrentAccount, InvalidAccountIdError } from './account-registry.js';
export {
  AccountError,
  AccountOfflineError,
  ProxyRefusedError,
  UnknownAccountError,
} from './account-errors.js';

/** RFC 8621 §1.3.1: the capability whose primary account is the mail account. */
const JMAP_MAIL_CAPABILITY = 'urn:ietf:params:jmap:mail';

/** Typed hosts (the custom provider) use TLS from the first byte or STARTTLS (ADR 0009). */
const IMPLICIT_TLS = 'implicit';
const STARTTLS = 'starttls';

export interface AccountServiceDeps {
  /** fetch for the proxy's /auth and /jmap/session endpoints (same origin). */
  fetch?: typeof fetch;
  /** Reloads the page into the chosen mailbox. */
  reload?: () => void;
  /**
   * The account the page shows, as loadCurrentAccount() returned it at start; null or
   * omitted = the local mailbox.
   */
  current?: AccountInfo | null;
  /** Deletes an account's database (tests pass their IndexedDB factory's). */
  deleteDatabase?: (name: string) => Promise<void>;
}

interface ProviderSummary {
  id?: unknown;
  name?: unknown;
  custom?: unknown;
}

function loginBody(req: SignInRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    provider: req.providerId,
    username: req.username.trim(),
    password: req.password,
  };
  if (req.host !== undefined) {
    body.imap = {
      host: req.host.trim(),
      port: req.port,
      tls: req.tls === false ? STARTTLS : IMPLICIT_TLS,
    };
    if (req.smtp) body.smtp = { ...req.smtp, host: req.smtp.host.trim() };
  }
  return body;
}

export function createAccountService(
  deviceDb: BuzonDb,
  deps: AccountServiceDeps = {},
): AccountService {
  // A copy: setOfflineWindow updates it without touching the caller's object.
  const shown: AccountInfo | null = deps.current ? { ...deps.current } : null;
  const reload = deps.reload ?? (() => globalThis.location.reload());
  const deleteDatabase = deps.deleteDatabase ?? ((name: string) => deleteDb(name));

  /** One request to the proxy; a network failure becomes "you are offline". */
  async function call(
    path: string,
    init: RequestInit,
    action: 'sign-in' | 'sign-out',
  ): Promise<Response> {
    const doFetch = deps.fetch ?? globalThis.fetch.bind(globalThis);
    if (globalThis.navigator?.onLine === false) throw offlineError(action);
    try {
      return await doFetch(path, { credentials: 'same-origin', cache: 'no-store', ...init });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw offlineError(action);
    }
  }

  async function okOrThrow(response: Response): Promise<Response> {
    if (!response.ok) throw await refusal(response);
    return response;
  }

  /** The JMAP account id of the session just opened: the stable key of the account. */
  async function sessionAccountId(): Promise<string> {
    const response = await okOrThrow(await call('/jmap/session', { method: 'GET' }, 'sign-in'));
    const session = (await response.json()) as { primaryAccounts?: Record<string, unknown> };
    const id = session.primaryAccounts?.[JMAP_MAIL_CAPABILITY];
    if (!isAccountId(id)) throw new UnknownAccountError('The server named no usable mail account.');
    return id;
  }

  async function setCurrent(id: string | null): Promise<void> {
    const registry = await readRegistry(deviceDb);
    if (id !== null && !registry.accounts.some((a) => a.id === id))
      throw new UnknownAccountError(`There is no account "${id}" on this device.`);
    await writeRegistry(deviceDb, { ...registry, currentId: id });
  }

  return {
    async listProviders(): Promise<ProviderInfo[]> {
      const response = await okOrThrow(await call('/auth/providers', { method: 'GET' }, 'sign-in'));
      const list = (await response.json()) as unknown;
      return (Array.isArray(list) ? (list as ProviderSummary[]) : [])
        .filter((p) => typeof p.id === 'string' && typeof p.name === 'string')
        .map((p) => ({ id: p.id as string, name: p.name as string, custom: p.custom === true }));
    },

    current: () => shown,

    async listAccounts(): Promise<AccountInfo[]> {
      return (await readRegistry(deviceDb)).accounts;
    },

    async signIn(req: SignInRequest): Promise<void> {
      const response = await okOrThrow(
        await call(
          '/auth/login',
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(loginBody(req)),
          },
          'sign-in',
        ),
      );
      const who = (await response.json()) as {
        username?: unknown;
        providerName?: unknown;
        accountId?: unknown;
      };
      // The proxy's IMAP facade names the account in its answer; a JMAP provider's own
      // server names it in its Session.
      const id = isAccountId(who.accountId) ? who.accountId : await sessionAccountId();
      const account: AccountInfo = {
        id,
        username: typeof who.username === 'string' ? who.username : req.username.trim(),
        providerId: req.providerId,
        providerName: typeof who.providerName === 'string' ? who.providerName : req.providerId,
        offlineWindowDays: req.offlineWindowDays,
      };
      const registry = await readRegistry(deviceDb);
      const known = registry.accounts.some((a) => a.id === id);
      // Signing in again updates the account in its place in the list.
      const accounts = known
        ? registry.accounts.map((a) => (a.id === id ? account : a))
        : [...registry.accounts, account];
      await writeRegistry(deviceDb, { accounts, currentId: id });
      reload();
    },

    async signOut(): Promise<void> {
      const response = await call('/auth/logout', { method: 'POST' }, 'sign-out');
      // 401: the session had already ended (proxy restart, idle timeout): signed out anyway.
      if (!response.ok && response.status !== 401) throw await refusal(response);
      await setCurrent(null);
      reload();
    },

    async switchTo(accountId: string | null): Promise<void> {
      await setCurrent(accountId);
      reload();
    },

    async removeFromDevice(): Promise<void> {
      if (!shown) return;
      // End the proxy session if it is this account's; offline or already ended is fine.
      if (shown.sharedBy === undefined) {
        await call('/auth/logout', { method: 'POST' }, 'sign-out').catch(() => undefined);
      }
      const registry = await readRegistry(deviceDb);
      await writeRegistry(deviceDb, {
        accounts: registry.accounts.filter((a) => a.id !== shown.id),
        currentId: null,
      });
      await deleteDatabase(accountDbName(shown.id));
      reload();
    },

    async setOfflineWindow(days: OfflineWindowDays): Promise<void> {
      if (!shown) return;
      const registry = await readRegistry(deviceDb);
      const accounts = registry.accounts.map((a) =>
        a.id === shown.id ? { ...a, offlineWindowDays: days } : a,
      );
      await writeRegistry(deviceDb, { ...registry, accounts });
      shown.offlineWindowDays = days;
    },
  };
}
