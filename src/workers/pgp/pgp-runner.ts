// Runs one PGP request: resolves the passphrase (given or remembered), calls the crypto
// module and remembers the passphrase only once it worked. The crypto module (and with it
// openpgp, ~400 KB) is loaded on the first request, never at start-up.
import { PassphraseNeededError, WrongPassphraseError } from '../../pgp/crypto/errors.js';
import { PassphraseMemory } from './passphrase-memory.js';
import type { PgpOpName, PgpOps, PgpRequest, Unlock } from './protocol.js';
import type * as CryptoModule from '../../pgp/crypto/index.js';

type Crypto = typeof CryptoModule;

export class PgpRunner {
  readonly memory = new PassphraseMemory();
  private crypto: Promise<Crypto> | null = null;

  constructor(
    private readonly load: () => Promise<Crypto> = () => import('../../pgp/crypto/index.js'),
  ) {}

  private lib(): Promise<Crypto> {
    this.crypto ??= this.load();
    return this.crypto;
  }

  /** Runs `fn` with the key's passphrase; remembers it after success when asked to. */
  private async unlocked<T>(
    armoredKey: string,
    unlock: Unlock,
    fn: (passphrase: string) => Promise<T>,
  ): Promise<T> {
    const c = await this.lib();
    const fingerprint = await c.fingerprintOf(armoredKey);
    const given = unlock.passphrase;
    const passphrase = given ?? this.memory.get(fingerprint);
    if (passphrase === undefined) throw new PassphraseNeededError();
    try {
      const out = await fn(passphrase);
      if (given !== undefined && unlock.rememberMs)
        this.memory.remember(fingerprint, given, unlock.rememberMs);
      return out;
    } catch (err) {
      // A remembered passphrase that stopped working (the key changed) is dropped.
      if (err instanceof WrongPassphraseError && given === undefined)
        this.memory.forget(fingerprint);
      throw err;
    }
  }

  async run(req: PgpRequest): Promise<PgpOps[PgpOpName]['result']> {
    const c = await this.lib();
    switch (req.op) {
      case 'generateKeyPair':
        return c.generateKeyPair(req.args);
      case 'readKeys':
        return c.readKeys(req.args.input);
      case 'exportPublic':
        return c.exportPublic(req.args.armored);
      case 'backupPrivate':
        return c.backupPrivate(req.args.armored);
      case 'protectPrivateKey':
        return c.protectPrivateKey(req.args.armored, req.args.passphrase);
      case 'revokeKey': {
        const { privateKey } = req.args;
        return this.unlocked(privateKey, req.args, (p) => c.revokeKey(privateKey, p));
      }
      case 'signDetached': {
        const { data, privateKey } = req.args;
        return this.unlocked(privateKey, req.args, (p) => c.signDetached(data, privateKey, p));
      }
      case 'verifyDetached':
        return c.verifyDetached(req.args.data, req.args.signature, req.args.publicKeys);
      case 'verifyInline':
        return c.verifyInline(req.args.armored, req.args.publicKeys);
      case 'encryptAndSign': {
        const { data, recipientKeys, signingKey, hideRecipients } = req.args;
        return this.unlocked(signingKey, req.args, (passphrase) =>
          c.encryptAndSign({ data, recipientKeys, signingKey, passphrase, hideRecipients }),
        );
      }
      case 'decrypt': {
        const { armored, privateKey, verificationKeys } = req.args;
        return this.unlocked(privateKey, req.args, (passphrase) =>
          c.decrypt({ armored, privateKey, verificationKeys, passphrase }),
        );
      }
      case 'unlockKey': {
        const { privateKey } = req.args;
        return this.unlocked(privateKey, req.args, async (p) => {
          await c.checkPassphrase(privateKey, p);
          return null;
        });
      }
      case 'decryptionKeyIds':
        return c.decryptionKeyIds(req.args.armored);
      case 'keyIds':
        return c.keyIdsOf(req.args.armored);
      case 'hasPassphrase':
        return this.memory.has(req.args.fingerprint);
      case 'forgetPassphrases':
        this.memory.forget(req.args.fingerprint);
        return null;
    }
  }
}
