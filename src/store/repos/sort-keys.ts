// ADR 0036: the sort keys of a folder's messages, written when a sort first needs them. A
// bootstrap stores rows without them; the message service runs these steps while a folder
// is shown sorted by subject, sender or size and some of its rows lack their key.
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { EmailRecord } from '../records.js';
import { SORT_KEY_INDEX, hasSortKeys, withSortKeys, type KeyedSort } from '../sort-keys.js';
import { collectionOf, folderRange, sortKeyRange } from './email-query.js';

const KEYED_SORTS = Object.keys(SORT_KEY_INDEX) as KeyedSort[];

/**
 * Writes the sort keys of up to `batchSize` messages of the folder that lack one, in one
 * transaction (all three keys at once: the row is rewritten anyway, and the next sort the
 * user tries is then ready too). Resolves with how many still lack one. Several tabs may
 * run it at once: a row is read and written in the same transaction, so none is lost.
 */
export function fillSortKeysStep(
  db: BuzonDb,
  mailboxId: string,
  batchSize: number,
): Promise<number> {
  return storeCall(() =>
    db.transaction('rw', db.emails, async () => {
      const [all, ...keyed] = await Promise.all([
        collectionOf(db, folderRange(mailboxId)).primaryKeys(),
        ...KEYED_SORTS.map((sort) => collectionOf(db, sortKeyRange(mailboxId, sort)).primaryKeys()),
      ]);
      const complete = keyed.map((ids) => new Set(ids));
      const missing = all.filter((id) => complete.some((ids) => !ids.has(id)));
      if (missing.length === 0) return 0;
      const batch = missing.slice(0, batchSize);
      const rows = (await db.emails.bulkGet(batch)).filter(
        (e): e is EmailRecord => e !== undefined && !hasSortKeys(e),
      );
      await db.emails.bulkPut(rows.map(withSortKeys));
      return missing.length - batch.length;
    }),
  );
}
