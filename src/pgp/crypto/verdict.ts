// PGP-4: turns OpenPGP.js's per-signature promise into the status the reader shows. The
// library only says "failed" with a message; which key made the signature and that key's
// state are read from the key itself, not guessed from the message text.
import type { Key, KeyID, PublicKey, Signature } from 'openpgp';
import type { SignatureResult } from './types.js';

/** What openpgp.verify/decrypt give for each signature. */
export interface VerificationEntry {
  keyID: KeyID;
  verified: Promise<true>;
  signature: Promise<Signature>;
}

function findSigner(keys: readonly PublicKey[], keyID: KeyID): Key | undefined {
  return keys.find((k) => k.getKeys(keyID).length > 0);
}

async function createdOf(entry: VerificationEntry): Promise<number | undefined> {
  const sig = await entry.signature.catch(() => null);
  const created = sig?.packets[0]?.created;
  return created instanceof Date ? created.getTime() : undefined;
}

/** The signing (sub)key or its primary key is revoked. */
async function isRevoked(key: Key, keyID: KeyID): Promise<boolean> {
  if (await key.isRevoked().catch(() => false)) return true;
  for (const sub of key.getSubkeys(keyID)) {
    for (const rev of sub.revocationSignatures) {
      if (await sub.isRevoked(rev, key.keyPacket).catch(() => false)) return true;
    }
  }
  return false;
}

async function isExpired(key: Key, keyID: KeyID, at: number | undefined): Promise<boolean> {
  const when = at ?? Date.now();
  const primary = await key.getExpirationTime().catch(() => null);
  if (primary instanceof Date && primary.getTime() <= when) return true;
  for (const sub of key.getSubkeys(keyID)) {
    const subExpiry = await sub.getExpirationTime().catch(() => null);
    if (subExpiry instanceof Date && subExpiry.getTime() <= when) return true;
  }
  return false;
}

export async function classify(
  entry: VerificationEntry,
  keys: readonly PublicKey[],
): Promise<SignatureResult> {
  const keyId = entry.keyID.toHex().toLowerCase();
  const created = await createdOf(entry);
  const base = created === undefined ? { keyId } : { keyId, created };
  const signer = findSigner(keys, entry.keyID);
  const ok = await entry.verified.then(
    () => true,
    () => false,
  );
  if (!signer) return { ...base, status: ok ? 'invalid' : 'unknown-key' };
  const signerFingerprint = signer.getFingerprint().toLowerCase();
  if (ok) return { ...base, signerFingerprint, status: 'valid' };
  if (await isRevoked(signer, entry.keyID))
    return { ...base, signerFingerprint, status: 'revoked-key' };
  if (await isExpired(signer, entry.keyID, created))
    return { ...base, signerFingerprint, status: 'expired-key' };
  return { ...base, signerFingerprint, status: 'invalid' };
}

export function classifyAll(
  entries: readonly VerificationEntry[],
  keys: readonly PublicKey[],
): Promise<SignatureResult[]> {
  return Promise.all(entries.map((e) => classify(e, keys)));
}
