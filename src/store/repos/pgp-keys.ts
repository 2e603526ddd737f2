// PGP-1 and PGP-3: the OpenPGP keystore. Own keys (secret, always passphrase-encrypted) and
// correspondents' public keys; a correspondent's key is used to encrypt to or to trust a
// signature only after the user confirmed whose it is. Rows are built from the KeyInfo the
// PGP worker read from the key itself, so the page never parses keys.
import { liveQuery } from 'dexie';
import type { KeyInfo, PgpKeySource } from '../../pgp/crypto/types.js';
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import { StoreError, storeCall } from '../errors.js';
import type { PgpKeyRecord } from '../records.js';

export type PgpKeystoreProblem =
  /** A secret key without a passphrase, or a public key where an own (secret) key is needed. */
  | 'unprotected'
  /** A secret key offered as a correspondent's key. */
  | 'secret-as-correspondent'
  /** The fingerprint is already one of the user's own keys. */
  | 'own-key'
  | 'not-found'
  /** A "revoked version" that is not revoked, or is another key. */
  | 'not-revoked';

export class PgpKeystoreError extends StoreError {
  override name = 'PgpKeystoreError';
  constructor(
    readonly problem: PgpKeystoreProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface OwnKeyInput {
  /** What readKeys/generateKeyPair said of the secret key (info.armored is the secret key). */
  info: KeyInfo;
  publicArmored: string;
  source: Extract<PgpKeySource, 'generated' | 'imported'>;
}

function fromInfo(
  info: KeyInfo,
  extra: Pick<PgpKeyRecord, 'kind' | 'publicArmored' | 'source' | 'confirmed' | 'confirmedAt'>,
  now: number,
  before?: PgpKeyRecord,
): PgpKeyRecord {
  return {
    fingerprint: info.fingerprint,
    keyId: info.keyId,
    armored: info.armored,
    userIds: [...info.userIds],
    emails: info.emails.map((e) => e.toLowerCase()),
    revoked: info.revoked,
    expiresAt: info.expiresAt,
    algorithm: info.algorithm,
    created: info.created,
    addedAt: before?.addedAt ?? now,
    updatedAt: now,
    storeDecrypted: before?.storeDecrypted ?? false,
    ...extra,
  };
}

function requireProtectedSecret(info: KeyInfo): void {
  if (!info.isPrivate || !info.passphraseProtected)
    throw new PgpKeystoreError(
      'unprotected',
      'Own keys are kept only as passphrase-protected secret keys.',
    );
}

/** PGP-1: the user's own key pair (made here or imported); confirmed by its owner. */
export async function addOwnKey(
  db: BuzonDb,
  input: OwnKeyInput,
  now = Date.now(),
): Promise<PgpKeyRecord> {
  requireProtectedSecret(input.info);
  const row = fromInfo(
    input.info,
    {
      kind: 'own',
      publicArmored: input.publicArmored,
      source: input.source,
      confirmed: true,
      confirmedAt: now,
    },
    now,
  );
  // A correspondent row for the same key (the user's own public key seen in mail) is replaced.
  await storeCall(() => db.pgpKeys.put(row));
  return row;
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * PGP-1: a correspondent's public key, unconfirmed until the user says whose it is. A newer
 * copy of a known key keeps its confirmation only while its user ids are the same: a key
 * that suddenly claims other addresses is asked about again.
 */
export async function addCorrespondentKey(
  db: BuzonDb,
  info: KeyInfo,
  source: PgpKeySource,
  now = Date.now(),
): Promise<PgpKeyRecord> {
  if (info.isPrivate)
    throw new PgpKeystoreError(
      'secret-as-correspondent',
      'This is a secret key; import it as your own key.',
    );
  return storeCall(() =>
    db.transaction('rw', db.pgpKeys, async () => {
      const before = await db.pgpKeys.get(info.fingerprint);
      if (before?.kind === 'own')
        throw new PgpKeystoreError('own-key', 'This is one of your own keys.');
      const keep =
        before !== undefined && before.confirmed && sameIds(before.userIds, info.userIds);
      const row = fromInfo(
        info,
        {
          kind: 'correspondent',
          publicArmored: info.armored,
          source: before?.source ?? source,
          confirmed: keep,
          confirmedAt: keep ? before.confirmedAt : null,
        },
        now,
        before,
      );
      await db.pgpKeys.put(row);
      return row;
    }),
  );
}

/** PGP-1: the user checked the fingerprint and says whose key it is. */
export async function confirmPgpKey(
  db: BuzonDb,
  fingerprint: string,
  now = Date.now(),
): Promise<void> {
  const n = await storeCall(() =>
    db.pgpKeys.update(fingerprint, { confirmed: true, confirmedAt: now, updatedAt: now }),
  );
  if (n === 0) throw new PgpKeystoreError('not-found', 'That key is no longer in the keystore.');
}

export async function deletePgpKey(db: BuzonDb, fingerprint: string): Promise<void> {
  await storeCall(() => db.pgpKeys.delete(fingerprint));
}

/** Keeps decrypted text of messages to this own key (opt-in per key; default off). */
export async function setStoreDecrypted(
  db: BuzonDb,
  fingerprint: string,
  on: boolean,
): Promise<void> {
  await storeCall(() => db.pgpKeys.update(fingerprint, { storeDecrypted: on }));
}

/**
 * PGP-1 revoke: the stored key is replaced by its revoked version (own: the revoked secret
 * key, still encrypted, and its revoked public key; correspondent: the revoked public key).
 */
export async function replaceWithRevoked(
  db: BuzonDb,
  info: KeyInfo,
  publicArmored: string,
  now = Date.now(),
): Promise<PgpKeyRecord> {
  if (!info.revoked) throw new PgpKeystoreError('not-revoked', 'This key is not revoked.');
  return storeCall(() =>
    db.transaction('rw', db.pgpKeys, async () => {
      const before = await db.pgpKeys.get(info.fingerprint);
      if (!before) throw new PgpKeystoreError('not-found', 'That key is not in the keystore.');
      if (before.kind === 'own') requireProtectedSecret(info);
      else if (info.isPrivate)
        throw new PgpKeystoreError('secret-as-correspondent', 'This is a secret key.');
      const row = fromInfo(
        info,
        {
          kind: before.kind,
          publicArmored,
          source: before.source,
          confirmed: before.confirmed,
          confirmedAt: before.confirmedAt,
        },
        now,
        before,
      );
      await db.pgpKeys.put(row);
      return row;
    }),
  );
}

export function getPgpKey(db: BuzonDb, fingerprint: string): Promise<PgpKeyRecord | undefined> {
  return storeCall(() => db.pgpKeys.get(fingerprint));
}

export function listPgpKeys(db: BuzonDb): Promise<PgpKeyRecord[]> {
  return storeCall(() => db.pgpKeys.toArray());
}

export function observePgpKeys(db: BuzonDb): Subscribable<PgpKeyRecord[]> {
  return liveQuery(() => db.pgpKeys.toArray());
}

/** A key we may encrypt to or trust a signature of: own or confirmed, not revoked or expired. */
export function isUsableKey(row: PgpKeyRecord, now = Date.now()): boolean {
  const trusted = row.kind === 'own' || row.confirmed;
  return trusted && !row.revoked && (row.expiresAt === null || row.expiresAt > now);
}

/** PGP-3: the usable keys for one address (an unconfirmed key is never offered). */
export async function findKeysForAddress(
  db: BuzonDb,
  address: string,
  now = Date.now(),
): Promise<PgpKeyRecord[]> {
  const rows = await storeCall(() =>
    db.pgpKeys.where('emails').equals(address.trim().toLowerCase()).toArray(),
  );
  return rows.filter((r) => isUsableKey(r, now));
}

export interface EncryptionKeys {
  /** Armored public keys, one or more per address that has one. */
  publicKeys: string[];
  /** PGP-3: addresses with no usable key, named in the composer's error. */
  missing: string[];
}

/** PGP-3: the keys to encrypt to every address (include the sender so Sent stays readable). */
export async function findEncryptionKeys(
  db: BuzonDb,
  addresses: readonly string[],
  now = Date.now(),
): Promise<EncryptionKeys> {
  const publicKeys = new Set<string>();
  const missing: string[] = [];
  for (const address of new Set(addresses.map((a) => a.trim().toLowerCase()))) {
    const rows = await findKeysForAddress(db, address, now);
    if (rows.length === 0) missing.push(address);
    for (const r of rows) publicKeys.add(r.publicArmored);
  }
  return { publicKeys: [...publicKeys], missing };
}

/** PGP-4: the public keys whose signatures count as trusted (own and confirmed). */
export async function listTrustedPublicKeys(db: BuzonDb): Promise<string[]> {
  const rows = await listPgpKeys(db);
  // Revoked and expired keys stay in: the reader must say "revoked key", not "unknown key".
  return rows.filter((r) => r.kind === 'own' || r.confirmed).map((r) => r.publicArmored);
}
