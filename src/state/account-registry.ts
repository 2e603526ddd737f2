// The list of server accounts this browser has signed in to, kept in the device database
// (the local mailbox's, "On this device") through the settings table. Two rows:
//   'accounts'          AccountInfo[]   every account, in the order they were added
//   'currentAccountId'  string | null   the account the app opens at start (null = local)
// Neither row ever holds a password: AccountInfo has no field for one, and rows are
// rebuilt field by field from what is read, so nothing else can ride along.
import type { BuzonDb } from '../store/db.js';
import { listSettingValues, putSettingValues } from '../store/repos/settings.js';
import type { AccountInfo, OfflineWindowDays } from './types.js';

export const ACCOUNTS_KEY = 'accounts';
export const CURRENT_ACCOUNT_KEY = 'currentAccountId';

/** RFC 8620 §1.2: a JMAP Id is 1–255 characters of the URL-safe base64 alphabet. */
/**
 * RFC 8620 Ids (`A-Za-z0-9-_`), plus `.`, `@` and `+`: Cyrus names accounts by their user
 * (`alice@example.org`) although §1.2 says otherwise. Still safe in a database, lock
 * and channel name; never a path separator, space or quote.
 */
const ACCOUNT_ID = /^[A-Za-z0-9_.@+-]{1,255}$/;

const WINDOWS: readonly OfflineWindowDays[] = [7, 30, 90, null];

/** The default offline window (issue 3): a month of mail is what most people look back at. */
export const DEFAULT_OFFLINE_WINDOW: OfflineWindowDays = 30;

/** An account id that cannot name a database (not an RFC 8620 Id). */
export class InvalidAccountIdError extends Error {
  override name = 'InvalidAccountIdError';
  constructor(id: string) {
    super(`"${id.slice(0, 40)}" is not a valid account id.`);
  }
}

export function isAccountId(id: unknown): id is string {
  return typeof id === 'string' && ACCOUNT_ID.test(id);
}

/** The IndexedDB database of one account's mailbox. */
export function accountDbName(accountId: string): string {
  if (!isAccountId(accountId)) throw new InvalidAccountIdError(String(accountId));
  return `buzon-account-${accountId}`;
}

function isWindow(value: unknown): value is OfflineWindowDays {
  return WINDOWS.includes(value as OfflineWindowDays);
}

/** One stored row checked field by field; a damaged row is dropped, not trusted. */
function accountFrom(value: unknown): AccountInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (!isAccountId(r.id) || typeof r.username !== 'string' || typeof r.providerId !== 'string')
    return null;
  const account: AccountInfo = {
    id: r.id,
    username: r.username,
    providerId: r.providerId,
    providerName: typeof r.providerName === 'string' ? r.providerName : r.providerId,
    offlineWindowDays: isWindow(r.offlineWindowDays) ? r.offlineWindowDays : DEFAULT_OFFLINE_WINDOW,
  };
  // SHARED-2: a mailbox shared with `username` by its owner.
  if (typeof r.sharedBy === 'string' && r.sharedBy !== '') account.sharedBy = r.sharedBy;
  return account;
}

export interface Registry {
  accounts: AccountInfo[];
  currentId: string | null;
}

export async function readRegistry(deviceDb: BuzonDb): Promise<Registry> {
  const values = await listSettingValues(deviceDb);
  const stored = values.get(ACCOUNTS_KEY);
  const accounts = (Array.isArray(stored) ? stored : [])
    .map(accountFrom)
    .filter((a): a is AccountInfo => a !== null);
  const current = values.get(CURRENT_ACCOUNT_KEY);
  const currentId = accounts.some((a) => a.id === current) ? (current as string) : null;
  return { accounts, currentId };
}

export async function writeRegistry(deviceDb: BuzonDb, registry: Registry): Promise<void> {
  await putSettingValues(deviceDb, {
    // Copied field by field so a caller's object with extra members stores only these.
    [ACCOUNTS_KEY]: registry.accounts.map((a) => ({
      id: a.id,
      username: a.username,
      providerId: a.providerId,
      providerName: a.providerName,
      offlineWindowDays: a.offlineWindowDays,
      ...(a.sharedBy !== undefined ? { sharedBy: a.sharedBy } : {}),
    })),
    [CURRENT_ACCOUNT_KEY]: registry.currentId,
  });
}

/**
 * The account the app should open at start, or null for the local mailbox. main.ts calls
 * this before opening a database: an account's mail is in `accountDbName(account.id)`.
 */
export async function loadCurrentAccount(deviceDb: BuzonDb): Promise<AccountInfo | null> {
  const { accounts, currentId } = await readRegistry(deviceDb);
  return accounts.find((a) => a.id === currentId) ?? null;
}
