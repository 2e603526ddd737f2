// The messages between the page (state/pgp-client.ts) and the PGP worker (pgp-worker.ts).
// Byte arrays travel as transferred Uint8Arrays; failures travel as a PgpError kind and
// message, rebuilt into the same typed error on the page.
import type { PgpErrorKind } from '../../pgp/crypto/errors.js';
import type {
  DecryptResult,
  DetachedSignature,
  GeneratedKeyPair,
  GenerateKeyOptions,
  KeyInfo,
  RevokedKey,
  SignatureResult,
  VerifiedMessage,
} from '../../pgp/crypto/types.js';

/**
 * How an operation that needs a secret key gets its passphrase: given now, or remembered
 * from earlier in this session (per key fingerprint, in the worker's memory only).
 */
export interface Unlock {
  /** Omitted: use the passphrase remembered for this key, or fail with 'passphrase-needed'. */
  passphrase?: string;
  /** Remember the passphrase, once it worked, for this long (ms; capped by the worker). */
  rememberMs?: number;
}

export interface PgpOps {
  generateKeyPair: { args: GenerateKeyOptions; result: GeneratedKeyPair };
  readKeys: { args: { input: string | Uint8Array }; result: KeyInfo[] };
  exportPublic: { args: { armored: string }; result: string };
  backupPrivate: { args: { armored: string }; result: string };
  protectPrivateKey: { args: { armored: string; passphrase: string }; result: string };
  revokeKey: { args: { privateKey: string } & Unlock; result: RevokedKey };
  signDetached: {
    args: { data: Uint8Array; privateKey: string } & Unlock;
    result: DetachedSignature;
  };
  verifyDetached: {
    args: { data: Uint8Array; signature: string; publicKeys: string[] };
    result: SignatureResult[];
  };
  verifyInline: { args: { armored: string; publicKeys: string[] }; result: VerifiedMessage };
  encryptAndSign: {
    args: {
      data: Uint8Array;
      recipientKeys: string[];
      signingKey: string;
      hideRecipients?: boolean;
    } & Unlock;
    result: string;
  };
  decrypt: {
    args: { armored: string; privateKey: string; verificationKeys: string[] } & Unlock;
    result: DecryptResult;
  };
  hasPassphrase: { args: { fingerprint: string }; result: boolean };
  /** Checks the passphrase against the key ('wrong-passphrase' if not); remembers it if asked. */
  unlockKey: { args: { privateKey: string } & Unlock; result: null };
  /** The (sub)key ids an armored message is encrypted to ([] when it is only signed). */
  decryptionKeyIds: { args: { armored: string }; result: string[] };
  /** The key ids of a key's primary key and subkeys. */
  keyIds: { args: { armored: string }; result: string[] };
  /** Without a fingerprint: forget every remembered passphrase. */
  forgetPassphrases: { args: { fingerprint?: string }; result: null };
}

export type PgpOpName = keyof PgpOps;

export type PgpRequest = {
  [K in PgpOpName]: { id: number; op: K; args: PgpOps[K]['args'] };
}[PgpOpName];

export type PgpResponse =
  | { id: number; ok: true; result: PgpOps[PgpOpName]['result'] }
  | { id: number; ok: false; kind: PgpErrorKind; message: string };

/** Every distinct ArrayBuffer under a value, so byte arrays move instead of being copied. */
export function transferables(value: unknown, seen = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (value instanceof Uint8Array) {
    if (value.buffer instanceof ArrayBuffer) seen.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const x of value) transferables(x, seen);
  } else if (value && typeof value === 'object') {
    for (const x of Object.values(value)) transferables(x, seen);
  }
  return [...seen];
}
