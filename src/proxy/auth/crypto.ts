// Credentials at rest on the proxy. Each session's key is derived with HKDF-SHA256 from
// two halves: K1, 32 random bytes that live only in the user's cookie, and K2, the
// server's secret. The proxy keeps only the ciphertext; without the cookie, a dump of
// its memory or session store cannot be decrypted, and without K2 a stolen cookie
// alone does not reveal the password either. The session id is bound in twice: in
// HKDF's info (a different key per session) and as AES-GCM's additional data.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** AES-256: a 32-byte key; K1 has the same size so it alone carries the key's full strength. */
export const KEY_HALF_BYTES = 32;
/** 96-bit IVs are GCM's native size (NIST SP 800-38D); random is safe for one message per key. */
const IV_BYTES = 12;
const HKDF_INFO_PREFIX = 'buzon/session-credentials/v1:';

export interface SealedCredentials {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export interface Credentials {
  username: string;
  password: string;
}

export function newKeyHalf(): Buffer {
  return randomBytes(KEY_HALF_BYTES);
}

function deriveKey(keyHalf: Uint8Array, serverSecret: Uint8Array, sessionId: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', keyHalf, serverSecret, HKDF_INFO_PREFIX + sessionId, KEY_HALF_BYTES),
  );
}

export function sealCredentials(
  credentials: Credentials,
  keyHalf: Uint8Array,
  serverSecret: Uint8Array,
  sessionId: string,
): SealedCredentials {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(keyHalf, serverSecret, sessionId), iv);
  cipher.setAAD(Buffer.from(sessionId, 'utf8'));
  const ciphertext = Buffer.concat([
    cipher.update(JSON.stringify(credentials), 'utf8'),
    cipher.final(),
  ]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** The credentials, or null when the key half (or the server secret) is not the one they were sealed with. */
export function openCredentials(
  sealed: SealedCredentials,
  keyHalf: Uint8Array,
  serverSecret: Uint8Array,
  sessionId: string,
): Credentials | null {
  if (keyHalf.length !== KEY_HALF_BYTES) return null;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      deriveKey(keyHalf, serverSecret, sessionId),
      sealed.iv,
    );
    decipher.setAAD(Buffer.from(sessionId, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    const text = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString(
      'utf8',
    );
    const value = JSON.parse(text) as Partial<Credentials>;
    if (typeof value.username !== 'string' || typeof value.password !== 'string') return null;
    return { username: value.username, password: value.password };
  } catch {
    return null; // GCM tag mismatch: wrong key half
  }
}
