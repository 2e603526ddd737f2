// Where the POP3 account list lives: the user's own IMAP server, as two kinds of private
// METADATA entries — the accounts (small, read on every list and check) and one seen-UIDL
// list per account (written after every fetched message). The proxy keeps nothing on
// disk, a restart loses nothing, and every device of the user sees the same accounts.
import { createHash } from 'node:crypto';
import type { ImapWork } from '../imap/pool.js';
import { getMetadata, METADATA_ROOT, setMetadata } from './metadata.js';
import { parseAccounts, parseSeen, serializeAccounts, serializeSeen } from './model.js';
import type { StoredAccount } from './model.js';

export const ACCOUNTS_ENTRY = `${METADATA_ROOT}/accounts`;
export const seenEntry = (accountId: string) => `${METADATA_ROOT}/seen/${accountId}`;

/**
 * A seen UIDL as stored: 96 bits of SHA-256 of the server's unique id, base64url. RFC 1939
 * ids may be 70 characters; at 16 the 10,000-entry list stays ~190 KB, rewritten after
 * every message. A collision (2^-96 per pair) would skip one message, never duplicate one.
 */
export function seenKey(uidl: string): string {
  return createHash('sha256').update(uidl, 'latin1').digest().subarray(0, 12).toString('base64url');
}

export type RunImap = <T>(work: ImapWork<T>) => Promise<T>;

/** Serializes read-modify-write of one user's entries (two tabs, two devices, a running check). */
export class OwnerLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(owner: string, work: () => Promise<T>): Promise<T> {
    const tail = this.#tails.get(owner) ?? Promise.resolve();
    const result = tail.then(work);
    const next = result.catch(() => undefined);
    this.#tails.set(owner, next);
    void next.then(() => {
      if (this.#tails.get(owner) === next) this.#tails.delete(owner);
    });
    return result;
  }
}

export async function readAccounts(imap: RunImap): Promise<StoredAccount[]> {
  const got = await imap((client) => getMetadata(client, [ACCOUNTS_ENTRY]));
  return parseAccounts(got.get(ACCOUNTS_ENTRY) ?? null);
}

export async function writeAccounts(
  imap: RunImap,
  accounts: readonly StoredAccount[],
): Promise<void> {
  await imap((client) =>
    setMetadata(client, ACCOUNTS_ENTRY, accounts.length === 0 ? null : serializeAccounts(accounts)),
  );
}

export async function readSeen(imap: RunImap, accountId: string): Promise<string[]> {
  const entry = seenEntry(accountId);
  const got = await imap((client) => getMetadata(client, [entry]));
  return parseSeen(got.get(entry) ?? null);
}

export async function writeSeen(
  imap: RunImap,
  accountId: string,
  seen: readonly string[] | null,
): Promise<void> {
  await imap((client) =>
    setMetadata(client, seenEntry(accountId), seen === null ? null : serializeSeen(seen)),
  );
}
