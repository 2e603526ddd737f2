// Schema v4: the address book and who the user writes to (issue 4, CONTACTS-1).
//   contacts        address-book cards; `*emailKeys` (lower-cased addresses) answers "is this
//                   address a contact?" without reading every card
//   correspondents  addresses the user wrote to, keyed by the lower-cased address: the count
//                   and decayed weight that rank autosuggest
// Suggestion itself matches prefixes in memory (contacts/suggest.ts), so no name index is
// kept here; existing tables keep their indexes.
import type Dexie from 'dexie';
import { V3_STORES } from './0003-outbox.js';

export const V4_STORES = {
  ...V3_STORES,
  contacts: 'id, *emailKeys',
  correspondents: 'address',
} as const;

export function declareV4(db: Dexie): void {
  db.version(4).stores(V4_STORES);
}
