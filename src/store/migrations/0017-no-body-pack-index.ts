// Schema v17: the `bodyPack` index of emails goes (ADR 0004, session 20).
//   emails  bodyPack  the field stays on every row (it names the row's pack); only its index
//                     goes. It listed the messages whose bytes are here, for the search
//                     index's look, which now reads the rows of the messages it waits for
//                     (repos/bodies.ts withStoredBodies) or has them read ahead already.
//                     Every message a sync or an import writes paid for it: a populated
//                     index costs each row's `add` in the page and the IndexedDB backend.
// The upgrade only deletes the index: no row is read or written.
import type Dexie from 'dexie';
import { V16_STORES } from './0016-lazy-sort-keys.js';

/** The schema version of this file. */
export const NO_BODY_PACK_INDEX_SCHEMA_VERSION = 17;

export const V17_STORES = {
  ...V16_STORES,
  emails: V16_STORES.emails.replace(', bodyPack', ''),
} as const;

export function declareV17(db: Dexie): void {
  db.version(NO_BODY_PACK_INDEX_SCHEMA_VERSION).stores(V17_STORES);
}
