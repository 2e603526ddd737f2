// A PgpService double for the composer's PGP-2/3 tests: a keystore in memory, a passphrase
// it checks, and a record of what the composer asked (the crypto itself is tested with the
// real worker and GnuPG elsewhere). Only what the composer calls is implemented.
import { WrongPassphraseError } from '../../../../../src/pgp/crypto/errors.js';
import type { PgpKeyView, PgpSendCheck, PgpService } from '../../../../../src/state/pgp-types.js';
import { ValueSubject } from '../../../../../src/state/subscribable.js';

export const PASSPHRASE = 'correct horse battery staple';

/** An own key for `email` as the keystore lists it. */
export function ownKey(email: string): PgpKeyView {
  return {
    fingerprint: '3f2a9c1e77d04b5a8e6f0c2d4b1a9e8f7c6d5b4a',
    keyId: '7c6d5b4a',
    kind: 'own',
    userIds: [`Ana Pérez <${email}>`],
    emails: [email],
    source: 'generated',
    confirmed: true,
    revoked: false,
    expiresAt: null,
    algorithm: 'EdDSA/ECDH Curve25519',
    created: Date.UTC(2025, 0, 1),
    storeDecrypted: false,
    usable: true,
  };
}

class NotUsedByComposer extends Error {
  override name = 'NotUsedByComposer';
}
const unused = (): never => {
  throw new NotUsedByComposer('the composer does not call this');
};

export class FakePgp implements PgpService {
  readonly keys = new ValueSubject<PgpKeyView[]>([]);
  /** Addresses with a usable (confirmed) correspondent key. */
  known = new Set<string>();
  unlocked = false;
  checks: { from: string; recipients: string[] }[] = [];
  unlocks: { fingerprint: string; passphrase: string; rememberForSession: boolean }[] = [];

  observeKeys() {
    return this.keys;
  }

  async checkSend(from: string, recipients: readonly string[]): Promise<PgpSendCheck> {
    this.checks.push({ from, recipients: [...recipients] });
    const lower = from.toLowerCase();
    const signingKey =
      this.keys.value.find((k) => k.kind === 'own' && k.usable && k.emails.includes(lower)) ?? null;
    return {
      signingKey,
      unlocked: this.unlocked,
      missing: recipients.map((r) => r.toLowerCase()).filter((r) => !this.known.has(r)),
    };
  }

  async unlockKey(fingerprint: string, passphrase: string, opts: { rememberForSession: boolean }) {
    this.unlocks.push({ fingerprint, passphrase, rememberForSession: opts.rememberForSession });
    if (passphrase !== PASSPHRASE) throw new WrongPassphraseError();
    this.unlocked = true;
  }

  async isUnlocked() {
    return this.unlocked;
  }

  generateKey = unused;
  readKeys = unused;
  addKey = unused;
  confirmKey = unused;
  deleteKey = unused;
  exportPublicKey = unused;
  backupPrivateKey = unused;
  revokeKey = unused;
  setStoreDecrypted = unused;
  forgetPassphrases = unused;
  lookupWkd = unused;
  learnAutocrypt = unused;
  protect = unused;
  inspect = unused;
  decrypt = unused;
}
