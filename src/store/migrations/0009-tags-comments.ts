// Schema v9: tags and comments (issue 5, TAG-1, COMMENT-1, ADR 0025).
//   tags      keyword        a tag's definition: its name and colour (the keyword is the tag on
//                            messages, so tagged mail syncs as IMAP/JMAP keywords)
//   comments  id, forKey     a rebuildable index of the comment messages kept in the hidden
//                            "Buzón comments" folder: which message each one is about, and its text
import type Dexie from 'dexie';
import { V8_STORES } from './0008-search.js';

export const V9_STORES = {
  ...V8_STORES,
  tags: 'keyword',
  comments: 'id, forKey',
} as const;

export function declareV9(db: Dexie): void {
  // New tables only: Thunderbird's $label1…5 are built in (no rows), and the comment index
  // fills itself from the hidden folder's messages.
  db.version(9).stores(V9_STORES);
}
