// Schema v1: the local mailbox. One database per account.
//
// Why these email indexes: every list the UI shows (VIEW-1, VIEW-3) is one index range
// read as primary keys only, so a 100,000-message folder is sorted without loading rows.
//   [mailboxId+receivedAt]          date order; also "all messages of a folder"
//   [mailboxId+seen+receivedAt]     read-state order, and "unread only" by date
//   [mailboxId+sortSubject+receivedAt], [mailboxId+sortFrom+receivedAt]
//                                   subject / sender order, ties by date (keys written
//                                   on demand since v16, ADR 0036)
//   [mailboxId+size]                size order (v16: [mailboxId+sortSize])
//   contentHash                     import dedupe
//   trashedAt                       DELETE-3 expiry (only rows in Trash carry it)
//   messageId                       threading and replies later
import type Dexie from 'dexie';

export const V1_STORES = {
  mailboxes: 'id, role, trashedAt',
  emails:
    'id, messageId, contentHash, trashedAt, [mailboxId+receivedAt], [mailboxId+seen+receivedAt], [mailboxId+sortSubject+receivedAt], [mailboxId+sortFrom+receivedAt], [mailboxId+size]',
  bodies: 'id',
  documents: 'id, folder, createdAt',
  documentData: 'id',
  settings: 'key',
  trustedSenders: 'address',
} as const;

export function declareV1(db: Dexie): void {
  // v1 creates everything; the system folders are ensured after open (see db.ts) so a
  // database that somehow lost one gets it back too.
  db.version(1).stores(V1_STORES);
}
