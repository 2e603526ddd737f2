// PGP-2/3: what the composer says about signing and encryption, in one place so the
// options, the Send check and the errors from the service word it the same way.
import { msg, str } from '@lit/localize';
import { MissingRecipientKeysError, NoSigningKeyError } from '../../../state/pgp-errors.js';
import { PassphraseNeededError } from '../../../pgp/crypto/errors.js';

/** PGP-3: the recipients an encrypted message cannot go to. */
export function missingKeysText(missing: readonly string[]): string {
  const who = missing.join(', ');
  return msg(str`No key for ${who} — remove them or send unencrypted.`, {
    id: 'compose.pgpMissingKeys',
  });
}

/** PGP-3: Send refused while the list of recipients without a key is shown above it. */
export function refusedForMissingText(): string {
  return msg(
    'Not sent: the recipients listed above have no key. Remove them, or turn Encrypt off to send unencrypted.',
    { id: 'compose.pgpRefusedMissing' },
  );
}

/** PGP-2/3: the sender has no own key, yet the message was to be encrypted. */
export function noSigningKeyText(address: string): string {
  return msg(
    str`You have no OpenPGP key for ${address}: choose another sender, or turn Encrypt off.`,
    { id: 'compose.pgpNoSigningKey' },
  );
}

/** SEND-15 with PGP-3: the links would go in clear, so the two are never combined. */
export function linksNotEncryptedText(): string {
  return msg(
    'Files sent as links would go unencrypted: send them as attachments, or turn Encrypt off.',
    { id: 'compose.pgpNoLinks' },
  );
}

/** An error from Send about OpenPGP as the user reads it; null for any other error. */
export function pgpErrorText(err: unknown): string | null {
  if (err instanceof MissingRecipientKeysError) return missingKeysText(err.missing);
  if (err instanceof NoSigningKeyError) return noSigningKeyText(err.address);
  if (err instanceof PassphraseNeededError) {
    return msg('The passphrase of your key is needed again: press Send to enter it.', {
      id: 'compose.pgpPassphraseNeeded',
    });
  }
  return null;
}
