// PGP-1: generating, exporting, backing up, protecting and revoking keys.
import * as openpgp from 'openpgp';
import { MalformedPgpError, UnprotectedKeyError, UnusableKeyError } from './errors.js';
import { describeKey, parseKey, parseProtectedPrivateKey, unlockPrivateKey } from './read.js';
import type { GeneratedKeyPair, GenerateKeyOptions, RevokedKey } from './types.js';

/**
 * v4 keys with EdDSA (Ed25519, legacy encoding) and an ECDH Curve25519 subkey: a modern
 * default that GnuPG 2.2 reads. Checked against GnuPG 2.2.40: v6 keys fail to import
 * ("read_block: Invalid packet") and v4 keys with RFC 9580's new Ed25519 algorithm are
 * skipped ("contains no user ID"), so neither is the default.
 */
const KEY_TYPE = 'ecc';
const KEY_CURVE = 'curve25519Legacy';
/** Keys do not expire by default (GnuPG's default too); revocation ends a key. */
const NO_EXPIRY = 0;

export async function generateKeyPair(opts: GenerateKeyOptions): Promise<GeneratedKeyPair> {
  if (!opts.passphrase) throw new UnprotectedKeyError('A passphrase is required.');
  const out = await openpgp.generateKey({
    type: KEY_TYPE,
    curve: KEY_CURVE,
    userIDs: [{ name: opts.name, email: opts.email }],
    passphrase: opts.passphrase,
    keyExpirationTime: NO_EXPIRY,
    format: 'armored',
  });
  return {
    info: await describeKey(await parseKey(out.privateKey)),
    privateKey: out.privateKey,
    publicKey: out.publicKey,
    revocationCertificate: out.revocationCertificate,
  };
}

/** The public part, armored, of a public or secret key. */
export async function exportPublic(armored: string): Promise<string> {
  const key = await parseKey(armored);
  return (key.isPrivate() ? key.toPublic() : key).armor();
}

/** PGP-1 backup: the secret key, armored and still passphrase-encrypted; never an open one. */
export async function backupPrivate(armored: string): Promise<string> {
  return (await parseProtectedPrivateKey(armored)).armor();
}

/**
 * Encrypts an unprotected secret key (e.g. exported from another program without a
 * passphrase) so the keystore may keep it. A protected key is refused: change the
 * passphrase elsewhere.
 */
export async function protectPrivateKey(armored: string, passphrase: string): Promise<string> {
  if (!passphrase) throw new UnprotectedKeyError('A passphrase is required.');
  const key = await parseKey(armored);
  if (!key.isPrivate()) throw new UnusableKeyError('A secret key is needed; this is a public key.');
  if (!key.isDecrypted()) throw new MalformedPgpError('This key already has a passphrase.');
  return (await openpgp.encryptKey({ privateKey: key, passphrase })).armor();
}

/** PGP-1 revoke: the revoked public key to publish, and the secret key revoked too. */
export async function revokeKey(privateArmored: string, passphrase: string): Promise<RevokedKey> {
  const unlocked = await unlockPrivateKey(privateArmored, passphrase);
  const { privateKey, publicKey } = await openpgp.revokeKey({ key: unlocked, format: 'object' });
  // revokeKey returns the secret key unlocked: lock it again before it leaves.
  const locked = await openpgp.encryptKey({ privateKey, passphrase });
  const certificate = await publicKey.getRevocationCertificate();
  if (typeof certificate !== 'string') throw new UnusableKeyError('The key was not revoked.');
  return {
    publicKey: publicKey.armor(),
    privateKey: locked.armor(),
    revocationCertificate: certificate,
    info: await describeKey(locked),
  };
}

/** PGP-4: succeeds only when `passphrase` unlocks the key (WrongPassphraseError otherwise). */
export async function checkPassphrase(privateArmored: string, passphrase: string): Promise<void> {
  await unlockPrivateKey(privateArmored, passphrase);
}
