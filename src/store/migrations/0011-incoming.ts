// Schema v11: incoming mail (issue 5, SPAM-1, FILTER-3, ADR 0028).
//   incomingQueue  ++seq, id   messages that arrived from a server into an Inbox (any account)
//                              since the last run of spam detection and the filters, in arrival
//                              order. Only incremental sync queues: a bootstrap, a window
//                              widening or an import is existing mail, not incoming mail, and
//                              filters must not move or answer a whole mailbox on first sign-in.
//                              The incoming processor drains it (state/incoming/).
//   spamModel      key         the local classifier's learnt model (spam/model-store.ts), one
//                              row: kept apart from `settings` because it weighs up to a few MB
//                              and every settings change re-reads that whole table.
import type Dexie from 'dexie';
import { V10_STORES } from './0010-threads.js';

/** The schema version of this file. */
export const INCOMING_SCHEMA_VERSION = 11;

export const V11_STORES = {
  ...V10_STORES,
  incomingQueue: '++seq, id',
  spamModel: 'key',
} as const;

export function declareV11(db: Dexie): void {
  // New empty tables only: nothing to upgrade.
  db.version(INCOMING_SCHEMA_VERSION).stores(V11_STORES);
}
