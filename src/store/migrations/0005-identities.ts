// Schema v5: the sender identities as the server last gave them (SEND-7, SEND-16), so the
// composer offers them — names, reply-to, signatures, the default — offline too. Keyed by
// the server's identity id; the server's list replaces the whole table on each refresh.
import type Dexie from 'dexie';
import { V4_STORES } from './0004-contacts.js';

export const V5_STORES = {
  ...V4_STORES,
  identities: 'id',
} as const;

export function declareV5(db: Dexie): void {
  db.version(5).stores(V5_STORES);
}
