// Passwords of the user's other accounts (POP3: ADR 0014; IMAP: ADR 0016) at rest, inside
// the lists the proxy keeps on the user's IMAP server (METADATA). Sealed with AES-256-GCM
// under HKDF-SHA256(ikm = BUZON_SECRET, info = purpose + owner + account id): the mail
// server alone holds only ciphertext, and a proxy without the same secret cannot open it
// either. The owner (the signed-in account's id) is bound in, so a sealed password copied
// into another user's entry does not open there; the purpose keeps the two lists' keys apart.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** AES-256 key size. */
const KEY_BYTES = 32;
/** GCM's native 96-bit IV, random per sealing (one message per key and IV). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Which list a password belongs to; POP3's derivation is the one ADR 0014 shipped with. */
export type PasswordPurpose = 'pop3' | 'imap';

const HKDF_INFO_PREFIX: Record<PasswordPurpose, string> = {
  pop3: 'buzon/pop3-password/v1:',
  imap: 'buzon/imap-password/v1:',
};
/** Fixed salt: the secret is already uniformly random or long; the info separates keys. */
const HKDF_SALT = Buffer.from('buzon-pop3');

function keyFor(
  secret: Uint8Array,
  owner: string,
  accountId: string,
  purpose: PasswordPurpose,
): Buffer {
  const info = `${HKDF_INFO_PREFIX[purpose]}${owner}:${accountId}`;
  return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, info, KEY_BYTES));
}

/** `v1.<iv>.<ciphertext>.<tag>`, base64url parts. */
export function sealPassword(
  password: string,
  secret: Uint8Array,
  owner: string,
  accountId: string,
  purpose: PasswordPurpose = 'pop3',
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, owner, accountId, purpose), iv);
  cipher.setAAD(Buffer.from(accountId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return ['v1', iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The password, or null when it was sealed under another secret, owner or account. */
export function openPassword(
  sealed: string,
  secret: Uint8Array,
  owner: string,
  accountId: string,
  purpose: PasswordPurpose = 'pop3',
): string | null {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || ciphertext === undefined || tag === undefined)
    return null;
  try {
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) return null;
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyFor(secret, owner, accountId, purpose),
      ivBytes,
    );
    decipher.setAAD(Buffer.from(accountId, 'utf8'));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null; // GCM tag mismatch: another secret (e.g. a restart without BUZON_SECRET)
  }
}
