// Schema v2: what syncing with a server account needs (ADR 0012).
//   ops        pending local changes, replayed FIFO; `target` finds a row's pending ops
//   syncState  JMAP state strings and the bootstrap cursor
//   bodyQueue  synced messages whose bytes are still to download, newest first
// Emails gain no index: local imports keep their measured write speed (ADR 0004).
import type Dexie from 'dexie';
import { V1_STORES } from './0001-initial.js';

export const V2_STORES = {
  ...V1_STORES,
  ops: '++seq, target',
  syncState: 'key',
  bodyQueue: 'id, receivedAt',
} as const;

export function declareV2(db: Dexie): void {
  db.version(2).stores(V2_STORES);
}
