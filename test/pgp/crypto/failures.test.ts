// PGP-4: each failure shows its own status or typed error, and nothing of the plaintext leaks.
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decrypt,
  encryptAndSign,
  generateKeyPair,
  revokeKey,
  signDetached,
  verifyDetached,
} from '../../../src/pgp/crypto/index.js';
import {
  MalformedPgpError,
  NoDecryptionKeyError,
  PgpError,
  TamperedMessageError,
  WrongPassphraseError,
} from '../../../src/pgp/crypto/errors.js';
import type { GeneratedKeyPair } from '../../../src/pgp/crypto/types.js';

const KEYGEN_TIMEOUT_MS = 30_000;
const PASS = 'una frase larga';
const SECRET = 'El código de la caja fuerte es 4711';
const enc = new TextEncoder();

let ana: GeneratedKeyPair;
let bea: GeneratedKeyPair;

beforeAll(async () => {
  [ana, bea] = await Promise.all([
    generateKeyPair({ name: 'Ana', email: 'ana@buzon.test', passphrase: PASS }),
    generateKeyPair({ name: 'Bea', email: 'bea@buzon.test', passphrase: PASS }),
  ]);
}, KEYGEN_TIMEOUT_MS);

async function toBea(data = enc.encode(SECRET)): Promise<string> {
  return encryptAndSign({
    data,
    recipientKeys: [bea.publicKey],
    signingKey: ana.privateKey,
    passphrase: PASS,
  });
}

/** Flips one byte inside the encrypted data packet (the armor is rebuilt, so its CRC is fine). */
async function tamper(armored: string): Promise<string> {
  const { data } = await openpgp.unarmor(armored);
  const bytes = (data as Uint8Array).slice();
  const at = bytes.length - 40; // inside the SEIPD packet's ciphertext, before the MDC
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return openpgp.armor(openpgp.enums.armor.message, bytes);
}

async function failure(p: Promise<unknown>): Promise<PgpError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PgpError);
  return err as PgpError;
}

describe('PGP-4 decrypt failures', () => {
  it('PGP-4 tampered ciphertext fails with TamperedMessageError and no plaintext', async () => {
    const armored = await tamper(await toBea());
    const err = await failure(
      decrypt({
        armored,
        privateKey: bea.privateKey,
        passphrase: PASS,
        verificationKeys: [ana.publicKey],
      }),
    );
    expect(err).toBeInstanceOf(TamperedMessageError);
    expect(err.kind).toBe('tampered');
    expect(`${err.message} ${String(err.cause)}`).not.toContain('4711');
  });

  it('PGP-4 a truncated message fails typed and shows nothing of its start', async () => {
    const { data } = await openpgp.unarmor(await toBea(enc.encode(SECRET.repeat(200))));
    const bytes = data as Uint8Array;
    const armored = openpgp.armor(openpgp.enums.armor.message, bytes.subarray(0, bytes.length / 2));
    const err = await failure(
      decrypt({ armored, privateKey: bea.privateKey, passphrase: PASS, verificationKeys: [] }),
    );
    expect(['tampered', 'malformed']).toContain(err.kind);
    expect(`${err.message} ${String(err.cause)}`).not.toContain('4711');
  });

  it('PGP-4 text that is not OpenPGP is MalformedPgpError', async () => {
    const err = await failure(
      decrypt({
        armored: 'hola',
        privateKey: bea.privateKey,
        passphrase: PASS,
        verificationKeys: [],
      }),
    );
    expect(err).toBeInstanceOf(MalformedPgpError);
  });

  it('PGP-4 a wrong passphrase gives WrongPassphraseError', async () => {
    const armored = await toBea();
    const err = await failure(
      decrypt({ armored, privateKey: bea.privateKey, passphrase: 'nope', verificationKeys: [] }),
    );
    expect(err).toBeInstanceOf(WrongPassphraseError);
    expect(err.kind).toBe('wrong-passphrase');
    const sign = await failure(signDetached(enc.encode('x'), ana.privateKey, 'nope'));
    expect(sign.kind).toBe('wrong-passphrase');
  });

  it('PGP-4 a message not encrypted to my key gives NoDecryptionKeyError', async () => {
    const armored = await toBea();
    const err = await failure(
      decrypt({ armored, privateKey: ana.privateKey, passphrase: PASS, verificationKeys: [] }),
    );
    expect(err).toBeInstanceOf(NoDecryptionKeyError);
    expect(err.kind).toBe('no-key');
  });

  it('PGP-4 encrypted but unsigned decrypts as "unsigned", never as verified', async () => {
    const message = await openpgp.createMessage({ binary: enc.encode('sin firma') });
    const encryptionKeys = await openpgp.readKey({ armoredKey: bea.publicKey });
    const armored = await openpgp.encrypt({ message, encryptionKeys });
    const out = await decrypt({
      armored,
      privateKey: bea.privateKey,
      passphrase: PASS,
      verificationKeys: [ana.publicKey],
    });
    expect(new TextDecoder().decode(out.data)).toBe('sin firma');
    expect(out.signatures).toBe('unsigned');
  });

  it('PGP-4 a signed message by a key I do not hold is "unknown-key" with its key id', async () => {
    const out = await decrypt({
      armored: await toBea(),
      privateKey: bea.privateKey,
      passphrase: PASS,
      verificationKeys: [],
    });
    expect(out.signatures).toEqual([
      { status: 'unknown-key', keyId: ana.info.keyId, created: expect.any(Number) },
    ]);
  });
});

