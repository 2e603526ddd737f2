// PGP-1: how keys are written for people — fingerprints to compare aloud, dates, algorithms,
// and the names of the files keys are saved under.
import { currentLocale } from '../shared/format.js';

/** Hex digits per block: the grouping GnuPG and most clients print, so blocks line up. */
const FINGERPRINT_BLOCK = 4;
/** Characters of a user id kept in a file name (the rest is noise in a file manager). */
const MAX_NAME_CHARS = 40;

/** "ABCD 1234 …": upper-case hex in blocks of four, the way users read it to each other. */
export function groupFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
  const blocks: string[] = [];
  for (let i = 0; i < hex.length; i += FINGERPRINT_BLOCK)
    blocks.push(hex.slice(i, i + FINGERPRINT_BLOCK));
  return blocks.join(' ');
}

/** A key's date (created, expires), without the time: keys are compared by day. */
export function formatKeyDate(t: number, locale = currentLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(t));
}

/** OpenPGP.js's algorithm names ("eddsaLegacy ed25519Legacy") as users know them. */
export function formatAlgorithm(algorithm: string): string {
  const a = algorithm.toLowerCase();
  if (a.includes('ed25519') || a.includes('curve25519')) return 'Ed25519 / Curve25519';
  if (a.includes('ed448') || a.includes('x448')) return 'Ed448 / X448';
  const rsa = /^rsa\w*\s+(\d+)/.exec(a);
  if (rsa) return `RSA ${rsa[1]}`;
  const nist = /(p256|p384|p521|brainpool\w+|secp256k1)/.exec(a);
  if (nist?.[1]) return `ECC ${nist[1].toUpperCase()}`;
  return algorithm;
}

/** Whether the key's expiry date has passed. */
export function isExpired(expiresAt: number | null, now = Date.now()): boolean {
  return expiresAt !== null && expiresAt <= now;
}

export type KeyFileKind = 'public' | 'secret' | 'revocation' | 'revoked';

/**
 * "ana-at-example.org-0x1234abcd5678ef90-public.asc": the address (or name) tells the user
 * whose key it is, the key id which one; only safe file-name characters remain.
 */
export function keyFileName(
  key: { keyId: string; emails: readonly string[]; userIds: readonly string[] },
  kind: KeyFileKind,
): string {
  const who = (key.emails[0]?.replace('@', '-at-') ?? key.userIds[0] ?? 'key')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_NAME_CHARS);
  return `${who || 'key'}-0x${key.keyId}-${kind}.asc`;
}
