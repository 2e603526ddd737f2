// SEND-15 records: what the store keeps beside each encrypted file, as JSON on disk.
// Tokens are 128 random bits, one per recipient, handed out once in the POST /links
// answer and never stored: a record holds the SHA-256 of each token, and downloads are
// looked up by that hash. A copy of the data directory therefore holds no working link,
// and a lookup in a Map by hash leaks nothing useful about a token through timing.
import { createHash, randomBytes } from 'node:crypto';

/** 128 bits: unguessable, and short enough for a URL a recipient can still copy. */
const TOKEN_BYTES = 16;
/** base64url of 16 bytes, without padding. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}$/;
/** File ids name the files on disk: hex only, so they can never be a path. */
const FILE_ID_BYTES = 16;
export const FILE_ID_SHAPE = /^[0-9a-f]{32}$/;

export const RECORD_VERSION = 1;

export interface LinkRecipient {
  address: string;
  /** SHA-256 of the recipient's token, hex. */
  tokenHash: string;
  /** ISO 8601; null until the first download. */
  downloadedAt: string | null;
}

export interface LinkRecord {
  version: typeof RECORD_VERSION;
  id: string;
  /** Fingerprint of the secret the file was sealed with (crypto.ts keyIdOf). */
  keyId: string;
  owner: { username: string; provider: string };
  filename: string;
  type: string;
  /** Plaintext bytes. */
  size: number;
  /** ISO 8601. */
  created: string;
  expires: string;
  recipients: LinkRecipient[];
}

export const newFileId = (): string => randomBytes(FILE_ID_BYTES).toString('hex');
export const newToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');
export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

const isString = (v: unknown): v is string => typeof v === 'string';
const isIsoDate = (v: unknown): v is string => isString(v) && !Number.isNaN(Date.parse(v));

function isRecipient(v: unknown): v is LinkRecipient {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    isString(r['address']) &&
    isString(r['tokenHash']) &&
    /^[0-9a-f]{64}$/.test(r['tokenHash']) &&
    (r['downloadedAt'] === null || isIsoDate(r['downloadedAt']))
  );
}

/** A record read back from disk, or null when it is not one this version wrote. */
export function parseRecord(text: string): LinkRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const owner = r['owner'] as Record<string, unknown> | null | undefined;
  const ok =
    r['version'] === RECORD_VERSION &&
    isString(r['id']) &&
    FILE_ID_SHAPE.test(r['id']) &&
    isString(r['keyId']) &&
    typeof owner === 'object' &&
    owner !== null &&
    isString(owner['username']) &&
    isString(owner['provider']) &&
    isString(r['filename']) &&
    isString(r['type']) &&
    typeof r['size'] === 'number' &&
    Number.isSafeInteger(r['size']) &&
    r['size'] > 0 &&
    isIsoDate(r['created']) &&
    isIsoDate(r['expires']) &&
    Array.isArray(r['recipients']) &&
    r['recipients'].every(isRecipient);
  return ok ? (value as LinkRecord) : null;
}

/** The owner key the per-user cap counts by: one user of one provider. */
export const ownerKeyOf = (owner: LinkRecord['owner']): string =>
  `${owner.provider}\n${owner.username.toLowerCase()}`;
