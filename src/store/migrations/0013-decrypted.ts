// Schema v13: decrypted copies kept by the user's choice (issue 6, PGP-4, ADR 0031).
//   decrypted  id            one row per message (the email's id) whose decrypted text the
//                            user asked to keep: opt-in per own key, default off. Only a
//                            message encrypted whole is kept (records.ts DecryptedRecord).
//     fingerprint            the own key that decrypted it: turning the opt-in off, or
//                            deleting the key, deletes that key's rows at once
// Kept copies are few (the messages a user opened), so nothing else is indexed.
import type Dexie from 'dexie';
import { V12_STORES } from './0012-pgp.js';

/** The schema version of this file. */
export const DECRYPTED_SCHEMA_VERSION = 13;

export const V13_STORES = {
  ...V12_STORES,
  decrypted: 'id, fingerprint',
} as const;

export function declareV13(db: Dexie): void {
  // A new empty table only: nothing to upgrade.
  db.version(DECRYPTED_SCHEMA_VERSION).stores(V13_STORES);
}
