// Schema v14: message bytes several to a record (ADR 0004, session 14).
//   bodyPacks  ++key       a pack of bodies of ≤ 60 KB, 256 KB since session 25 (records.ts); IndexedDB
//                          costs ~110 µs of CPU per record written or read whatever its
//                          size, so a 10k bootstrap wrote 10,000 body records and the search
//                          build read them back one by one
//   emails     bodyPack    the row names its pack; the index listed the messages whose bytes
//                          are here (the search index's look) until v17 dropped it
//   bodies                 v13's one record per body: kept, and emptied after open by
//                          repos/bodies.ts repackLegacyBodies, a batch per transaction.
//                          Until a body is moved its row has no bodyPack and readers fall
//                          back to this table.
// Why the upgrade moves no bytes itself: repacking 100,000 bodies (~400 MB) inside the
// blocking versionchange transaction would freeze every tab for tens of seconds, and the
// mailbox is readable throughout the move.
import type Dexie from 'dexie';
import { V13_STORES } from './0013-decrypted.js';

/** The schema version of this file. */
export const BODY_PACKS_SCHEMA_VERSION = 14;

export const V14_STORES = {
  ...V13_STORES,
  emails: `${V13_STORES.emails}, bodyPack`,
  bodyPacks: '++key',
} as const;

export function declareV14(db: Dexie): void {
  // A new table and index only: the bytes move after open.
  db.version(BODY_PACKS_SCHEMA_VERSION).stores(V14_STORES);
}