describe('PGP-4 signature statuses', () => {
  it('PGP-4 valid, then invalid over other bytes, then unknown-key without the key', async () => {
    const data = enc.encode('Content-Type: text/plain\r\n\r\nhola\r\n');
    const sig = await signDetached(data, ana.privateKey, PASS);
    expect(await verifyDetached(data, sig.armored, [ana.publicKey, bea.publicKey])).toEqual([
      expect.objectContaining({ status: 'valid', signerFingerprint: ana.info.fingerprint }),
    ]);
    const other = enc.encode('Content-Type: text/plain\r\n\r\nhola!\r\n');
    expect((await verifyDetached(other, sig.armored, [ana.publicKey]))[0]?.status).toBe('invalid');
    const [unknown] = await verifyDetached(data, sig.armored, [bea.publicKey]);
    expect(unknown).toMatchObject({ status: 'unknown-key', keyId: ana.info.keyId });
    expect(unknown?.signerFingerprint).toBeUndefined();
  });

  it('PGP-4 a signature by a key that was since revoked is "revoked-key"', async () => {
    const carl = await generateKeyPair({
      name: 'Carl',
      email: 'carl@buzon.test',
      passphrase: PASS,
    });
    const data = enc.encode('firmado antes de revocar');
    const sig = await signDetached(data, carl.privateKey, PASS);
    const revoked = await revokeKey(carl.privateKey, PASS);
    expect(revoked.info.revoked).toBe(true);
    const [result] = await verifyDetached(data, sig.armored, [revoked.publicKey]);
    expect(result).toMatchObject({
      status: 'revoked-key',
      signerFingerprint: carl.info.fingerprint,
    });
  });

  it('PGP-4 a signature made after its key expired is "expired-key"', async () => {
    // Dan's key was made an hour ago; he signs now; then his key turns out to have expired
    // ten seconds after it was made (a newer self-certification says so).
    const created = new Date(Date.now() - 3_600_000);
    const dan = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Dan', email: 'dan@buzon.test' }],
      passphrase: PASS,
      date: created,
    });
    const data = enc.encode('firmado tarde');
    const sig = await signDetached(data, dan.privateKey, PASS);
    const unlocked = await openpgp.decryptKey({
      privateKey: await openpgp.readPrivateKey({ armoredKey: dan.privateKey }),
      passphrase: PASS,
    });
    const { publicKey } = await openpgp.reformatKey({
      privateKey: unlocked,
      userIDs: [{ name: 'Dan', email: 'dan@buzon.test' }],
      keyExpirationTime: 10,
      date: created,
    });
    const [result] = await verifyDetached(data, sig.armored, [publicKey]);
    expect(result).toMatchObject({
      status: 'expired-key',
      signerFingerprint: unlocked.getFingerprint(),
    });
  });
});
