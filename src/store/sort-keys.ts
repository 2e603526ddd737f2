// VIEW-3's sort keys on a message row (ADR 0036). A folder sorted by subject, sender or
// size is read from an index over a key derived from the row; a row without that key is
// simply not in the index. So the keys are optional, under one rule: a key on a row is
// right for the row's subject, first sender and size. A bootstrap writes rows without
// them (three index entries per message that most folders never read); the first sort of
// a folder that needs them fills them in (repos/sort-keys.ts), and every other writer
// writes them with the row.
import { subjectSortKey, textSortKey } from '../mail/folding.js';
import type { EmailRecord } from './records.js';

export type KeyedSort = 'subject' | 'from' | 'size';

/** The index each keyed sort reads; every one starts with the folder. */
export const SORT_KEY_INDEX: Readonly<Record<KeyedSort, string>> = {
  subject: '[mailboxId+sortSubject+receivedAt]',
  from: '[mailboxId+sortFrom+receivedAt]',
  size: '[mailboxId+sortSize]',
};

export const isKeyedSort = (sort: string): sort is KeyedSort => sort in SORT_KEY_INDEX;

type SortKeys = Required<Pick<EmailRecord, 'sortSubject' | 'sortFrom' | 'sortSize'>>;

type Keyable = Pick<EmailRecord, 'subject' | 'from' | 'size'>;

/** The keys a row's subject, first sender and size give. */
export function sortKeysOf(row: Keyable): SortKeys {
  const first = row.from[0];
  return {
    sortSubject: subjectSortKey(row.subject),
    sortFrom: textSortKey(first ? first.name || first.address : ''),
    sortSize: row.size,
  };
}

/** The row with all its sort keys (a copy). */
export function withSortKeys<T extends EmailRecord>(row: T): T {
  return { ...row, ...sortKeysOf(row) };
}

/** True when the row has every key and each is right. */
export function hasSortKeys(row: EmailRecord): boolean {
  const k = sortKeysOf(row);
  return (
    row.sortSubject === k.sortSubject && row.sortFrom === k.sortFrom && row.sortSize === k.sortSize
  );
}

/**
 * For a writer that changes a row's subject, sender or size (a body downloaded, a message
 * rewritten): a row that had keys gets them right again; a row without keys stays without.
 */
export function keepSortKeys<T extends EmailRecord>(row: T): T {
  const keyed =
    row.sortSubject !== undefined || row.sortFrom !== undefined || row.sortSize !== undefined;
  return keyed ? withSortKeys(row) : row;
}
