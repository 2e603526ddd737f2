// PGP-1…5 on the page: a thin promise client of the PGP worker (workers/pgp-worker.ts). It
// imports no openpgp (only types and the error classes), so it costs the start-up bundle a
// few hundred bytes; the worker starts on the first call.
import { pgpErrorFromKind, PgpWorkerError } from '../pgp/crypto/errors.js';
import type {
  DecryptResult,
  DetachedSignature,
  GeneratedKeyPair,
  GenerateKeyOptions,
  KeyInfo,
  RevokedKey,
  SignatureResult,
  VerifiedMessage,
} from '../pgp/crypto/types.js';
import {
  transferables,
  type PgpOpName,
  type PgpOps,
  type PgpRequest,
  type PgpResponse,
  type Unlock,
} from '../workers/pgp/protocol.js';

export type { Unlock };

export interface PgpClient {
  generateKeyPair(opts: GenerateKeyOptions): Promise<GeneratedKeyPair>;
  /** PGP-1 import: armored text or binary bytes (a paste, a file, an attachment). */
  readKeys(input: string | Uint8Array): Promise<KeyInfo[]>;
  exportPublic(armored: string): Promise<string>;
  backupPrivate(armored: string): Promise<string>;
  protectPrivateKey(armored: string, passphrase: string): Promise<string>;
  revokeKey(privateKey: string, unlock?: Unlock): Promise<RevokedKey>;
  signDetached(data: Uint8Array, privateKey: string, unlock?: Unlock): Promise<DetachedSignature>;
  verifyDetached(
    data: Uint8Array,
    signature: string,
    publicKeys: string[],
  ): Promise<SignatureResult[]>;
  verifyInline(armored: string, publicKeys: string[]): Promise<VerifiedMessage>;
  encryptAndSign(
    opts: {
      data: Uint8Array;
      recipientKeys: string[];
      signingKey: string;
      hideRecipients?: boolean;
    } & Unlock,
  ): Promise<string>;
  decrypt(
    opts: { armored: string; privateKey: string; verificationKeys: string[] } & Unlock,
  ): Promise<DecryptResult>;
  /** Checks the passphrase (WrongPassphraseError) and, with `rememberMs`, keeps it for that long. */
  unlockKey(privateKey: string, unlock: Unlock): Promise<void>;
  /** The (sub)key ids an armored message is encrypted to; [] when it is only signed. */
  decryptionKeyIds(armored: string): Promise<string[]>;
  /** The key ids of a key's primary key and every subkey. */
  keyIds(armored: string): Promise<string[]>;
  /** Whether the worker remembers this key's passphrase (the reader skips the prompt). */
  hasPassphrase(fingerprint: string): Promise<boolean>;
  forgetPassphrases(fingerprint?: string): Promise<void>;
  /** Stops the worker (remembered passphrases go with it); pending calls fail. */
  dispose(): void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** Copies byte arrays in the arguments so the transfer never detaches the caller's buffers. */
function copyBytes<T>(args: T): T {
  if (!args || typeof args !== 'object') return args;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = v instanceof Uint8Array ? v.slice() : v;
  return out as T;
}

/**
 * `createPgpClient(() => new Worker(new URL('../workers/pgp-worker.ts', import.meta.url),
 * { type: 'module' }))` in the composition root; tests pass the same.
 */
export function createPgpClient(spawn: () => Worker): PgpClient {
  const waiting = new Map<number, Pending>();
  let worker: Worker | null = null;
  let serial = 0;

  function failAll(message: string): void {
    for (const p of waiting.values()) p.reject(new PgpWorkerError(message));
    waiting.clear();
  }

  function start(): Worker {
    if (worker) return worker;
    const w = spawn();
    w.onmessage = (ev: MessageEvent<PgpResponse>) => {
      const msg = ev.data;
      const p = waiting.get(msg.id);
      if (!p) return;
      waiting.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(pgpErrorFromKind(msg.kind, msg.message));
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      // A crashed worker is replaced on the next call; its remembered passphrases are gone.
      worker = null;
      w.terminate();
      failAll(`The OpenPGP worker stopped: ${ev.message || 'worker error'}`);
    };
    worker = w;
    return w;
  }

  function call<K extends PgpOpName>(op: K, args: PgpOps[K]['args']): Promise<PgpOps[K]['result']> {
    const id = ++serial;
    const sent = copyBytes(args);
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const req = { id, op, args: sent } as PgpRequest;
      start().postMessage(req, transferables(sent));
    });
  }

  return {
    generateKeyPair: (opts) => call('generateKeyPair', opts),
    readKeys: (input) => call('readKeys', { input }),
    exportPublic: (armored) => call('exportPublic', { armored }),
    backupPrivate: (armored) => call('backupPrivate', { armored }),
    protectPrivateKey: (armored, passphrase) => call('protectPrivateKey', { armored, passphrase }),
    revokeKey: (privateKey, unlock = {}) => call('revokeKey', { privateKey, ...unlock }),
    signDetached: (data, privateKey, unlock = {}) =>
      call('signDetached', { data, privateKey, ...unlock }),
    verifyDetached: (data, signature, publicKeys) =>
      call('verifyDetached', { data, signature, publicKeys }),
    verifyInline: (armored, publicKeys) => call('verifyInline', { armored, publicKeys }),
    encryptAndSign: (opts) => call('encryptAndSign', opts),
    decrypt: (opts) => call('decrypt', opts),
    unlockKey: async (privateKey, unlock) => {
      await call('unlockKey', { privateKey, ...unlock });
    },
    decryptionKeyIds: (armored) => call('decryptionKeyIds', { armored }),
    keyIds: (armored) => call('keyIds', { armored }),
    hasPassphrase: (fingerprint) => call('hasPassphrase', { fingerprint }),
    forgetPassphrases: async (fingerprint) => {
      await call('forgetPassphrases', fingerprint === undefined ? {} : { fingerprint });
    },
    dispose() {
      worker?.terminate();
      worker = null;
      failAll('The OpenPGP worker was shut down.');
    },
  };
}
