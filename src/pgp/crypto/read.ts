// Reading keys and mapping OpenPGP.js's failures to typed errors (PGP-1). Every other crypto
// module reads keys through here, so a key the library cannot parse always fails the same way.
import * as openpgp from 'openpgp';
import type { Key, PrivateKey, PublicKey } from 'openpgp';
import {
  MalformedPgpError,
  UnprotectedKeyError,
  UnusableKeyError,
  WrongPassphraseError,
} from './errors.js';
import type { KeyInfo } from './types.js';

const ARMOR_START = '-----BEGIN PGP';
/** A dropped .asc file may start with a few lines of notes before its armor. */
const ARMOR_SNIFF_BYTES = 1024;
/** One armored key block; a paste or a .asc file may hold several one after another. */
const KEY_BLOCK =
  /-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g;

const detail = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function isArmored(input: string | Uint8Array): input is string {
  return typeof input === 'string';
}

async function readArmoredBlocks(text: string): Promise<Key[]> {
  const blocks = text.match(KEY_BLOCK);
  if (!blocks) throw new Error('No armored key block');
  const keys = await Promise.all(blocks.map((b) => openpgp.readKeys({ armoredKeys: b })));
  return keys.flat();
}

/** Every key in armored blocks or a binary keyring; MalformedPgpError when there is none. */
export async function parseKeys(input: string | Uint8Array): Promise<Key[]> {
  try {
    if (isArmored(input)) return await readArmoredBlocks(input);
    // A file dropped by the user may be armored text too (".asc" read as bytes).
    const head = new TextDecoder().decode(input.subarray(0, ARMOR_SNIFF_BYTES));
    if (head.includes(ARMOR_START)) return await readArmoredBlocks(new TextDecoder().decode(input));
    return await openpgp.readKeys({ binaryKeys: input });
  } catch (err) {
    throw new MalformedPgpError(`Could not read a key: ${detail(err)}`, { cause: err });
  }
}

/** The first key of an armored block. */
export async function parseKey(armored: string): Promise<Key> {
  const [key] = await parseKeys(armored);
  if (!key) throw new MalformedPgpError('No key found.');
  return key;
}

export async function parsePublicKeys(armored: readonly string[]): Promise<PublicKey[]> {
  const keys = await Promise.all(armored.map(parseKeys));
  return keys.flat().map((k) => (k.isPrivate() ? k.toPublic() : k));
}

/** A secret key that is passphrase-protected, as the keystore keeps them. */
export async function parseProtectedPrivateKey(armored: string): Promise<PrivateKey> {
  const key = await parseKey(armored);
  if (!key.isPrivate()) throw new UnusableKeyError('A secret key is needed; this is a public key.');
  if (key.isDecrypted()) throw new UnprotectedKeyError();
  return key;
}

/** Unlocks a protected secret key for one operation; the unlocked copy is never serialized. */
export async function unlockPrivateKey(armored: string, passphrase: string): Promise<PrivateKey> {
  const key = await parseProtectedPrivateKey(armored);
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase });
  } catch (err) {
    // OpenPGP.js reports a wrong passphrase only by message ("Incorrect key passphrase").
    if (/passphrase/i.test(detail(err))) throw new WrongPassphraseError(undefined, { cause: err });
    throw new UnusableKeyError(`The key could not be unlocked: ${detail(err)}`, { cause: err });
  }
}

function emailsOf(key: Key, valid: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const user of key.users) {
    const id = user.userID;
    if (id?.email && valid.has(id.userID)) out.add(id.email.toLowerCase());
  }
  return [...out];
}

/** User ids with a valid self-certification: an id someone appended unsigned is not shown. */
async function validUserIds(key: Key): Promise<string[]> {
  const checked = await key.verifyAllUsers().catch(() => []);
  const primary = key.getKeyID();
  const valid = checked.filter((c) => c.valid && c.keyID.equals(primary) && c.userID);
  return [...new Set(valid.map((c) => c.userID))];
}

function algorithmOf(key: Key): string {
  const info = key.getAlgorithmInfo();
  return [info.algorithm, info.curve ?? info.bits].filter((x) => x !== undefined).join(' ');
}

async function expiryOf(key: Key): Promise<number | null> {
  const at = await key.getExpirationTime().catch(() => null);
  return at instanceof Date ? at.getTime() : null;
}

export async function describeKey(key: Key): Promise<KeyInfo> {
  const userIds = await validUserIds(key);
  return {
    fingerprint: key.getFingerprint().toLowerCase(),
    keyId: key.getKeyID().toHex().toLowerCase(),
    userIds,
    emails: emailsOf(key, new Set(userIds)),
    isPrivate: key.isPrivate(),
    passphraseProtected: key.isPrivate() && !key.isDecrypted(),
    revoked: await key.isRevoked().catch(() => false),
    expiresAt: await expiryOf(key),
    algorithm: algorithmOf(key),
    created: key.getCreationTime().getTime(),
    armored: key.armor(),
  };
}

/** PGP-1 import: every key in a paste, a file or an attachment (armored or binary). */
export async function readKeys(input: string | Uint8Array): Promise<KeyInfo[]> {
  const keys = await parseKeys(input);
  return Promise.all(keys.map(describeKey));
}

/** The primary fingerprint of an armored key (lower case): the passphrase memory's key. */
export async function fingerprintOf(armored: string): Promise<string> {
  return (await parseKey(armored)).getFingerprint().toLowerCase();
}
