// PGP-1: the keystore through the PgpService — keys made, imported (armored and binary),
// confirmed, exported, backed up, revoked and deleted, as the Settings screen uses them,
// with the real crypto running behind the real worker client.
import { beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import {
  UnprotectedKeyError,
  UnusableKeyError,
  WrongPassphraseError,
} from '../../../src/pgp/crypto/errors.js';
import { generateKeyPair } from '../../../src/pgp/crypto/index.js';
import type { GeneratedKeyPair } from '../../../src/pgp/crypto/types.js';
import { createPgpServiceLoader } from '../../../src/state/lazy-pgp-service.js';
import { createInlineParser } from '../../../src/mail/parse.js';
import { first } from '../support/services.js';
import { inProcessSpawn, pgpRig, readOne, rejection } from './support/in-process.js';

/** OpenPGP.js key generation and S2K take a second or more on a busy 2-core machine. */
const KEY_TIMEOUT_MS = 30_000;
const PASS = 'frase de paso larga';
let bea: GeneratedKeyPair;
let own: GeneratedKeyPair;

beforeAll(async () => {
  [bea, own] = await Promise.all([
    generateKeyPair({ name: 'Bea', email: 'bea@buzon.test', passphrase: PASS }),
    generateKeyPair({ name: 'Ana (laptop)', email: 'ana@buzon.test', passphrase: PASS }),
  ]);
}, KEY_TIMEOUT_MS);

const hasKeyMaterial = (v: unknown) => /BEGIN PGP|armored/.test(JSON.stringify(v));

describe('PGP-1 keystore through the service', () => {
  it(
    'PGP-1 a generated key is an own, usable key with its fingerprint, listed without key material',
    async () => {
      const { service } = await pgpRig();
      const made = await service.generateKey({
        name: 'Ana Núñez',
        email: 'Ana@Buzon.test',
        passphrase: PASS,
      });
      expect(made.key).toMatchObject({
        kind: 'own',
        source: 'generated',
        confirmed: true,
        usable: true,
        revoked: false,
        expiresAt: null,
        emails: ['ana@buzon.test'],
        userIds: ['Ana Núñez <Ana@Buzon.test>'],
      });
      expect(made.key.fingerprint).toMatch(/^[0-9a-f]{40}$/);
      expect(made.revocationCertificate).toContain('BEGIN PGP PUBLIC KEY BLOCK');
      const listed = await first(service.observeKeys());
      expect(listed).toEqual([made.key]);
      expect(hasKeyMaterial(listed)).toBe(false);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-1 imports an own key armored and binary; an unprotected secret key is refused',
    async () => {
      const { service } = await pgpRig();
      const armored = await readOne(service, own.privateKey);
      expect(armored).toMatchObject({ isPrivate: true, passphraseProtected: true });
      const a = await service.addKey(armored, 'imported');
      expect(a).toMatchObject({ kind: 'own', source: 'imported', usable: true });
      const binary = (await openpgp.readPrivateKey({ armoredKey: bea.privateKey })).write();
      const fromBinary = await readOne(service, binary);
      const b = await service.addKey(fromBinary, 'imported');
      expect(b).toMatchObject({ kind: 'own', fingerprint: bea.info.fingerprint });
      const open = await openpgp.generateKey({
        type: 'ecc',
        curve: 'curve25519Legacy',
        userIDs: [{ email: 'open@buzon.test' }],
        format: 'armored',
      });
      const bare = await readOne(service, open.privateKey);
      const err = await rejection(service.addKey(bare, 'imported'));
      expect(err).toBeInstanceOf(UnprotectedKeyError);
      expect(err.message).toMatch(/no passphrase/);
      const fingerprints = (await first(service.observeKeys())).map((k) => k.fingerprint);
      expect(fingerprints.sort()).toEqual([own.info.fingerprint, bea.info.fingerprint].sort());
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-1 a correspondent’s key is not usable until confirmed; addKey can confirm at once',
    async () => {
      const { service } = await pgpRig();
      const info = await readOne(service, bea.publicKey);
      const added = await service.addKey(info, 'imported');
      expect(added).toMatchObject({ kind: 'correspondent', confirmed: false, usable: false });
      await service.confirmKey(added.fingerprint);
      expect((await first(service.observeKeys()))[0]).toMatchObject({
        confirmed: true,
        usable: true,
      });
      const other = await pgpRig();
      const now = await other.service.addKey(info, 'wkd', { confirm: true });
      expect(now).toMatchObject({ source: 'wkd', confirmed: true, usable: true });
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-1 exports the public key, backs up the secret key still protected, then revokes and deletes',
    async () => {
      const { service } = await pgpRig();
      const { key } = await service.generateKey({
        name: 'Ana',
        email: 'ana@buzon.test',
        passphrase: PASS,
      });
      const pub = await service.exportPublicKey(key.fingerprint);
      const [pubInfo] = await service.readKeys(pub);
      expect(pubInfo).toMatchObject({ fingerprint: key.fingerprint, isPrivate: false });
      const backup = await service.backupPrivateKey(key.fingerprint);
      const locked = await openpgp.readPrivateKey({ armoredKey: backup });
      expect(locked.getFingerprint()).toBe(key.fingerprint);
      expect(locked.isDecrypted()).toBe(false);
      await openpgp.decryptKey({ privateKey: locked, passphrase: PASS });

      expect(await rejection(service.revokeKey(key.fingerprint, 'nope'))).toBeInstanceOf(
        WrongPassphraseError,
      );
      const revoked = await service.revokeKey(key.fingerprint, PASS);
      expect(revoked.key).toMatchObject({ revoked: true, usable: false, kind: 'own' });
      const [published] = await service.readKeys(revoked.publicKey);
      expect(published).toMatchObject({ fingerprint: key.fingerprint, revoked: true });
      const check = await service.checkSend('ana@buzon.test', []);
      expect(check.signingKey).toBeNull();

      await service.deleteKey(key.fingerprint);
      expect(await first(service.observeKeys())).toEqual([]);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-1 a correspondent’s key has no secret part to back up, revoke or unlock',
    async () => {
      const { service } = await pgpRig();
      const info = await readOne(service, bea.publicKey);
      await service.addKey(info, 'imported', { confirm: true });
      const fp = bea.info.fingerprint;
      expect(await rejection(service.backupPrivateKey(fp))).toBeInstanceOf(UnusableKeyError);
      expect(await rejection(service.revokeKey(fp, PASS))).toBeInstanceOf(UnusableKeyError);
      expect(
        await rejection(service.unlockKey(fp, PASS, { rememberForSession: true })),
      ).toBeInstanceOf(UnusableKeyError);
    },
    KEY_TIMEOUT_MS,
  );

  it(
    'PGP-4 unlockKey checks the passphrase for real and the worker remembers it until forgotten',
    async () => {
      const { service } = await pgpRig();
      const { key } = await service.generateKey({
        name: 'Ana',
        email: 'ana@buzon.test',
        passphrase: PASS,
      });
      const wrong = await rejection(
        service.unlockKey(key.fingerprint, 'not it', { rememberForSession: true }),
      );
      expect(wrong).toBeInstanceOf(WrongPassphraseError);
      expect(await service.isUnlocked(key.fingerprint)).toBe(false);
      await service.unlockKey(key.fingerprint, PASS, { rememberForSession: false });
      expect(await service.isUnlocked(key.fingerprint)).toBe(true);
      await service.forgetPassphrases();
      expect(await service.isUnlocked(key.fingerprint)).toBe(false);
    },
    KEY_TIMEOUT_MS,
  );

  it('PGP-1 the loader starts no worker until an operation needs one', async () => {
    const rig = await pgpRig();
    const counter = { n: 0 };
    const load = createPgpServiceLoader({
      db: rig.db,
      parser: createInlineParser(),
      spawn: inProcessSpawn(counter),
    });
    const service = await load();
    expect(await load()).toBe(service);
    expect(await first(service.observeKeys())).toEqual([]);
    expect(counter.n).toBe(0);
    const info = await readOne(service, bea.publicKey);
    expect(info?.fingerprint).toBe(bea.info.fingerprint);
    expect(counter.n).toBe(1);
  });
});
