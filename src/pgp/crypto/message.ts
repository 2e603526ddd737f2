// PGP-3 and PGP-4: encrypt (always signed) and decrypt. OpenPGP.js's defaults stay as they
// are: unauthenticated (no MDC/AEAD) or modified ciphertext is refused, and inputs are whole
// buffers, not streams, so the library checks integrity before it returns any plaintext.
import * as openpgp from 'openpgp';
import type { Message, PrivateKey } from 'openpgp';
import {
  MalformedPgpError,
  NoDecryptionKeyError,
  PgpError,
  TamperedMessageError,
  UnusableKeyError,
} from './errors.js';
import { parsePublicKeys, unlockPrivateKey } from './read.js';
import type { DecryptOptions, DecryptResult, EncryptOptions } from './types.js';
import { classifyAll } from './verdict.js';

/** RFC 9580 § 5.1: an all-zero key id hides the recipient (`gpg --throw-keyids`). */
const WILDCARD_KEY_ID = '0000000000000000';

const detail = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function encryptAndSign(opts: EncryptOptions): Promise<string> {
  if (opts.recipientKeys.length === 0) throw new UnusableKeyError('No recipient keys.');
  const encryptionKeys = await parsePublicKeys(opts.recipientKeys);
  // PGP-3: never encrypted without a signature, so the signer is unlocked first.
  const signingKey = await unlockPrivateKey(opts.signingKey, opts.passphrase);
  const message = await openpgp.createMessage({ binary: opts.data });
  try {
    return await openpgp.encrypt({
      message,
      encryptionKeys,
      signingKeys: signingKey,
      wildcard: opts.hideRecipients === true,
    });
  } catch (err) {
    // A revoked or expired recipient, or one with no encryption subkey.
    throw new UnusableKeyError(`Could not encrypt to these keys: ${detail(err)}`, { cause: err });
  }
}

async function readEncrypted(armored: string): Promise<Message<Uint8Array>> {
  let message: Message<Uint8Array>;
  try {
    message = await openpgp.readMessage({ armoredMessage: armored });
  } catch (err) {
    // A bad armor checksum or a broken packet: the message was damaged or altered.
    throw new MalformedPgpError(`Could not read the encrypted message: ${detail(err)}`, {
      cause: err,
    });
  }
  if (message.getEncryptionKeyIDs().length === 0)
    throw new MalformedPgpError('This message is not encrypted to a key.');
  return message;
}

/** NoDecryptionKeyError before any work when the message names none of our (sub)keys. */
function checkAddressedTo(message: Message<Uint8Array>, key: PrivateKey): void {
  const ids = message.getEncryptionKeyIDs();
  // A wildcard id (all zeros, `gpg --throw-keyids`) may be for anyone: try it.
  const hidden = ids.some((id) => id.toHex() === WILDCARD_KEY_ID);
  const ours = ids.some((id) => key.getKeys(id).length > 0);
  if (!hidden && !ours) throw new NoDecryptionKeyError();
}

export async function decrypt(opts: DecryptOptions): Promise<DecryptResult> {
  const message = await readEncrypted(opts.armored);
  const verificationKeys = await parsePublicKeys(opts.verificationKeys);
  const privateKey = await unlockPrivateKey(opts.privateKey, opts.passphrase);
  checkAddressedTo(message, privateKey);
  let out: openpgp.DecryptMessageResult & { data: Uint8Array };
  try {
    out = await openpgp.decrypt({
      message,
      decryptionKeys: privateKey,
      verificationKeys,
      format: 'binary',
    });
  } catch (err) {
    if (err instanceof PgpError) throw err;
    // Whatever failed after the key was unlocked — a session key that does not decrypt, a
    // failed MDC/AEAD check, a packet that does not parse — means the ciphertext is not what
    // was sent. The library returns no plaintext with the error, and neither do we.
    throw new TamperedMessageError(undefined, { cause: err });
  }
  if (out.signatures.length === 0) return { data: out.data, signatures: 'unsigned' };
  return { data: out.data, signatures: await classifyAll(out.signatures, verificationKeys) };
}
