// SEND-15 files at rest: AES-256-GCM, one key per file derived with HKDF-SHA256 from
// BUZON_SECRET (info "buzon/link-file/v1", the file's random id as salt), a random 96-bit
// IV, and the file id as additional data so a file swapped under another record's name
// does not open. On disk: IV ‖ ciphertext ‖ tag. Decryption streams (a 50 MB file is not
// held in memory); GCM checks the tag at the end, and a failure there cuts the response.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DecipherGCM } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';

/** AES-256 key size. */
const KEY_BYTES = 32;
/** GCM's native IV size (NIST SP 800-38D); random, one file per key. */
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** What the encryption adds to a file's size on disk. */
export const SEALED_OVERHEAD_BYTES = IV_BYTES + TAG_BYTES;

/** Distinct from the session (buzon/session-credentials/v1) and password keys. */
const FILE_KEY_INFO = 'buzon/link-file/v1';
const KEY_ID_INFO = 'buzon/link-file/v1:key-id';
/** A fingerprint long enough that two secrets never collide by chance. */
const KEY_ID_BYTES = 8;

function fileKey(secret: Uint8Array, fileId: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secret, Buffer.from(fileId, 'utf8'), FILE_KEY_INFO, KEY_BYTES),
  );
}

/**
 * A non-secret fingerprint of the secret, kept in each record: files sealed under
 * another BUZON_SECRET (or a random one of an earlier run) are found and removed at start
 * instead of failing at download.
 */
export function keyIdOf(secret: Uint8Array): string {
  return Buffer.from(
    hkdfSync('sha256', secret, Buffer.alloc(0), KEY_ID_INFO, KEY_ID_BYTES),
  ).toString('hex');
}

/** Encrypts `plain` into `path` (mode 0600), through a temporary name so a crash leaves no half file. */
export async function sealToFile(
  path: string,
  plain: Uint8Array,
  secret: Uint8Array,
  fileId: string,
): Promise<void> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', fileKey(secret, fileId), iv);
  cipher.setAAD(Buffer.from(fileId, 'utf8'));
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.write(iv);
    await handle.write(cipher.update(plain));
    await handle.write(cipher.final());
    await handle.write(cipher.getAuthTag());
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await rename(temporary, path);
}

export interface OpenedFile {
  /** The plaintext, streamed; errors at the end when the tag does not match. */
  stream: DecipherGCM;
  /** The ciphertext stream underneath, to destroy when the response goes away. */
  source: ReadStream;
}

/**
 * The plaintext of a sealed file of `size` plaintext bytes, or null when the file is
 * missing or not the size its record says (it was then lost or tampered with).
 */
export async function openSealedFile(
  path: string,
  size: number,
  secret: Uint8Array,
  fileId: string,
): Promise<OpenedFile | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  const iv = Buffer.alloc(IV_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    const { size: onDisk } = await handle.stat();
    if (onDisk !== size + SEALED_OVERHEAD_BYTES) {
      await handle.close();
      return null;
    }
    await handle.read(iv, 0, IV_BYTES, 0);
    await handle.read(tag, 0, TAG_BYTES, IV_BYTES + size);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const decipher = createDecipheriv('aes-256-gcm', fileKey(secret, fileId), iv);
  decipher.setAAD(Buffer.from(fileId, 'utf8'));
  decipher.setAuthTag(tag);
  // Read through the open handle: a sweep that unlinks the file meanwhile does not cut a
  // download already started. Empty files never get here (refused at upload).
  const source = handle.createReadStream({ start: IV_BYTES, end: IV_BYTES + size - 1 });
  return { stream: decipher, source };
}
