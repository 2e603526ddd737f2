// PGP-1: generating, reading, exporting, backing up and revoking keys.
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  backupPrivate,
  exportPublic,
  generateKeyPair,
  protectPrivateKey,
  readKeys,
  revokeKey,
} from '../../../src/pgp/crypto/index.js';
import { MalformedPgpError, UnprotectedKeyError } from '../../../src/pgp/crypto/errors.js';
import type { GeneratedKeyPair } from '../../../src/pgp/crypto/types.js';

const KEYGEN_TIMEOUT_MS = 30_000;
const PASS = 'frase de paso';
let ana: GeneratedKeyPair;

beforeAll(async () => {
  ana = await generateKeyPair({ name: 'Ana Núñez', email: 'Ana@Buzon.test', passphrase: PASS });
}, KEYGEN_TIMEOUT_MS);

async function unprotectedKey(): Promise<string> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ email: 'open@buzon.test' }],
  });
  return privateKey;
}

describe('PGP-1 keys', () => {
  it('PGP-1 generates a protected Ed25519/Curve25519 v4 key pair and describes it', () => {
    expect(ana.info).toMatchObject({
      userIds: ['Ana Núñez <Ana@Buzon.test>'],
      emails: ['ana@buzon.test'],
      isPrivate: true,
      passphraseProtected: true,
      revoked: false,
      expiresAt: null,
      algorithm: 'eddsaLegacy ed25519Legacy',
    });
    expect(ana.info.fingerprint).toMatch(/^[0-9a-f]{40}$/);
    expect(ana.info.fingerprint.endsWith(ana.info.keyId)).toBe(true);
    expect(ana.privateKey).toContain('BEGIN PGP PRIVATE KEY BLOCK');
    expect(ana.revocationCertificate).toContain('BEGIN PGP PUBLIC KEY BLOCK');
  });

  it('PGP-1 exports only the public key, and reads it back as public', async () => {
    const armored = await exportPublic(ana.privateKey);
    expect(armored).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    const [info] = await readKeys(armored);
    expect(info).toMatchObject({
      fingerprint: ana.info.fingerprint,
      isPrivate: false,
      passphraseProtected: false,
    });
  });

  it('PGP-1 backs up the secret key still passphrase-encrypted, and refuses an unprotected one', async () => {
    const backup = await backupPrivate(ana.privateKey);
    const [info] = await readKeys(backup);
    expect(info).toMatchObject({ isPrivate: true, passphraseProtected: true });
    const open = await unprotectedKey();
    await expect(backupPrivate(open)).rejects.toBeInstanceOf(UnprotectedKeyError);
    const [openInfo] = await readKeys(open);
    expect(openInfo?.passphraseProtected).toBe(false);
    const locked = await protectPrivateKey(open, 'nueva frase');
    expect((await readKeys(locked))[0]?.passphraseProtected).toBe(true);
  });

  it('PGP-1 reads several keys from one paste and refuses text that holds none', async () => {
    const bea = await generateKeyPair({ name: 'Bea', email: 'bea@buzon.test', passphrase: PASS });
    const infos = await readKeys(`${ana.publicKey}\n${bea.publicKey}`);
    expect(infos.map((i) => i.emails[0])).toEqual(['ana@buzon.test', 'bea@buzon.test']);
    await expect(readKeys('no key here')).rejects.toBeInstanceOf(MalformedPgpError);
    await expect(readKeys(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(MalformedPgpError);
  });

  it('PGP-1 revokes a key: a revoked public key, its certificate, and the secret key locked again', async () => {
    const carl = await generateKeyPair({
      name: 'Carl',
      email: 'carl@buzon.test',
      passphrase: PASS,
    });
    const revoked = await revokeKey(carl.privateKey, PASS);
    expect(revoked.info).toMatchObject({
      fingerprint: carl.info.fingerprint,
      revoked: true,
      passphraseProtected: true,
    });
    expect((await readKeys(revoked.publicKey))[0]?.revoked).toBe(true);
    expect(revoked.revocationCertificate).toContain('revocation');
  });
});
