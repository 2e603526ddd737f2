// Schema v16: the size order reads a sort key a row may lack, like subject and sender
// (store/sort-keys.ts, ADR 0036).
//   emails  [mailboxId+sortSize]   replaces [mailboxId+size]: `size` is on every row, so
//                                  its index was written for every message stored, sorted
//                                  by size or not. `sortSize` is written when a folder is
//                                  first sorted by size (or with the row, outside a
//                                  bootstrap); rows stored before v16 get it then.
import type Dexie from 'dexie';
import { V15_STORES } from './0015-email-renames.js';

/** The schema version of this file. */
export const LAZY_SORT_KEYS_SCHEMA_VERSION = 16;

export const V16_STORES = {
  ...V15_STORES,
  emails: V15_STORES.emails.replace('[mailboxId+size]', '[mailboxId+sortSize]'),
} as const;

export function declareV16(db: Dexie): void {
  // No upgrade function: the new index starts empty and the first size sort of a folder
  // fills its rows (repos/sort-keys.ts fillSortKeysStep), as after a bootstrap.
  db.version(LAZY_SORT_KEYS_SCHEMA_VERSION).stores(V16_STORES);
}
