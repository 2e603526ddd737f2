// PGP-1, PGP-4: keystore rows and crypto results as the page shows them. A view never
// carries key material: lists, prompts and the reader get names, ids and states only.
import type { SignatureResult } from '../../pgp/crypto/types.js';
import { isUsableKey } from '../../store/repos/pgp-keys.js';
import type { PgpKeyRecord } from '../../store/records.js';
import type { PgpKeyView, PgpSignatureView } from '../pgp-types.js';

export function toKeyView(row: PgpKeyRecord, now: number): PgpKeyView {
  return {
    fingerprint: row.fingerprint,
    keyId: row.keyId,
    kind: row.kind,
    userIds: [...row.userIds],
    emails: [...row.emails],
    source: row.source,
    confirmed: row.kind === 'own' || row.confirmed,
    revoked: row.revoked,
    expiresAt: row.expiresAt,
    algorithm: row.algorithm,
    created: row.created,
    storeDecrypted: row.storeDecrypted,
    usable: isUsableKey(row, now),
  };
}

/** Own keys first, then by the first user id: the order the keystore lists them in. */
export function sortViews(views: PgpKeyView[]): PgpKeyView[] {
  const name = (v: PgpKeyView) => (v.userIds[0] ?? v.fingerprint).toLowerCase();
  return views.sort(
    (a, b) => Number(a.kind !== 'own') - Number(b.kind !== 'own') || name(a).localeCompare(name(b)),
  );
}

/** Signature results with their signer's key view (a signer not in `rows` stays unnamed). */
export function signatureViews(
  results: readonly SignatureResult[],
  rows: readonly PgpKeyRecord[],
  now: number,
): PgpSignatureView[] {
  return results.map((r) => {
    const row = r.signerFingerprint
      ? rows.find((k) => k.fingerprint === r.signerFingerprint)
      : undefined;
    return {
      status: r.status,
      keyId: r.keyId,
      ...(row ? { signer: toKeyView(row, now) } : {}),
      ...(r.created !== undefined ? { created: r.created } : {}),
    };
  });
}
