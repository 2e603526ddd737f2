// MessageService: sorted views (VIEW-1, VIEW-3), moves (FOLDER-6), delete and restore
// (DELETE-1) and flags, over store repos.
import type { BuzonDb } from '../store/db.js';
import { TRASH_ID, byIdMap, isInTrash } from '../store/folder-rules.js';
import { observeQuery } from '../store/live.js';
import {
  countUnsorted,
  listFirstEmails,
  liveEmailView,
  type EmailQuery,
} from '../store/repos/email-query.js';
import {
  deleteEmailsForever,
  getEmails,
  moveEmails,
  putKeyword,
  restoreEmails,
} from '../store/repos/emails.js';
import { listMailboxes } from '../store/repos/mailboxes.js';
import { renamedIds } from '../store/repos/renames.js';
import type { EmailRecord } from '../store/records.js';
import { toMessageRow } from './email-rows.js';
import type { Subscribable } from './observable.js';
import { SortKeyFiller } from './sort-key-filler.js';
import type { ListQuery, MessageRow, MessageService } from './types.js';

function toEmailQuery(q: ListQuery): EmailQuery {
  return {
    mailboxId: q.folderId,
    sort: q.sort,
    descending: q.descending,
    unreadOnly: q.unreadOnly,
  };
}

export async function rowsFor(db: BuzonDb, ids: readonly string[]): Promise<MessageRow[]> {
  const rows = await getEmails(db, ids);
  return rows.filter((e): e is EmailRecord => e !== undefined).map(toMessageRow);
}

/**
 * A view's ids, live. A view whose sort's keys some rows lack (ADR 0036) lists the folder
 * by date meanwhile, and has the filler write them while it is subscribed.
 */
function observeView(db: BuzonDb, filler: SortKeyFiller, q: EmailQuery): Subscribable<string[]> {
  const view = observeQuery(() => liveEmailView(db, q));
  return {
    subscribe(observer) {
      let release: (() => void) | undefined;
      const sub = view.subscribe({
        next: (v) => {
          observer.next(v.ids);
          if (v.unsorted === 0) return;
          release ??= filler.watch(q.mailboxId);
          filler.fill(q.mailboxId).catch((err: unknown) => observer.error?.(err));
        },
        error: (err) => observer.error?.(err),
      });
      return {
        unsubscribe() {
          release?.();
          sub.unsubscribe();
        },
      };
    },
  };
}

/**
 * How many of the folder's messages the view cannot place yet: counted, then told by the
 * filler after each batch (a count re-read meanwhile would wait behind the batches).
 */
function observeUnsorted(db: BuzonDb, filler: SortKeyFiller, q: EmailQuery): Subscribable<number> {
  const counted = observeQuery(() => countUnsorted(db, q));
  return {
    subscribe(observer) {
      const sub = counted.subscribe(observer);
      const stop = filler.onProgress(q.mailboxId, (n) => observer.next(n));
      return {
        unsubscribe() {
          stop();
          sub.unsubscribe();
        },
      };
    },
  };
}

export interface MessageServiceOptions {
  /** Messages whose sort keys one transaction writes (sort-key-filler.ts). */
  sortKeyBatchSize?: number;
  /** The pause between two such transactions. */
  sortKeyPauseMs?: number;
}

export function createMessageService(
  db: BuzonDb,
  now: () => number,
  opts: MessageServiceOptions = {},
): MessageService {
  const filler = new SortKeyFiller(db, opts.sortKeyBatchSize, opts.sortKeyPauseMs);
  return {
    observeMessageIds: (q) => observeView(db, filler, toEmailQuery(q)),
    observeUnsorted: (q) => observeUnsorted(db, filler, toEmailQuery(q)),
    async getFirstRows(q, limit) {
      return (await listFirstEmails(db, toEmailQuery(q), limit)).map(toMessageRow);
    },
    observeFirstRows: (q, limit) =>
      observeQuery(async () =>
        (await listFirstEmails(db, toEmailQuery(q), limit)).map(toMessageRow),
      ),
    getRows: (ids) => rowsFor(db, ids),
    observeRenamed: (ids) => observeQuery(() => renamedIds(db, ids)),
    moveMessages: (ids, folderId) => moveEmails(db, ids, folderId, now()),
    async deleteMessages(ids) {
      // Messages already in Trash go for good; the others go to Trash (DELETE-1).
      const byId = byIdMap(await listMailboxes(db));
      const rows = (await getEmails(db, ids)).filter((e): e is EmailRecord => e !== undefined);
      const forever = rows.filter((r) => isInTrash(byId, r.mailboxId)).map((r) => r.id);
      const toTrash = rows.filter((r) => !isInTrash(byId, r.mailboxId)).map((r) => r.id);
      if (forever.length > 0) await deleteEmailsForever(db, forever);
      if (toTrash.length > 0) await moveEmails(db, toTrash, TRASH_ID, now());
    },
    restoreMessages: (ids) => restoreEmails(db, ids),
    setSeen: (ids, seen) => putKeyword(db, ids, '$seen', seen),
    setFlagged: (ids, flagged) => putKeyword(db, ids, '$flagged', flagged),
  };
}
