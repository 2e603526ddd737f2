// The sorted, filtered id list of a folder (VIEW-1, VIEW-3) read from compound indexes as
// primary keys only: a 100,000-message folder is ordered without loading one row.
import Dexie, { type Collection } from 'dexie';
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { EmailRecord } from '../records.js';

export type EmailSort = 'date' | 'read' | 'subject' | 'from' | 'size';

export interface EmailQuery {
  mailboxId: string;
  sort: EmailSort;
  descending: boolean;
  unreadOnly: boolean;
}

type EmailCollection = Collection<EmailRecord, string>;

function range(
  db: BuzonDb,
  index: string,
  prefix: readonly (string | number)[],
  parts: number,
): EmailCollection {
  const pad = parts - prefix.length;
  // -Infinity sorts below every key and an array above every non-array key. A fresh []
  // per slot: IndexedDB rejects a key that holds the same array object twice (DataError).
  const lower = [...prefix, ...Array.from({ length: pad }, () => -Infinity)];
  const upper = [...prefix, ...Array.from({ length: pad }, (): unknown[] => [])];
  return db.emails.where(index).between(lower, upper, true, true);
}

function byDate(db: BuzonDb, mailboxId: string): EmailCollection {
  return range(db, '[mailboxId+receivedAt]', [mailboxId], 2);
}

function bySeen(db: BuzonDb, mailboxId: string, seen: 0 | 1): EmailCollection {
  return range(db, '[mailboxId+seen+receivedAt]', [mailboxId, seen], 3);
}

function bySortField(db: BuzonDb, q: EmailQuery): EmailCollection {
  switch (q.sort) {
    case 'subject':
      return range(db, '[mailboxId+sortSubject+receivedAt]', [q.mailboxId], 3);
    case 'from':
      return range(db, '[mailboxId+sortFrom+receivedAt]', [q.mailboxId], 3);
    case 'size':
      return range(db, '[mailboxId+size]', [q.mailboxId], 2);
    default:
      return byDate(db, q.mailboxId);
  }
}

function ordered(c: EmailCollection, descending: boolean): EmailCollection {
  return descending ? c.reverse() : c;
}

/**
 * The collections whose concatenation is the view, in order. Sorting by read state
 * shows one group then the other (ascending: unread first), each newest first, which is
 * what a user sorting by "read" wants to see.
 */
function segments(db: BuzonDb, q: EmailQuery): EmailCollection[] {
  if (q.sort === 'read') {
    if (q.unreadOnly) return [bySeen(db, q.mailboxId, 0).reverse()];
    const groups = [bySeen(db, q.mailboxId, 0).reverse(), bySeen(db, q.mailboxId, 1).reverse()];
    return q.descending ? groups.reverse() : groups;
  }
  if (q.sort === 'date' && q.unreadOnly) return [ordered(bySeen(db, q.mailboxId, 0), q.descending)];
  return [ordered(bySortField(db, q), q.descending)];
}

/** True when the view is not one index range (unread only, sorted by something else). */
function needsUnreadFilter(q: EmailQuery): boolean {
  return q.unreadOnly && q.sort !== 'date' && q.sort !== 'read';
}

async function unreadIds(db: BuzonDb, mailboxId: string): Promise<Set<string>> {
  return new Set(await bySeen(db, mailboxId, 0).primaryKeys());
}

async function viewIds(db: BuzonDb, q: EmailQuery): Promise<string[]> {
  const parts = await Promise.all(segments(db, q).map((c) => c.primaryKeys()));
  const ids = parts.flat();
  if (!needsUnreadFilter(q)) return ids;
  // Unread-only in subject/sender/size order: intersect two key-only reads.
  const unread = await unreadIds(db, q.mailboxId);
  return ids.filter((id) => unread.has(id));
}

/** All ids of the view, in order. */
export function listEmailIds(db: BuzonDb, q: EmailQuery): Promise<string[]> {
  return storeCall(() => viewIds(db, q));
}

/** The first `limit` rows of the view, for first paint before the id list is known. */
export function listFirstEmails(db: BuzonDb, q: EmailQuery, limit: number): Promise<EmailRecord[]> {
  return storeCall(async () => {
    const segs = segments(db, q);
    if (needsUnreadFilter(q)) {
      const c = segs[0];
      if (!c) return [];
      return c
        .filter((e) => e.seen === 0)
        .limit(limit)
        .toArray();
    }
    const rows: EmailRecord[] = [];
    for (const c of segs) {
      if (rows.length >= limit) break;
      rows.push(...(await c.limit(limit - rows.length).toArray()));
    }
    return rows;
  });
}

/** Ids of a folder, oldest first, optionally only those received before `before`. */
export function listEmailIdsInMailbox(
  db: BuzonDb,
  mailboxId: string,
  before?: number,
): Promise<string[]> {
  return storeCall(() => {
    const upper = before === undefined ? Dexie.maxKey : before;
    return db.emails
      .where('[mailboxId+receivedAt]')
      .between([mailboxId, Dexie.minKey], [mailboxId, upper], true, false)
      .primaryKeys();
  });
}
