// PGP-4: which stored keys count for signatures, and which crypto failures mean "unreadable
// data" (reported, not thrown). Shared by inspect, decrypt and the kept copies.
import { PgpError } from '../../pgp/crypto/errors.js';
import type { PgpKeyRecord } from '../../store/records.js';

/** The public keys whose signatures count (own and confirmed; revoked ones stay to say so). */
export function trustedKeys(rows: readonly PgpKeyRecord[]): string[] {
  return rows.filter((r) => r.kind === 'own' || r.confirmed).map((r) => r.publicArmored);
}

/** A PgpError saying the data is unreadable: reported as malformed, not thrown. */
export function unreadable(err: unknown): string | null {
  return err instanceof PgpError && err.kind === 'malformed' ? err.message : null;
}
