// Typed OpenPGP failures (PGP-1…5). Each has a `kind` the reader switches on, and the worker
// sends the kind across, so the page rebuilds the same class (fromKind). No openpgp import.

export type PgpErrorKind =
  /** The passphrase does not unlock the secret key. */
  | 'wrong-passphrase'
  /** An operation needed a passphrase and none was given or remembered. */
  | 'passphrase-needed'
  /** The message is not encrypted to any key given. */
  | 'no-key'
  /** Integrity check failed: modified or unauthenticated ciphertext. No plaintext is returned. */
  | 'tampered'
  /** Not an OpenPGP message, signature or key the library can read. */
  | 'malformed'
  /** The key cannot do this (public key where a secret one is needed, revoked, expired, no subkey). */
  | 'unusable-key'
  /** A secret key that is not passphrase-protected: never stored, never exported. */
  | 'unprotected-key'
  /** The worker stopped or answered nonsense. */
  | 'worker';

export class PgpError extends Error {
  override name = 'PgpError';
  constructor(
    readonly kind: PgpErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class WrongPassphraseError extends PgpError {
  override name = 'WrongPassphraseError';
  constructor(message = 'The passphrase does not unlock this key.', options?: ErrorOptions) {
    super('wrong-passphrase', message, options);
  }
}

export class PassphraseNeededError extends PgpError {
  override name = 'PassphraseNeededError';
  constructor(message = 'Enter the passphrase of this key.', options?: ErrorOptions) {
    super('passphrase-needed', message, options);
  }
}

export class NoDecryptionKeyError extends PgpError {
  override name = 'NoDecryptionKeyError';
  constructor(message = 'This message is not encrypted to your key.', options?: ErrorOptions) {
    super('no-key', message, options);
  }
}

export class TamperedMessageError extends PgpError {
  override name = 'TamperedMessageError';
  constructor(
    message = 'The encrypted message was modified or cannot be authenticated; nothing of it is shown.',
    options?: ErrorOptions,
  ) {
    super('tampered', message, options);
  }
}

export class MalformedPgpError extends PgpError {
  override name = 'MalformedPgpError';
  constructor(message = 'This is not OpenPGP data Buzón can read.', options?: ErrorOptions) {
    super('malformed', message, options);
  }
}

export class UnusableKeyError extends PgpError {
  override name = 'UnusableKeyError';
  constructor(message = 'This key cannot be used for this.', options?: ErrorOptions) {
    super('unusable-key', message, options);
  }
}

export class UnprotectedKeyError extends PgpError {
  override name = 'UnprotectedKeyError';
  constructor(
    message = 'This secret key has no passphrase; protect it with one first.',
    options?: ErrorOptions,
  ) {
    super('unprotected-key', message, options);
  }
}

export class PgpWorkerError extends PgpError {
  override name = 'PgpWorkerError';
  constructor(message = 'The OpenPGP worker stopped.', options?: ErrorOptions) {
    super('worker', message, options);
  }
}

const BY_KIND: Record<PgpErrorKind, new (message?: string) => PgpError> = {
  'wrong-passphrase': WrongPassphraseError,
  'passphrase-needed': PassphraseNeededError,
  'no-key': NoDecryptionKeyError,
  tampered: TamperedMessageError,
  malformed: MalformedPgpError,
  'unusable-key': UnusableKeyError,
  'unprotected-key': UnprotectedKeyError,
  worker: PgpWorkerError,
};

/** Rebuilds the typed error the worker reported (its kind and message). */
export function pgpErrorFromKind(kind: PgpErrorKind, message: string): PgpError {
  const Ctor = BY_KIND[kind] as (new (message?: string) => PgpError) | undefined;
  return Ctor ? new Ctor(message) : new PgpWorkerError(message);
}
