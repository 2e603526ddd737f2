// PGP-1: the keystore's operations — the worker reads, makes, exports and revokes keys;
// the repo (store/repos/pgp-keys.ts) keeps them in the device's database.
import { UnprotectedKeyError, UnusableKeyError } from '../../pgp/crypto/errors.js';
import type { KeyInfo, PgpKeySource } from '../../pgp/crypto/types.js';
import type { PgpKeyRecord } from '../../store/records.js';
import {
  addCorrespondentKey,
  addOwnKey,
  confirmPgpKey,
  deletePgpKey,
  getPgpKey,
  observePgpKeys,
  PgpKeystoreError,
  replaceWithRevoked,
  setStoreDecrypted,
} from '../../store/repos/pgp-keys.js';
import type { PgpService } from '../pgp-types.js';
import { mapSubscribable } from '../subscribable.js';
import type { PgpContext } from './deps.js';
import { purgeKept } from './kept.js';
import { unlockFor } from './unlock.js';
import { sortViews, toKeyView } from './views.js';

type KeystoreOps = Pick<
  PgpService,
  | 'observeKeys'
  | 'generateKey'
  | 'readKeys'
  | 'addKey'
  | 'confirmKey'
  | 'deleteKey'
  | 'exportPublicKey'
  | 'backupPrivateKey'
  | 'revokeKey'
  | 'setStoreDecrypted'
  | 'unlockKey'
  | 'isUnlocked'
  | 'forgetPassphrases'
>;

export async function requireKey(ctx: PgpContext, fingerprint: string): Promise<PgpKeyRecord> {
  const row = await getPgpKey(ctx.db, fingerprint.toLowerCase());
  if (!row) throw new PgpKeystoreError('not-found', 'That key is no longer in the keystore.');
  return row;
}

async function requireOwn(ctx: PgpContext, fingerprint: string): Promise<PgpKeyRecord> {
  const row = await requireKey(ctx, fingerprint);
  if (row.kind !== 'own')
    throw new UnusableKeyError('This is a correspondent’s key: it has no secret part here.');
  return row;
}

async function addOwn(ctx: PgpContext, info: KeyInfo, source: PgpKeySource) {
  if (!info.passphraseProtected)
    throw new UnprotectedKeyError(
      'This secret key has no passphrase. Buzón keeps only passphrase-protected keys: ' +
        'give it one where it came from (e.g. gpg --passwd) and import it again.',
    );
  const publicArmored = await ctx.client.exportPublic(info.armored);
  return addOwnKey(
    ctx.db,
    { info, publicArmored, source: source === 'generated' ? 'generated' : 'imported' },
    ctx.now(),
  );
}

export function keystoreOps(ctx: PgpContext): KeystoreOps {
  const view = (row: PgpKeyRecord) => toKeyView(row, ctx.now());
  return {
    observeKeys: () => mapSubscribable(observePgpKeys(ctx.db), (rows) => sortViews(rows.map(view))),
    async generateKey({ name, email, passphrase }) {
      const made = await ctx.client.generateKeyPair({ name, email, passphrase });
      const row = await addOwnKey(
        ctx.db,
        { info: made.info, publicArmored: made.publicKey, source: 'generated' },
        ctx.now(),
      );
      return { key: view(row), revocationCertificate: made.revocationCertificate };
    },
    readKeys: (input) => ctx.client.readKeys(input),
    async addKey(info, source, opts = {}) {
      if (info.isPrivate) return view(await addOwn(ctx, info, source));
      const row = await addCorrespondentKey(ctx.db, info, source, ctx.now());
      if (!opts.confirm || row.confirmed) return view(row);
      await confirmPgpKey(ctx.db, row.fingerprint, ctx.now());
      return view(await requireKey(ctx, row.fingerprint));
    },
    confirmKey: (fingerprint) => confirmPgpKey(ctx.db, fingerprint.toLowerCase(), ctx.now()),
    async deleteKey(fingerprint) {
      // A remembered passphrase of a deleted key has nothing left to open.
      await ctx.client.forgetPassphrases(fingerprint.toLowerCase());
      await deletePgpKey(ctx.db, fingerprint.toLowerCase());
      // ADR 0031: what it decrypted and kept goes with it.
      await purgeKept(ctx, fingerprint.toLowerCase());
    },
    exportPublicKey: async (fingerprint) => (await requireKey(ctx, fingerprint)).publicArmored,
    async backupPrivateKey(fingerprint) {
      const row = await requireOwn(ctx, fingerprint);
      return ctx.client.backupPrivate(row.armored);
    },
    async revokeKey(fingerprint, passphrase) {
      const row = await requireOwn(ctx, fingerprint);
      const revoked = await ctx.client.revokeKey(row.armored, { passphrase });
      const stored = await replaceWithRevoked(ctx.db, revoked.info, revoked.publicKey, ctx.now());
      return { key: view(stored), publicKey: revoked.publicKey };
    },
    async setStoreDecrypted(fingerprint, on) {
      const fp = fingerprint.toLowerCase();
      const row = await requireOwn(ctx, fp);
      await setStoreDecrypted(ctx.db, row.fingerprint, on);
      // ADR 0031: off means the kept copies are deleted at once (the flag first, so a copy
      // being kept meanwhile sees it and deletes itself: kept.ts keepIfWanted).
      if (!on) await purgeKept(ctx, row.fingerprint);
    },
    async unlockKey(fingerprint, passphrase, { rememberForSession }) {
      const row = await requireOwn(ctx, fingerprint);
      await ctx.client.unlockKey(row.armored, unlockFor(passphrase, rememberForSession));
    },
    isUnlocked: (fingerprint) => ctx.client.hasPassphrase(fingerprint.toLowerCase()),
    forgetPassphrases: () => ctx.client.forgetPassphrases(),
  };
}
