// The POP3 account list as it is kept in the user's IMAP METADATA, and as the browser sees
// it. What is stored is parsed strictly on the way in: the mail server's admin (or a
// broken client) can write anything there, and a bad entry is dropped, never trusted.
import type { TlsMode } from '../config/types.js';
import { TLS_MODES } from '../config/types.js';
import { isSingleLine } from '../security/crlf.js';
import { isRecord, parseStoredList, serializeStoredList } from '../security/stored-list.js';

/** How the last check ended, for the account list ("checked 10:42, 3 new"). */
export interface LastCheck {
  /** Epoch ms when it ended. */
  at: number;
  outcome: 'ok' | 'cancelled' | 'failed';
  fetched: number;
  /** Messages left on the server without being fetched (too large, or past the seen-list window). */
  skipped: number;
  /** A short English sentence for the user when it failed. */
  error: string | null;
}

export interface StoredAccount {
  id: string;
  name: string;
  /** A preset of the providers file, or null for a typed host. */
  preset: string | null;
  /** The typed host name (re-checked by the SSRF guard at every connection), or the preset's. */
  host: string;
  port: number;
  tls: TlsMode;
  username: string;
  /** Sealed with secret.ts; never leaves the proxy. */
  password: string;
  leaveOnServer: boolean;
  newOnly: boolean;
  /** Minutes between automatic checks while the user is signed in; null = manual only. */
  autoMinutes: number | null;
  lastCheck: LastCheck | null;
}

/** What GET /pop3/accounts answers: no password, only whether one is usable. */
export interface PublicAccount extends Omit<StoredAccount, 'password'> {
  /** False when the saved password cannot be opened (a restart without BUZON_SECRET). */
  passwordSaved: boolean;
}

/** Bounds the METADATA entry and the work one "check all" can start. */
export const MAX_POP3_ACCOUNTS = 20;
/** Ids are ours: 16 hex digits, safe in a METADATA entry name. */
export const ACCOUNT_ID_SHAPE = /^[0-9a-f]{16}$/;
const MAX_TEXT = 320;

const text = (v: unknown, max = MAX_TEXT): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max && isSingleLine(v);

function parseLastCheck(v: unknown): LastCheck | null {
  if (!isRecord(v)) return null;
  const { at, outcome, fetched, skipped, error } = v;
  if (typeof at !== 'number' || typeof fetched !== 'number' || typeof skipped !== 'number')
    return null;
  if (outcome !== 'ok' && outcome !== 'cancelled' && outcome !== 'failed') return null;
  return {
    at,
    outcome,
    fetched,
    skipped,
    error: typeof error === 'string' ? error.slice(0, MAX_TEXT) : null,
  };
}

function parseAccount(v: unknown): StoredAccount | null {
  if (!isRecord(v)) return null;
  const {
    id,
    name,
    preset,
    host,
    port,
    tls,
    username,
    password,
    leaveOnServer,
    newOnly,
    autoMinutes,
  } = v;
  if (typeof id !== 'string' || !ACCOUNT_ID_SHAPE.test(id)) return null;
  if (!text(name) || !text(host, 253) || !text(username) || !text(password, 4096)) return null;
  if (preset !== null && !text(preset, 64)) return null;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  if (typeof tls !== 'string' || !(TLS_MODES as readonly string[]).includes(tls)) return null;
  if (typeof leaveOnServer !== 'boolean' || typeof newOnly !== 'boolean') return null;
  if (autoMinutes !== null && (typeof autoMinutes !== 'number' || !Number.isInteger(autoMinutes)))
    return null;
  return {
    id,
    name,
    preset: preset as string | null,
    host,
    port,
    tls: tls as TlsMode,
    username,
    password,
    leaveOnServer,
    newOnly,
    autoMinutes: autoMinutes as number | null,
    lastCheck: parseLastCheck(v['lastCheck']),
  };
}

/** The stored list, malformed entries dropped; an absent or broken entry is an empty list. */
export function parseAccounts(bytes: Buffer | null): StoredAccount[] {
  return parseStoredList(bytes, MAX_POP3_ACCOUNTS, parseAccount);
}

export function serializeAccounts(accounts: readonly StoredAccount[]): Buffer {
  return serializeStoredList(accounts);
}

/** Seen UIDLs (hashed, oldest first); anything malformed reads as none seen. */
export function parseSeen(bytes: Buffer | null): string[] {
  if (bytes === null) return [];
  try {
    const data: unknown = JSON.parse(bytes.toString('utf8'));
    if (!isRecord(data) || data['v'] !== 1 || !Array.isArray(data['seen'])) return [];
    return data['seen'].filter((s): s is string => typeof s === 'string' && s.length <= 64);
  } catch {
    return [];
  }
}

export function serializeSeen(seen: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify({ v: 1, seen }), 'utf8');
}

export function publicAccount(account: StoredAccount, passwordSaved: boolean): PublicAccount {
  const view: Partial<StoredAccount> = { ...account };
  delete view.password;
  return { ...(view as Omit<StoredAccount, 'password'>), passwordSaved };
}
