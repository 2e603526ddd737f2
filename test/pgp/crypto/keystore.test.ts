// PGP-1 and PGP-3: the keystore over fake-indexeddb, fed by the real crypto module.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, readKeys, revokeKey } from '../../../src/pgp/crypto/index.js';
import type { GeneratedKeyPair, KeyInfo } from '../../../src/pgp/crypto/types.js';
import { openDb } from '../../../src/store/db.js';
import { SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
import { V11_STORES } from '../../../src/store/migrations/0011-incoming.js';
import {
  addCorrespondentKey,
  addOwnKey,
  confirmPgpKey,
  deletePgpKey,
  findEncryptionKeys,
  findKeysForAddress,
  getPgpKey,
  listTrustedPublicKeys,
  PgpKeystoreError,
  replaceWithRevoked,
} from '../../../src/store/repos/pgp-keys.js';

const KEYGEN_TIMEOUT_MS = 30_000;
const PASS = 'frase';
let ana: GeneratedKeyPair;
let bea: GeneratedKeyPair;
let beaPublic: KeyInfo;

const fresh = () => openDb('buzon-local', { indexedDB: new IDBFactory(), IDBKeyRange });

beforeAll(async () => {
  [ana, bea] = await Promise.all([
    generateKeyPair({ name: 'Ana', email: 'ana@buzon.test', passphrase: PASS }),
    generateKeyPair({ name: 'Bea', email: 'Bea@Buzon.test', passphrase: PASS }),
  ]);
  [beaPublic] = (await readKeys(bea.publicKey)) as [KeyInfo];
}, KEYGEN_TIMEOUT_MS);

describe('PGP-1 keystore', () => {
  it('PGP-1 upgrades a v11 database keeping its mail and adds the empty keystore', async () => {
    const factory = new IDBFactory();
    const v11 = new Dexie('buzon-local', { indexedDB: factory, IDBKeyRange });
    v11.version(11).stores(V11_STORES);
    await v11.open();
    await v11.table('tags').put({ keyword: 'x', name: 'X', color: '#000000', createdAt: 1 });
    v11.close();
    const db = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.tags.get('x'))?.name).toBe('X');
    expect(await db.pgpKeys.count()).toBe(0);
    expect(Object.keys(db.pgpKeys.schema.idxByName).sort()).toEqual(['emails', 'kind']);
    db.close();
  });

  it('PGP-1 keeps an own key only passphrase-protected, and finds it by address', async () => {
    const db = await fresh();
    const own = await addOwnKey(db, {
      info: ana.info,
      publicArmored: ana.publicKey,
      source: 'generated',
    });
    expect(own).toMatchObject({ kind: 'own', confirmed: true, emails: ['ana@buzon.test'] });
    expect((await findKeysForAddress(db, 'ANA@buzon.test')).map((r) => r.fingerprint)).toEqual([
      ana.info.fingerprint,
    ]);
    const { privateKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ email: 'o@x.test' }],
    });
    const [open] = (await readKeys(privateKey)) as [KeyInfo];
    await expect(
      addOwnKey(db, { info: open, publicArmored: '', source: 'imported' }),
    ).rejects.toMatchObject({ problem: 'unprotected' });
    await expect(
      addOwnKey(db, { info: beaPublic, publicArmored: '', source: 'imported' }),
    ).rejects.toBeInstanceOf(PgpKeystoreError);
    expect(await db.pgpKeys.count()).toBe(1);
    db.close();
  });

  it('PGP-3 an unconfirmed correspondent key is not offered for encryption until confirmed', async () => {
    const db = await fresh();
    await addOwnKey(db, { info: ana.info, publicArmored: ana.publicKey, source: 'generated' });
    const row = await addCorrespondentKey(db, beaPublic, 'autocrypt');
    expect(row).toMatchObject({
      kind: 'correspondent',
      confirmed: false,
      confirmedAt: null,
      source: 'autocrypt',
    });
    expect(await findKeysForAddress(db, 'bea@buzon.test')).toEqual([]);
    expect(
      await findEncryptionKeys(db, ['bea@buzon.test', 'ana@buzon.test', 'cid@x.test']),
    ).toEqual({
      publicKeys: [ana.publicKey],
      missing: ['bea@buzon.test', 'cid@x.test'],
    });
    expect(await listTrustedPublicKeys(db)).toEqual([ana.publicKey]);
    await confirmPgpKey(db, bea.info.fingerprint, 42);
    expect((await getPgpKey(db, bea.info.fingerprint))?.confirmedAt).toBe(42);
    const keys = await findEncryptionKeys(db, ['Bea@Buzon.test', 'ana@buzon.test']);
    expect(keys.missing).toEqual([]);
    expect(keys.publicKeys).toHaveLength(2);
    db.close();
  });

  it('PGP-1 refuses a secret key as a correspondent key and a correspondent copy of an own key', async () => {
    const db = await fresh();
    await expect(addCorrespondentKey(db, bea.info, 'imported')).rejects.toMatchObject({
      problem: 'secret-as-correspondent',
    });
    await addOwnKey(db, { info: ana.info, publicArmored: ana.publicKey, source: 'generated' });
    const [anaPublic] = (await readKeys(ana.publicKey)) as [KeyInfo];
    await expect(addCorrespondentKey(db, anaPublic, 'wkd')).rejects.toMatchObject({
      problem: 'own-key',
    });
    db.close();
  });

  it('PGP-1 a revoked version replaces the key; revoked keys are trusted for status but not used to encrypt', async () => {
    const db = await fresh();
    await addCorrespondentKey(db, beaPublic, 'imported');
    await confirmPgpKey(db, bea.info.fingerprint);
    await expect(replaceWithRevoked(db, beaPublic, bea.publicKey)).rejects.toMatchObject({
      problem: 'not-revoked',
    });
    const revoked = await revokeKey(bea.privateKey, PASS);
    const [revokedPublic] = (await readKeys(revoked.publicKey)) as [KeyInfo];
    const row = await replaceWithRevoked(db, revokedPublic, revoked.publicKey);
    expect(row).toMatchObject({ revoked: true, confirmed: true });
    expect(await findKeysForAddress(db, 'bea@buzon.test')).toEqual([]);
    expect(await listTrustedPublicKeys(db)).toEqual([revoked.publicKey]);
    await deletePgpKey(db, bea.info.fingerprint);
    expect(await db.pgpKeys.count()).toBe(0);
    db.close();
  });
});
