// Schema v6: the user's contact lists (CONTACTS-4), keyed by id. A list holds its members
// inline (a contact by id and channel, or a typed address), so no index is needed: a book
// has tens of lists, read whole. Existing tables keep their indexes.
import type Dexie from 'dexie';
import { V5_STORES } from './0005-identities.js';

export const V6_STORES = {
  ...V5_STORES,
  contactLists: 'id',
} as const;

export function declareV6(db: Dexie): void {
  db.version(6).stores(V6_STORES);
}
