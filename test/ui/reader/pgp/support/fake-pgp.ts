// A small PgpService double for the reader's tests: the reader UI is under test, not the
// service. It finds protections with the real MIME analysis (analyzePgp), decrypts real
// OpenPGP.js ciphertext with the test key, and parses the plaintext with the real parser;
// what it says about signatures, and which failure it throws, the test decides.
import * as openpgp from 'openpgp';
import { createInlineParser } from '../../../../../src/mail/parse.js';
import {
  PassphraseNeededError,
  WrongPassphraseError,
} from '../../../../../src/pgp/crypto/errors.js';
import { analyzePgp } from '../../../../../src/pgp/mime/index.js';
import type {
  PgpDecrypted,
  PgpKeyView,
  PgpMessageStatus,
  PgpProtectionView,
  PgpService,
  PgpServiceLoader,
  PgpSignatureView,
} from '../../../../../src/state/pgp-types.js';
import type { TestKey } from './pgp-mail.js';

export function keyView(
  fingerprint: string,
  userId: string,
  over: Partial<PgpKeyView> = {},
): PgpKeyView {
  return {
    fingerprint,
    keyId: fingerprint.slice(-16),
    kind: 'correspondent',
    userIds: [userId],
    emails: [/<(.*)>/.exec(userId)?.[1] ?? userId],
    source: 'imported',
    confirmed: true,
    revoked: false,
    expiresAt: null,
    algorithm: 'eddsaLegacy ed25519Legacy',
    created: 0,
    storeDecrypted: false,
    usable: true,
    ...over,
  };
}

class NotUsedByTheReaderError extends Error {
  override name = 'NotUsedByTheReaderError';
}

export interface FakeOptions {
  key?: TestKey;
  /** Signatures every signed protection reports. */
  signatures?: PgpSignatureView[];
  /** What a decryption reports about signatures inside. */
  innerSignatures?: PgpSignatureView[] | 'unsigned';
  /** The key's passphrase is remembered already. */
  unlocked?: boolean;
  /** Throw this on every decrypt (after the passphrase check). */
  failWith?: Error;
  /** Replaces the derived status entirely. */
  status?: PgpMessageStatus;
}

export class FakePgp implements PgpService {
  loads = 0;
  inspected = 0;
  decryptCalls: { index: number; unlock?: { passphrase: string; rememberForSession: boolean } }[] =
    [];
  private unlocked: boolean;

  constructor(public opts: FakeOptions = {}) {
    this.unlocked = opts.unlocked ?? false;
  }

  readonly loader: PgpServiceLoader = () => {
    this.loads++;
    return Promise.resolve(this);
  };

  private ownKey(): PgpKeyView | null {
    const k = this.opts.key;
    return k ? keyView(k.fingerprint, 'Bob Reader <bob@example.org>', { kind: 'own' }) : null;
  }

  inspect(raw: Uint8Array): Promise<PgpMessageStatus> {
    this.inspected++;
    if (this.opts.status) return Promise.resolve(this.opts.status);
    const analysis = analyzePgp(raw);
    const protections = analysis.protections.map((p, index): PgpProtectionView => {
      const at = { partId: p.partId, coverage: p.coverage };
      if (p.kind === 'pgp-mime-signed')
        return { kind: 'signed', form: 'mime', ...at, signatures: this.opts.signatures ?? [] };
      if (p.kind === 'pgp-mime-encrypted') return { kind: 'encrypted', form: 'mime', ...at, index };
      if (p.kind === 'malformed') return { kind: 'malformed', ...at, reason: p.reason };
      return { kind: 'encrypted', form: 'inline', ...at, index };
    });
    const encrypted = protections.some((p) => p.kind === 'encrypted');
    return Promise.resolve({
      protections,
      problems: analysis.problems,
      decryptWith: encrypted ? this.ownKey() : null,
      unlocked: this.unlocked,
    });
  }

  async decrypt(
    raw: Uint8Array,
    index: number,
    unlock?: { passphrase: string; rememberForSession: boolean },
  ): Promise<PgpDecrypted> {
    this.decryptCalls.push(unlock ? { index, unlock } : { index });
    const key = this.opts.key;
    if (!key) throw new Error('the test gave no key');
    if (!unlock && !this.unlocked) throw new PassphraseNeededError();
    if (unlock && unlock.passphrase !== key.passphrase) throw new WrongPassphraseError();
    if (unlock?.rememberForSession) this.unlocked = true;
    if (this.opts.failWith) throw this.opts.failWith;
    const p = analyzePgp(raw).protections[index];
    if (p?.kind !== 'pgp-mime-encrypted') throw new Error(`no encrypted part at ${index}`);
    const privateKey = await openpgp.decryptKey({
      privateKey: await openpgp.readPrivateKey({ armoredKey: key.armoredPrivate }),
      passphrase: key.passphrase,
    });
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: p.ciphertext }),
      decryptionKeys: privateKey,
      format: 'binary',
    });
    return {
      partId: p.partId,
      coverage: p.coverage,
      signatures: this.opts.innerSignatures ?? 'unsigned',
      parsed: await createInlineParser().parse(data),
    };
  }

  observeKeys(): never {
    throw new NotUsedByTheReaderError('observeKeys');
  }
  generateKey(): never {
    throw new NotUsedByTheReaderError('generateKey');
  }
  readKeys(): never {
    throw new NotUsedByTheReaderError('readKeys');
  }
  addKey(): never {
    throw new NotUsedByTheReaderError('addKey');
  }
  confirmKey(): never {
    throw new NotUsedByTheReaderError('confirmKey');
  }
  deleteKey(): never {
    throw new NotUsedByTheReaderError('deleteKey');
  }
  exportPublicKey(): never {
    throw new NotUsedByTheReaderError('exportPublicKey');
  }
  backupPrivateKey(): never {
    throw new NotUsedByTheReaderError('backupPrivateKey');
  }
  revokeKey(): never {
    throw new NotUsedByTheReaderError('revokeKey');
  }
  setStoreDecrypted(): never {
    throw new NotUsedByTheReaderError('setStoreDecrypted');
  }
  unlockKey(): never {
    throw new NotUsedByTheReaderError('unlockKey');
  }
  isUnlocked(): never {
    throw new NotUsedByTheReaderError('isUnlocked');
  }
  forgetPassphrases(): never {
    throw new NotUsedByTheReaderError('forgetPassphrases');
  }
  lookupWkd(): never {
    throw new NotUsedByTheReaderError('lookupWkd');
  }
  learnAutocrypt(): never {
    throw new NotUsedByTheReaderError('learnAutocrypt');
  }
  checkSend(): never {
    throw new NotUsedByTheReaderError('checkSend');
  }
  protect(): never {
    throw new NotUsedByTheReaderError('protect');
  }
}
