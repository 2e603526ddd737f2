// SEARCH-4: searches kept as smart folders, and a cheap signal of new mail for the
// search index (how many messages and bodies there are).
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

/** Changes when messages or their bytes arrive (or go): the index looks for work then. */
export function observeMailVolume(db: BuzonDb): Subscribable<string> {
  return observeQuery(async () => `${await db.emails.count()}/${await db.bodies.count()}`);
}
