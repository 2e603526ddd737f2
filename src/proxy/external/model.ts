// The user's other IMAP accounts (EXTERNAL-2), as kept in their own IMAP server's METADATA
// and as the browser sees them. Each shows as one top-level folder named by its address,
// with that server's folders inside (ADR 0016). What is stored is parsed strictly on the
// way in: anything can be written there, and a bad entry is dropped, never trusted.
import type { TlsMode } from '../config/types.js';
import { TLS_MODES } from '../config/types.js';
import { isSingleLine } from '../security/crlf.js';
import { isRecord, parseStoredList, serializeStoredList } from '../security/stored-list.js';

/** A user-typed IMAP server (only where the operator allows typed hosts). */
export interface TypedServer {
  /** As typed: resolved and checked by the SSRF guard again at every connection. */
  host: string;
  port: number;
  tls: TlsMode;
}

export interface StoredImapAccount {
  /** `x` and six of [0-9a-z]: the prefix of every id of this account on the wire. */
  id: string;
  /** The top-level folder's name: the address the user gave this account. */
  address: string;
  /** A provider of the providers file, or 'custom' with `server`. */
  providerId: string;
  server: TypedServer | null;
  /**
   * With a typed IMAP server: its SMTP server, so mail can be sent as this account
   * (EXTERNAL-3, ADR 0023); null: the account receives only. Listed providers bring theirs.
   */
  smtp: TypedServer | null;
  username: string;
  /** Sealed with security/stored-password.ts; never leaves the proxy. */
  password: string;
}

/** What GET /imap-accounts answers: no password, only whether it can still be opened. */
export interface PublicImapAccount extends Omit<StoredImapAccount, 'password'> {
  /** False when the saved password cannot be opened (a restart without BUZON_SECRET). */
  passwordSaved: boolean;
}

/**
 * Each account is one more IMAP connection per signed-in session and one more backend
 * every JMAP request of the mailbox consults: a handful, not dozens.
 */
export const MAX_IMAP_ACCOUNTS = 5;
/** Distinct from every id the IMAP facade mints (those start with an upper-case letter). */
export const IMAP_ACCOUNT_ID_SHAPE = /^x[0-9a-z]{6}$/;
const MAX_TEXT = 320;

const text = (v: unknown, max = MAX_TEXT): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max && isSingleLine(v);

function parseServer(v: unknown): TypedServer | null | undefined {
  if (v === null) return null;
  if (!isRecord(v)) return undefined;
  const { host, port, tls } = v;
  if (!text(host, 253)) return undefined;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    return undefined;
  if (typeof tls !== 'string' || !(TLS_MODES as readonly string[]).includes(tls)) return undefined;
  return { host, port, tls: tls as TlsMode };
}

function parseAccount(v: unknown): StoredImapAccount | null {
  if (!isRecord(v)) return null;
  const { id, address, providerId, username, password } = v;
  if (typeof id !== 'string' || !IMAP_ACCOUNT_ID_SHAPE.test(id)) return null;
  if (!text(address) || !text(providerId, 64) || !text(username) || !text(password, 4096))
    return null;
  const server = parseServer(v['server']);
  // Absent in lists saved before sending from other accounts existed: receive only.
  const smtp = v['smtp'] === undefined ? null : parseServer(v['smtp']);
  if (server === undefined || smtp === undefined) return null;
  return { id, address, providerId, server, smtp, username, password };
}

/** The stored list, malformed entries dropped; an absent or broken entry is an empty list. */
export function parseImapAccounts(bytes: Buffer | null): StoredImapAccount[] {
  return parseStoredList(bytes, MAX_IMAP_ACCOUNTS, parseAccount);
}

export function serializeImapAccounts(accounts: readonly StoredImapAccount[]): Buffer {
  return serializeStoredList(accounts);
}

export function publicImapAccount(
  account: StoredImapAccount,
  passwordSaved: boolean,
): PublicImapAccount {
  const view: Partial<StoredImapAccount> = { ...account };
  delete view.password;
  return { ...(view as Omit<StoredImapAccount, 'password'>), passwordSaved };
}
