// Schema v8: the search index (issue 5, ADR 0024) and saved searches. The index is a
// rebuildable cache of the messages' terms, kept so a restart does not rebuild it:
//   searchSegments  seg                 one record per segment: document numbers → ids, dates
//   searchBlocks    [seg+bucket]        the postings of a segment's terms sharing a bucket
//   savedSearches   id                  SEARCH-4 smart folders
import type Dexie from 'dexie';
import { V7_STORES } from './0007-outbox-bytes.js';

export const V8_STORES = {
  ...V7_STORES,
  searchSegments: 'seg',
  searchBlocks: '[seg+bucket]',
  savedSearches: 'id',
} as const;

export function declareV8(db: Dexie): void {
  // New tables only: the index fills itself in the background from the stored messages.
  db.version(8).stores(V8_STORES);
}
