// PGP-1/2/4 in real Chromium: the page's client drives the real PGP worker (openpgp loaded
// lazily inside it) to make a key, sign, verify, encrypt and decrypt.
import { afterAll, describe, expect, it } from 'vitest';
import { createPgpClient } from '../../src/state/pgp-client.js';
import { WrongPassphraseError } from '../../src/pgp/crypto/errors.js';

const client = createPgpClient(
  () => new Worker(new URL('../../src/workers/pgp-worker.ts', import.meta.url), { type: 'module' }),
);
afterAll(() => client.dispose());

describe('PGP worker client', () => {
  it('PGP-1 PGP-2 PGP-4 generates a key, signs and verifies through the real worker', async () => {
    const pair = await client.generateKeyPair({
      name: 'Ana',
      email: 'ana@buzon.test',
      passphrase: 'frase',
    });
    expect(pair.info).toMatchObject({
      isPrivate: true,
      passphraseProtected: true,
      emails: ['ana@buzon.test'],
    });
    const data = new TextEncoder().encode('Content-Type: text/plain\r\n\r\nhola\r\n');
    const sig = await client.signDetached(data, pair.privateKey, {
      passphrase: 'frase',
      rememberMs: 60_000,
    });
    // The caller's bytes were copied, not moved into the worker.
    expect(data.byteLength).toBeGreaterThan(0);
    expect(await client.verifyDetached(data, sig.armored, [pair.publicKey])).toEqual([
      expect.objectContaining({ status: 'valid', signerFingerprint: pair.info.fingerprint }),
    ]);
    expect(await client.hasPassphrase(pair.info.fingerprint)).toBe(true);
    const armored = await client.encryptAndSign({
      data,
      recipientKeys: [pair.publicKey],
      signingKey: pair.privateKey,
    });
    const out = await client.decrypt({
      armored,
      privateKey: pair.privateKey,
      verificationKeys: [pair.publicKey],
    });
    expect(new TextDecoder().decode(out.data)).toContain('hola');
    expect(out.signatures).toEqual([expect.objectContaining({ status: 'valid' })]);
    await client.forgetPassphrases();
    const err = await client
      .signDetached(data, pair.privateKey, { passphrase: 'mala' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongPassphraseError);
  });
});
