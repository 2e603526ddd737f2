// Threading new messages against the stored ones (THREAD-1): mail/threading/keys.ts's
// `incrementalThread` over a look-up answered from Dexie indexes. A whole batch (an import
// transaction, a sync batch, a backfill step) is threaded at once: the rows its look-ups can
// touch are read first, in parallel index reads, then the batch is threaded in memory
// message by message (each one visible to the next), so a batch costs a few reads per
// message instead of a few awaited round trips per message. Runs inside the caller's
// read-write transaction over emails and threads.
import Dexie from 'dexie';
import { incrementalThread } from '../../mail/threading/keys.js';
import type { StoredHolder, SubjectQuery, ThreadLookup } from '../../mail/threading/keys.js';
import { SUBJECT_MERGE_WINDOW_MS, subjectLink, threadLinks } from '../../mail/threading/links.js';
import type { ThreadInput } from '../../mail/threading/types.js';
import type { BuzonDb } from '../db.js';
import type { EmailRecord } from '../records.js';
import { setThreadFields, toThreadInput } from './thread-records.js';

interface Known {
  key: string;
  subject: string;
  date: number;
}

interface SubjectEntry {
  id: string;
  date: number;
  orphan: boolean;
}

/** Stored rows read up front plus the batch as it is threaded; keys resolve through merges. */
class BatchLookup implements ThreadLookup {
  readonly #known = new Map<string, Known>();
  readonly #bySelf = new Map<string, Set<string>>();
  readonly #byLink = new Map<string, Set<string>>();
  readonly #bySubject = new Map<string, SubjectEntry[]>();
  /** Merged key → the key it was merged into (possibly merged again later). */
  readonly merged = new Map<string, string>();

  know(e: EmailRecord): void {
    if (e.threadKey === undefined || this.#known.has(e.id)) return;
    this.record(
      e.id,
      e.threadKey,
      e.threadSelf ?? '',
      e.threadLinks ?? [],
      e.subject,
      e.threadDate ?? 0,
    );
    if (e.threadBase !== undefined) {
      this.#subject(e.threadBase, {
        id: e.id,
        date: e.threadDate ?? 0,
        orphan: e.threadOrphan === 1,
      });
    }
  }

  record(
    id: string,
    key: string,
    self: string,
    links: readonly string[],
    subject: string,
    date: number,
  ): void {
    this.#known.set(id, { key, subject, date });
    add(this.#bySelf, self, id);
    for (const l of links) add(this.#byLink, l, id);
  }

  addSubject(base: string, entry: SubjectEntry): void {
    this.#subject(base, entry);
  }

  resolve(key: string): string {
    let k = key;
    for (let next = this.merged.get(k); next !== undefined; next = this.merged.get(k)) k = next;
    return k;
  }

  holders(node: string): readonly StoredHolder[] {
    return [...(this.#bySelf.get(node) ?? [])].map((id) => {
      const k = this.#known.get(id) as Known;
      return { key: this.resolve(k.key), subject: k.subject, date: k.date };
    });
  }

  keysLinkingTo(node: string): readonly string[] {
    return [...(this.#byLink.get(node) ?? [])].map((id) => this.#keyOf(id));
  }

  keysBySubject(q: SubjectQuery): readonly string[] {
    const out: string[] = [];
    for (const e of this.#bySubject.get(q.base) ?? []) {
      if (e.date < q.from || e.date > q.to || (q.orphansOnly && !e.orphan)) continue;
      out.push(this.#keyOf(e.id));
    }
    return out;
  }

  #keyOf(id: string): string {
    return this.resolve((this.#known.get(id) as Known).key);
  }

  #subject(base: string, entry: SubjectEntry): void {
    const list = this.#bySubject.get(base);
    if (list) list.push(entry);
    else this.#bySubject.set(base, [entry]);
  }
}

function add(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

/** Reads every stored row the batch's look-ups can ask about. */
async function prefetch(db: BuzonDb, inputs: readonly ThreadInput[], lookup: BatchLookup) {
  const nodes = new Set<string>();
  const dates = new Map<string, { min: number; max: number }>();
  for (const input of inputs) {
    const links = threadLinks(input);
    if (input.messageId !== '') nodes.add(input.messageId);
    for (const l of links) nodes.add(l);
    const subject = subjectLink(input, links);
    if (!subject) continue;
    const d = dates.get(subject.base);
    if (d) {
      d.min = Math.min(d.min, input.date);
      d.max = Math.max(d.max, input.date);
    } else dates.set(subject.base, { min: input.date, max: input.date });
  }
  const ids = [...nodes];
  // One point read per id (holders and linkers at once), issued together: measured faster
  // than anyOf's cursor walk (see knownHashes in emails.ts).
  const reads: Promise<EmailRecord[]>[] = [
    ...ids.map((n) => db.emails.where('threadNodes').equals(n).toArray()),
    ...[...dates].map(([base, d]) =>
      db.emails
        .where('[threadBase+threadDate]')
        .between(
          [base, d.min - SUBJECT_MERGE_WINDOW_MS],
          [base, d.max + SUBJECT_MERGE_WINDOW_MS],
          true,
          true,
        )
        .toArray(),
    ),
  ];
  for (const rows of await Promise.all(reads)) for (const r of rows) lookup.know(r);
}

/**
 * Threads `rows` (messages not threaded yet; not necessarily stored) against the stored
 * mail and each other: sets their thread fields (final keys) and returns the stored keys
 * that merged, each with the key that survives. The caller writes the rows, then calls
 * `rekeyThreads` and adds the rows to their thread rows (thread-changes.ts).
 */
export async function planThreads(
  db: BuzonDb,
  rows: readonly EmailRecord[],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const inputs = rows.map(toThreadInput);
  const lookup = new BatchLookup();
  await prefetch(db, inputs, lookup);
  rows.forEach((row, i) => {
    const input = inputs[i] as ThreadInput;
    const result = incrementalThread(lookup, input);
    for (const old of result.merges) lookup.merged.set(old, result.key);
    setThreadFields(row, input, result);
    lookup.record(row.id, result.key, result.self, row.threadLinks ?? [], row.subject, input.date);
    if (row.threadBase !== undefined) {
      lookup.addSubject(row.threadBase, {
        id: row.id,
        date: input.date,
        orphan: row.threadOrphan === 1,
      });
    }
  });
  // Keys chosen early in the batch may have merged later in it.
  for (const row of rows) row.threadKey = lookup.resolve(row.threadKey as string);
  const merges = new Map<string, string>();
  for (const old of lookup.merged.keys()) merges.set(old, lookup.resolve(old));
  return merges;
}

/** Rewrites the threadKey of every stored message of a merged thread (emails only). */
export async function rekeyEmails(db: BuzonDb, merges: ReadonlyMap<string, string>): Promise<void> {
  await Promise.all(
    [...merges].map(([old, key]) =>
      db.emails
        .where('[threadKey+mailboxId]')
        .between([old, Dexie.minKey], [old, Dexie.maxKey])
        .modify({ threadKey: key }),
    ),
  );
}
