// Schema v15: where a message went when its id changed (repos/renames.ts, ADR 0012).
//   emailRenames  from, at   { from, to, at }: a local message taken by the server, or
//                            replaced there (ATTACH-4), moves to a new id; an open reader
//                            or a click in flight on the old id follows the note instead
//                            of finding nothing. `at` forgets notes after a week.
import type Dexie from 'dexie';
import { V14_STORES } from './0014-body-packs.js';

/** The schema version of this file. */
export const EMAIL_RENAMES_SCHEMA_VERSION = 15;

export const V15_STORES = {
  ...V14_STORES,
  emailRenames: 'from, at',
} as const;

export function declareV15(db: Dexie): void {
  // A new, empty table: nothing moved before v15 is remembered.
  db.version(EMAIL_RENAMES_SCHEMA_VERSION).stores(V15_STORES);
}
