// SEARCH-4: searches kept as smart folders, and a cheap signal of new mail for the
// search index (the folders' totals and the bytes still to download).
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import { observeQuery } from '../live.js';
import type { SavedSearchRecord } from '../records.js';

export function observeSavedSearches(db: BuzonDb): Subscribable<SavedSearchRecord[]> {
  return observeQuery(() => db.savedSearches.orderBy('id').toArray());
}

export async function putSavedSearch(db: BuzonDb, record: SavedSearchRecord): Promise<void> {
  await storeCall(() => db.savedSearches.put(record));
}

export async function deleteSavedSearch(db: BuzonDb, id: string): Promise<void> {
  await storeCall(() => db.savedSearches.delete(id));
}

/**
 * Changes when messages arrive or go or move between folders (the folders' totals), or when
 * bytes still to download arrive (the body queue shrinks): the index looks for work and
 * refreshes where each message is. Counting `emails` and `bodies` instead cost IndexedDB
 * ~0.4 s and ~1 s at 100k messages on every change, and at start held up the search
 * worker's own open by as long (ADR 0024, session 8).
 */
export function observeMailVolume(db: BuzonDb): Subscribable<string> {
  return observeQuery(() => readMailVolume(db));
}

/** The same signal, read once (the search worker, as a look for work begins). */
export async function mailVolume(db: BuzonDb): Promise<string> {
  return storeCall(() => readMailVolume(db));
}

async function readMailVolume(db: BuzonDb): Promise<string> {
  const [waiting, boxes] = await Promise.all([db.bodyQueue.count(), db.mailboxes.toArray()]);
  return `${waiting}/${boxes.map((b) => `${b.id}:${b.total}`).join(',')}`;
}
