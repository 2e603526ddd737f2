// The sorted, filtered id list of a folder (VIEW-1, VIEW-3) read from compound indexes as
// primary keys only: a 100,000-message folder is ordered without loading one row.
import Dexie, { type Collection } from 'dexie';
import type { BuzonDb } from '../db.js';
import { DbClosedError, storeCall } from '../errors.js';
import type { EmailRecord } from '../records.js';
import { SORT_KEY_INDEX, isKeyedSort } from '../sort-keys.js';

export type EmailSort = 'date' | 'read' | 'subject' | 'from' | 'size';

export interface EmailQuery {
  mailboxId: string;
  sort: EmailSort;
  descending: boolean;
  unreadOnly: boolean;
}

type EmailCollection = Collection<EmailRecord, string>;

/** One index range of a view, read in one direction. */
export interface Segment {
  index: string;
  lower: unknown[];
  upper: unknown[];
  reverse: boolean;
}

function spec(index: string, prefix: readonly (string | number)[], parts: number): Segment {
  const pad = parts - prefix.length;
  // -Infinity sorts below every key and an array above every non-array key. A fresh []
  // per slot: IndexedDB rejects a key that holds the same array object twice (DataError).
  const lower = [...prefix, ...Array.from({ length: pad }, () => -Infinity)];
  const upper = [...prefix, ...Array.from({ length: pad }, (): unknown[] => [])];
  return { index, lower, upper, reverse: false };
}

export function collectionOf(db: BuzonDb, s: Segment): EmailCollection {
  const c = db.emails.where(s.index).between(s.lower, s.upper, true, true);
  return s.reverse ? c.reverse() : c;
}

const bySeen = (mailboxId: string, seen: 0 | 1): Segment =>
  spec('[mailboxId+seen+receivedAt]', [mailboxId, seen], 3);

/** Every message of the folder: each row has a folder and a date, so each is here. */
const byDate = (mailboxId: string): Segment => spec('[mailboxId+receivedAt]', [mailboxId], 2);

function bySortField(q: EmailQuery): Segment {
  if (isKeyedSort(q.sort)) {
    const index = SORT_KEY_INDEX[q.sort];
    return spec(index, [q.mailboxId], index === SORT_KEY_INDEX.size ? 2 : 3);
  }
  return byDate(q.mailboxId);
}

/** The folder's whole range of a keyed sort's index (the rows that have that key). */
export function sortKeyRange(mailboxId: string, sort: 'subject' | 'from' | 'size'): Segment {
  return bySortField({ mailboxId, sort, descending: false, unreadOnly: false });
}

/** The folder's whole date range: all its messages. */
export const folderRange = byDate;

const ordered = (s: Segment, descending: boolean): Segment => ({ ...s, reverse: descending });

/**
 * The index ranges whose concatenation is the view, in order. Sorting by read state
 * shows one group then the other (ascending: unread first), each newest first, which is
 * what a user sorting by "read" wants to see.
 */
function segmentSpecs(q: EmailQuery): Segment[] {
  if (q.sort === 'read') {
    if (q.unreadOnly) return [ordered(bySeen(q.mailboxId, 0), true)];
    const groups = [ordered(bySeen(q.mailboxId, 0), true), ordered(bySeen(q.mailboxId, 1), true)];
    return q.descending ? groups.reverse() : groups;
  }
  if (q.sort === 'date' && q.unreadOnly) return [ordered(bySeen(q.mailboxId, 0), q.descending)];
  return [ordered(bySortField(q), q.descending)];
}

function segments(db: BuzonDb, q: EmailQuery): EmailCollection[] {
  return segmentSpecs(q).map((s) => collectionOf(db, s));
}

/** True when the view is not one index range (unread only, sorted by something else). */
function needsUnreadFilter(q: EmailQuery): boolean {
  return q.unreadOnly && q.sort !== 'date' && q.sort !== 'read';
}

interface KeyReader {
  keys(s: Segment): Promise<string[]>;
  count(s: Segment): Promise<number>;
}

const dexieKeys = (db: BuzonDb): KeyReader => ({
  keys: (s) => collectionOf(db, s).primaryKeys(),
  count: (s) => collectionOf(db, s).count(),
});

/**
 * The primary keys of a range read from IndexedDB itself, in one request, out of Dexie's
 * sight: a live query reading them through Dexie is re-run when any of them changes, and
 * Dexie keeps each returned key in a balanced tree to know that — 10,000 inserts per re-run
 * for a 10k folder, re-run at every commit of a sync or an import (ADR 0007).
 */
