// Schema v3: the Outbox (issue 4, ADR 0018). One row per message the user sent that has
// not been confirmed sent yet, with its built bytes: it survives reloads and crashes and
// leaves when the network allows. `state` finds what is due; `createdAt` orders the view.
import type Dexie from 'dexie';
import { V2_STORES } from './0002-sync.js';

export const V3_STORES = {
  ...V2_STORES,
  outbox: 'id, state, createdAt',
} as const;

export function declareV3(db: Dexie): void {
  db.version(3).stores(V3_STORES);
}
