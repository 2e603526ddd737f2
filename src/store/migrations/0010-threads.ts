// Schema v10: the threads view (issue 5, THREAD-1/2, ADR 0026).
//   emails gains the threading fields (mail/threading/keys.ts says what each look-up needs):
//     [threadKey+mailboxId]   a thread's messages, everywhere or in one folder; merges rewrite it
//     *threadNodes            threadSelf plus threadLinks, one multiEntry index answering both
//                             "who holds this Message-ID" (copies, impostors, a late parent) and
//                             "who names this id" (children that arrived before their parent):
//                             one read per id instead of two, one index to write instead of two
//     [threadBase+threadDate] the subject fallback's window look-ups (orphans only)
//   threads      [mailboxId+threadKey]  one maintained row per thread per folder (count, unread,
//                                       newest, subject, participants), written in the same
//                                       transaction as the messages, like the folder counters
//     [mailboxId+latestAt]              the threads view of a folder, newest activity first
//     [mailboxId+hasUnread+latestAt]    …unread threads only
//     threadKey                         merges find a thread's rows in every folder
//   threadMeta   key                    the backfill of mail stored before v10
//   threadQueue  ++seq, id              new messages waiting to be threaded, in arrival order: writers only
//                                       queue them (threading inline cost an import −21 %
//                                       and a sync bootstrap +25 %); the thread service
//                                       drains the queue in batches, as the backfill does
//
// Why the upgrade threads nothing itself: threading 100,000 messages inside the blocking
// versionchange transaction would freeze every tab for minutes. The upgrade only adds the
// (empty) indexes and marks the backfill as pending; store/repos/thread-backfill.ts threads
// the old rows after open, a batch per transaction, and the view falls back meanwhile.
import type Dexie from 'dexie';
import { V9_STORES } from './0009-tags-comments.js';

/** The schema version of this file. */
export const THREADS_SCHEMA_VERSION = 10;

export const V10_STORES = {
  ...V9_STORES,
  emails: `${V9_STORES.emails}, [threadKey+mailboxId], *threadNodes, [threadBase+threadDate]`,
  threads: '[mailboxId+threadKey], threadKey, [mailboxId+latestAt], [mailboxId+hasUnread+latestAt]',
  threadMeta: 'key',
  threadQueue: '++seq, id',
} as const;

/** The threadMeta row of the backfill (absent: nothing to backfill, e.g. a new database). */
export const BACKFILL_META_KEY = 'backfill';

export function declareV10(db: Dexie): void {
  db.version(THREADS_SCHEMA_VERSION)
    .stores(V10_STORES)
    .upgrade(async (tx) => {
      // Cheap: one row. The rows themselves are threaded after open (see above).
      await tx
        .table('threadMeta')
        .put({ key: BACKFILL_META_KEY, done: false, cursor: null, threaded: 0 });
    });
}
