// What stops a signed or encrypted message before it leaves (PGP-2, PGP-3); the composer
// words them for the user. No openpgp import.

/** PGP-3: encryption is refused while any recipient has no usable (confirmed) key. */
export class MissingRecipientKeysError extends Error {
  override name = 'MissingRecipientKeysError';
  constructor(readonly missing: readonly string[]) {
    super(`No OpenPGP key for: ${missing.join(', ')}. Remove them or send unencrypted.`);
  }
}

/** PGP-2: the sender address has no own key to sign with. */
export class NoSigningKeyError extends Error {
  override name = 'NoSigningKeyError';
  constructor(readonly address: string) {
    super(`You have no OpenPGP key for ${address}; create or import one in Settings.`);
  }
}
