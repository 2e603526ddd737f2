// PGP-4: which keys a message is for, read without any secret: the reader's status names the
// own key that opens a message (and asks for its passphrase) before anything is decrypted.
import * as openpgp from 'openpgp';
import { MalformedPgpError } from './errors.js';
import { parseKey } from './read.js';

const detail = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The (sub)key ids, lower-case hex, an armored OpenPGP message is encrypted to; [] for a
 * message that is only signed (`gpg --sign --armor`). An all-zero id is a hidden recipient.
 * MalformedPgpError when the message cannot be read (bad armor, broken packets).
 */
export async function decryptionKeyIds(armored: string): Promise<string[]> {
  let message: openpgp.Message<Uint8Array>;
  try {
    message = await openpgp.readMessage({ armoredMessage: armored });
  } catch (err) {
    throw new MalformedPgpError(`Could not read the encrypted message: ${detail(err)}`, {
      cause: err,
    });
  }
  return message.getEncryptionKeyIDs().map((id) => id.toHex().toLowerCase());
}

/** The key ids, lower-case hex, of a key's primary key and every subkey. */
export async function keyIdsOf(armored: string): Promise<string[]> {
  const key = await parseKey(armored);
  return key.getKeyIDs().map((id) => id.toHex().toLowerCase());
}
