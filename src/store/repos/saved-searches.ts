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

/**
 * Changes when messages or their bytes arrive or go, or move between folders (the folders'
 * totals): the index looks for work and refreshes where each message is.
 */
export function observeMailVolume(db: BuzonDb): Subscribable<string> {
  return observeQuery(async () => {
    const [emails, bodies, boxes] = await Promise.all([
      db.emails.count(),
      db.bodies.count(),
      db.mailboxes.toArray(),
    ]);
    return `${emails}/${bodies}/${boxes.map((b) => `${b.id}:${b.total}`).join(',')}`;
  });
}