function untrackedKeys(db: BuzonDb): KeyReader['keys'] {
  return (s) =>
    new Promise((resolve, reject) => {
      const idb = db.backendDB();
      if (!idb) return reject(new DbClosedError());
      const req = idb
        .transaction('emails', 'readonly')
        .objectStore('emails')
        .index(s.index)
        .getAllKeys(db.keyRange.bound(s.lower, s.upper));
      req.onsuccess = () => {
        const keys = req.result as string[];
        resolve(s.reverse ? keys.reverse() : keys);
      };
      req.onerror = () => reject(req.error ?? new DbClosedError());
    });
}

/** A view's ids, and how many of its folder's messages its sort cannot place yet. */
export interface EmailView {
  ids: string[];
  /**
   * Messages of the folder without the sort's key (ADR 0036). While any lacks it, `ids`
   * is the folder in date order, newest first, so every message is still listed.
   */
  unsorted: number;
}

/** The ids of a view whose index holds every row it needs. */
async function sortedIds(q: EmailQuery, read: KeyReader): Promise<string[]> {
  const parts = await Promise.all(segmentSpecs(q).map((s) => read.keys(s)));
  const ids = parts.flat();
  if (!needsUnreadFilter(q)) return ids;
  // Unread-only in subject/sender/size order: intersect two key-only reads.
  const unread = new Set(await read.keys(bySeen(q.mailboxId, 0)));
  return ids.filter((id) => unread.has(id));
}

/** The date view that stands in while a keyed sort's keys are being written. */
const dateView = (q: EmailQuery): EmailQuery => ({ ...q, sort: 'date', descending: true });

/** How many of the folder's messages a keyed sort's index does not hold (ADR 0036). */
async function unsortedCount(q: EmailQuery, read: KeyReader): Promise<number> {
  if (!isKeyedSort(q.sort)) return 0;
  const [keyed, all] = await Promise.all([
    read.count(bySortField(q)),
    read.count(byDate(q.mailboxId)),
  ]);
  return Math.max(0, all - keyed);
}

async function viewOf(q: EmailQuery, read: KeyReader): Promise<EmailView> {
  const unsorted = await unsortedCount(q, read);
  return { ids: await sortedIds(unsorted > 0 ? dateView(q) : q, read), unsorted };
}

/** How many messages of the view's folder its sort cannot place yet (live-query safe). */
export function countUnsorted(db: BuzonDb, q: EmailQuery): Promise<number> {
  return storeCall(() => unsortedCount(q, dexieKeys(db)));
}

/**
 * The view, for a live query (`observeQuery`). What it depends on is read through Dexie,
 * cheaply: the folder's row, whose counters change with every message added to, deleted
 * from or moved out of the folder and every change of read state (written in the same
 * transaction, ADR 0004), and the view's index ranges (one key each), so a row whose sort
 * key changes wakes it too. The ids themselves are read untracked.
 */
export function liveEmailView(db: BuzonDb, q: EmailQuery): Promise<EmailView> {
  return storeCall(async () => {
    await Promise.all([
      db.mailboxes.get(q.mailboxId),
      ...segments(db, q).map((c) => c.limit(1).primaryKeys()),
      ...(needsUnreadFilter(q)
        ? [collectionOf(db, bySeen(q.mailboxId, 0)).limit(1).primaryKeys()]
        : []),
    ]);
    // Counts through Dexie: a count watches its whole range, so the keys a fill writes
    // (repos/sort-keys.ts) wake the view; ids untracked, as above.
    return viewOf(q, { keys: untrackedKeys(db), count: dexieKeys(db).count });
  });
}

/** All ids of the view, in order (date order while its sort keys are being written). */
export function listEmailIds(db: BuzonDb, q: EmailQuery): Promise<string[]> {
  return storeCall(async () => (await viewOf(q, dexieKeys(db))).ids);
}

/** The first `limit` rows of the view, for first paint before the id list is known. */
export function listFirstEmails(db: BuzonDb, q: EmailQuery, limit: number): Promise<EmailRecord[]> {
  return storeCall(async () => {
    const view = (await unsortedCount(q, dexieKeys(db))) > 0 ? dateView(q) : q;
    const segs = segments(db, view);
    if (needsUnreadFilter(view)) {
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
