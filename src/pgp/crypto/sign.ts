// PGP-2 and PGP-4: detached signatures over exact bytes (RFC 3156 multipart/signed signs the
// canonical MIME part as binary), and verifying signed messages GnuPG made (inline or opaque).
import * as openpgp from 'openpgp';
import { MalformedPgpError } from './errors.js';
import { parsePublicKeys, unlockPrivateKey } from './read.js';
import type { DetachedSignature, SignatureResult, VerifiedMessage } from './types.js';
import { classifyAll } from './verdict.js';

const CLEARTEXT_HEADER = '-----BEGIN PGP SIGNED MESSAGE-----';
/** RFC 3156 § 5: micalg is "pgp-" and the hash's name in lower case. */
const MICALG_PREFIX = 'pgp-';

const detail = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function signDetached(
  data: Uint8Array,
  privateKeyArmored: string,
  passphrase: string,
): Promise<DetachedSignature> {
  const signingKey = await unlockPrivateKey(privateKeyArmored, passphrase);
  // `binary` makes a signature of type 0x00 over exactly these bytes: no line-ending rewrite.
  const message = await openpgp.createMessage({ binary: data });
  const armored = await openpgp.sign({ message, signingKeys: signingKey, detached: true });
  const parsed = await openpgp.readSignature({ armoredSignature: armored });
  const hash = parsed.packets[0]?.hashAlgorithm;
  if (hash === undefined || hash === null)
    throw new MalformedPgpError('The signature names no hash.');
  const name = openpgp.enums.read(openpgp.enums.hash, hash);
  return { armored, micalg: `${MICALG_PREFIX}${name.toLowerCase()}` };
}

async function readDetached(armoredSignature: string): Promise<openpgp.Signature> {
  try {
    return await openpgp.readSignature({ armoredSignature });
  } catch (err) {
    throw new MalformedPgpError(`Could not read the signature: ${detail(err)}`, { cause: err });
  }
}

/** PGP-4: one result per signature in the block (usually one). */
export async function verifyDetached(
  data: Uint8Array,
  armoredSignature: string,
  publicKeys: readonly string[],
): Promise<SignatureResult[]> {
  const signature = await readDetached(armoredSignature);
  const keys = await parsePublicKeys(publicKeys);
  const message = await openpgp.createMessage({ binary: data });
  const out = await openpgp.verify({ message, signature, verificationKeys: keys });
  return classifyAll(out.signatures, keys);
}

/** Inline PGP: a cleartext-signed text or an opaque signed message (`gpg --sign`). */
export async function verifyInline(
  armored: string,
  publicKeys: readonly string[],
): Promise<VerifiedMessage> {
  const keys = await parsePublicKeys(publicKeys);
  if (armored.includes(CLEARTEXT_HEADER)) {
    const message = await openpgp
      .readCleartextMessage({ cleartextMessage: armored })
      .catch((err: unknown) => {
        throw new MalformedPgpError(`Could not read the signed text: ${detail(err)}`, {
          cause: err,
        });
      });
    const out = await openpgp.verify({ message, verificationKeys: keys });
    return {
      data: new TextEncoder().encode(out.data),
      signatures: await classifyAll(out.signatures, keys),
    };
  }
  const message = await openpgp.readMessage({ armoredMessage: armored }).catch((err: unknown) => {
    throw new MalformedPgpError(`Could not read the message: ${detail(err)}`, { cause: err });
  });
  const out = await openpgp.verify({ message, verificationKeys: keys, format: 'binary' });
  return { data: out.data, signatures: await classifyAll(out.signatures, keys) };
}
