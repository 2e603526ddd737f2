// Schema v12: the OpenPGP keystore (issue 6, PGP-1, PGP-3).
//   pgpKeys  fingerprint   one row per key, the user's own and correspondents' (records.ts
//                          PgpKeyRecord). Own secret keys are stored only passphrase-encrypted.
//     *emails              the addresses of the key's self-certified user ids (lower case): the
//                          composer looks up recipients' keys, the reader a signer's
//     kind                 'own' | 'correspondent': the identity settings list own keys only
// Keys are few (tens), so nothing else is indexed; confirmed/revoked are filtered in memory.
import type Dexie from 'dexie';
import { V11_STORES } from './0011-incoming.js';

/** The schema version of this file. */
export const PGP_SCHEMA_VERSION = 12;

export const V12_STORES = {
  ...V11_STORES,
  pgpKeys: 'fingerprint, *emails, kind',
} as const;

export function declareV12(db: Dexie): void {
  // A new empty table only: nothing to upgrade.
  db.version(PGP_SCHEMA_VERSION).stores(V12_STORES);
}
