// ThreadService (THREAD-1/2): a folder's threads view from the maintained thread rows, an
// opened thread in reading order, whole-thread read state, and the backfill of mail stored
// before threads existed (ADR 0026).
import { summarizeThread } from '../mail/threading/summary.js';
import type { BuzonDb } from '../store/db.js';
import { byIdMap, isInTrash } from '../store/folder-rules.js';
import { observeQuery } from '../store/live.js';
import type { EmailRecord, MailboxRecord, ThreadRecord } from '../store/records.js';
import { isCommentsFolder } from '../mail/comment-folder.js';
import { putKeyword } from '../store/repos/emails.js';
import { listMailboxes } from '../store/repos/mailboxes.js';
import { threadDateOf } from '../store/repos/thread-records.js';
import {
  backfillThreadsStep,
  drainThreadQueueStep,
  queuedForThreading,
  getBackfillStatus,
  getThreadRecords,
  listFirstThreadRecords,
  listThreadEmails,
  listThreadKeys,
  threadEmailIds,
} from '../store/repos/threads.js';
import { toMessageRow } from './email-rows.js';
import type { Subscribable } from './observable.js';
import type { OpenedThread, ThreadQuery, ThreadRow, ThreadService } from './types.js';

/**
 * Messages threaded per backfill transaction. Each batch reads its look-ups in parallel and
 * commits once; a few hundred keep a transaction well under a second in Chromium (so new
 * mail and the user's clicks are not held up behind it) while amortising the commit.
 */
export const BACKFILL_BATCH_SIZE = 500;

export interface ThreadServiceOptions {
  backfillBatchSize?: number;
}

function toThreadRow(r: ThreadRecord): ThreadRow {
  return {
    key: r.threadKey,
    folderId: r.mailboxId,
    subject: r.subject,
    participants: r.participants.map((p) => ({ name: p.name, address: p.address })),
    count: r.count,
    unreadCount: r.unread,
    unread: r.unread > 0,
    flagged: r.flagged > 0,
    hasAttachment: r.attachments > 0,
    latestAt: r.latestAt,
    latestId: r.latestId,
  };
}

/** Folders whose messages an opened thread leaves out unless opened from there. */
function isAside(byId: ReadonlyMap<string, MailboxRecord>, id: string): boolean {
  const mb = byId.get(id);
  if (!mb) return true;
  return mb.role === 'spam' || isInTrash(byId, id) || isCommentsFolder(mb);
}

/**
 * The conversation as shown: copies of one message (Inbox and Sent, the same Message-ID and
 * node) shown once, preferring the opened folder's copy.
 */
function shown(rows: readonly EmailRecord[], folderId: string): EmailRecord[] {
  const byNode = new Map<string, EmailRecord>();
  const out: EmailRecord[] = [];
  for (const r of rows) {
    if (r.messageId === '' || r.threadSelf === undefined) {
      out.push(r);
      continue;
    }
    const node = r.threadSelf;
    const there = byNode.get(node);
    if (!there || (there.mailboxId !== folderId && r.mailboxId === folderId)) byNode.set(node, r);
  }
  return [...out, ...byNode.values()];
}

export function createThreadService(db: BuzonDb, opts: ThreadServiceOptions = {}): ThreadService {
  const batchSize = opts.backfillBatchSize ?? BACKFILL_BATCH_SIZE;
  let running: Promise<void> | null = null;

  const ensureThreaded = (): Promise<void> => {
    running ??= (async () => {
      try {
        while (!(await backfillThreadsStep(db, batchSize)).done) {
          /* one transaction per batch */
        }
        // New mail, queued by the writers (ADR 0026).
        while ((await drainThreadQueueStep(db, batchSize)) > 0) {
          /* one transaction per batch */
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const observeThreadKeys = (q: ThreadQuery): Subscribable<string[]> => {
    const keys = observeQuery(() => listThreadKeys(db, q.folderId, q.unreadOnly));
    const queued = observeQuery(() => queuedForThreading(db));
    return {
      subscribe(observer) {
        // Showing the threads view is what needs mail threaded: start (or join) it here,
        // and again whenever new mail is queued while the view is shown.
        const run = () => ensureThreaded().catch((err: unknown) => observer.error?.(err));
        const waiting = queued.subscribe({ next: (n) => void (n > 0 && run()) });
        void run();
        const shown = keys.subscribe(observer);
        return {
          unsubscribe() {
            waiting.unsubscribe();
            shown.unsubscribe();
          },
        };
      },
    };
  };

  return {
    observeThreadKeys,
    async getFirstThreadRows(q, limit) {
      return (await listFirstThreadRecords(db, q.folderId, q.unreadOnly, limit)).map(toThreadRow);
    },
    observeFirstThreadRows: (q, limit) =>
      observeQuery(async () =>
        (await listFirstThreadRecords(db, q.folderId, q.unreadOnly, limit)).map(toThreadRow),
      ),
    async getThreadRows(folderId, keys) {
      return (await getThreadRecords(db, folderId, keys)).map(toThreadRow);
    },
    async openThread(folderId, key) {
      const byId = byIdMap(await listMailboxes(db));
      const all = await listThreadEmails(db, key, null);
      const rows = shown(
        all.filter((r) => r.mailboxId === folderId || !isAside(byId, r.mailboxId)),
        folderId,
      );
      if (rows.length === 0) return { key, rows: [], firstUnreadId: null };
      const summary = summarizeThread(
        rows.map((r) => ({
          id: r.id,
          seen: r.seen,
          date: threadDateOf(r),
          from: r.from,
          subject: r.subject,
        })),
      );
      const byEmail = new Map(rows.map((r) => [r.id, r]));
      const opened: OpenedThread = {
        key,
        rows: summary.ids.map((id) => toMessageRow(byEmail.get(id) as EmailRecord)),
        firstUnreadId: summary.firstUnreadId,
      };
      return opened;
    },
    async setThreadSeen(folderId, key, seen) {
      const rows = await listThreadEmails(db, key, folderId);
      const ids = rows.filter((r) => (r.seen === 1) !== seen).map((r) => r.id);
      if (ids.length > 0) await putKeyword(db, ids, '$seen', seen);
    },
    threadMessageIds: (folderId, keys) => threadEmailIds(db, folderId, keys),
    observeThreadingStatus: () => observeQuery(() => getBackfillStatus(db)),
    ensureThreaded,
  };
}
