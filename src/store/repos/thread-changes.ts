// Keeps the per-folder thread rows (THREAD-1) in step with the messages, like CountDeltas
// keeps the folder counters: every email write records what it did here and applies it in
// the SAME transaction (which must include `threads`), after writing the messages. Adding
// a message combines its one-message row in; a read/flag change adjusts counters; a
// removal decrements, and re-reads the thread's messages in that folder only when the
// removed message was the newest, the oldest or a sender's first (the row's shape).
import Dexie from 'dexie';
import type { BuzonDb } from '../db.js';
import type { EmailRecord, ThreadRecord } from '../records.js';
import { combineRows, messageRow, rowOf, shapesRow, threadDateOf } from './thread-records.js';

interface Pending {
  mailboxId: string;
  threadKey: string;
  added: ThreadRecord | null;
  count: number;
  unread: number;
  flagged: number;
  attachments: number;
  removed: Set<string>;
  recompute: boolean;
}

const SEP = '\u0000';

/** Whether a change of these fields moves the message within its row's shape. */
function reshapes(prev: EmailRecord, next: EmailRecord): boolean {
  return (
    prev.receivedAt !== next.receivedAt ||
    threadDateOf(prev) !== threadDateOf(next) ||
    prev.subject !== next.subject ||
    (prev.from[0]?.address ?? '') !== (next.from[0]?.address ?? '') ||
    (prev.from[0]?.name ?? '') !== (next.from[0]?.name ?? '')
  );
}

export class ThreadChanges {
  readonly #pending = new Map<string, Pending>();
  /** Keys merged in this transaction (old → surviving), set by `merge`. */
  #merges: ReadonlyMap<string, string> = new Map();

  /** A message written with thread fields (new, or arriving in a folder). */
  add(e: EmailRecord): void {
    if (e.threadKey === undefined) return;
    const p = this.#at(e.mailboxId, e.threadKey);
    const row = messageRow(e);
    p.added = p.added ? combineRows(p.added, row) : row;
  }

  /** A message deleted, or leaving a folder. */
  remove(e: EmailRecord): void {
    if (e.threadKey === undefined) return;
    const p = this.#at(e.mailboxId, e.threadKey);
    p.count -= 1;
    if (e.seen === 0) p.unread -= 1;
    if (e.keywords.$flagged) p.flagged -= 1;
    if (e.hasAttachment) p.attachments -= 1;
    p.removed.add(e.id);
  }

  /** A message rewritten: folder, keywords or fields parsed from its body may differ. */
  change(prev: EmailRecord, next: EmailRecord): void {
    if (prev.threadKey === undefined || next.threadKey === undefined) {
      this.add(next);
      return;
    }
    if (
      prev.mailboxId !== next.mailboxId ||
      prev.threadKey !== next.threadKey ||
      prev.id !== next.id ||
      reshapes(prev, next)
    ) {
      this.remove(prev);
      this.add(next);
      return;
    }
    const p = this.#at(next.mailboxId, next.threadKey);
    p.unread += (next.seen === 0 ? 1 : 0) - (prev.seen === 0 ? 1 : 0);
    p.flagged += (next.keywords.$flagged ? 1 : 0) - (prev.keywords.$flagged ? 1 : 0);
    p.attachments += (next.hasAttachment ? 1 : 0) - (prev.hasAttachment ? 1 : 0);
  }

  /**
   * Merges stored threads (planThreads' result): their rows in every folder join the
   * surviving key's row. Call after rekeyEmails and before apply().
   */
  async merge(db: BuzonDb, merges: ReadonlyMap<string, string>): Promise<void> {
    this.#merges = merges;
    if (merges.size === 0) return;
    const entries = [...merges];
    const found = await Promise.all(
      entries.map(([old]) => db.threads.where('threadKey').equals(old).toArray()),
    );
    const moved = found.flatMap((rows, i) =>
      rows.map((r) => ({ ...r, threadKey: (entries[i] as [string, string])[1] })),
    );
    const targets = uniquePairs(moved);
    const stored = await db.threads.bulkGet(targets);
    const acc = new Map<string, ThreadRecord>();
    targets.forEach(([mb, key], i) => {
      const row = stored[i];
      if (row) acc.set(mb + SEP + key, row);
    });
    for (const row of moved) {
      const id = row.mailboxId + SEP + row.threadKey;
      const there = acc.get(id);
      acc.set(id, there ? combineRows(there, row) : row);
    }
    await db.threads.bulkDelete(
      found.flatMap((rows) => rows.map((r): [string, string] => [r.mailboxId, r.threadKey])),
    );
    await db.threads.bulkPut([...acc.values()]);
  }

  /** Writes the rows. Must run inside the caller's transaction, after the email writes. */
  async apply(db: BuzonDb): Promise<void> {
    const list = this.#resolved();
    if (list.length === 0) return;
    const stored = await db.threads.bulkGet(
      list.map((p): [string, string] => [p.mailboxId, p.threadKey]),
    );
    const rows = await Promise.all(
      list.map(async (p, i) => {
        const before = stored[i];
        if (p.recompute || (before && [...p.removed].some((id) => shapesRow(before, id)))) {
          return recomputeRow(db, p.mailboxId, p.threadKey);
        }
        let row = withCounters(before, p);
        if (p.added) row = row ? combineRows(row, p.added) : p.added;
        // Counters that disagree with the rows (never expected): trust the rows.
        if (row && row.count <= 0) return recomputeRow(db, p.mailboxId, p.threadKey);
        return row;
      }),
    );
    const puts: ThreadRecord[] = [];
    const gone: [string, string][] = [];
    list.forEach((p, i) => {
      const row = rows[i];
      if (row) puts.push(row);
      else if (stored[i]) gone.push([p.mailboxId, p.threadKey]);
    });
    await db.threads.bulkPut(puts);
    await db.threads.bulkDelete(gone);
  }

  #at(mailboxId: string, threadKey: string): Pending {
    const id = mailboxId + SEP + threadKey;
    let p = this.#pending.get(id);
    if (!p) {
      p = {
        mailboxId,
        threadKey,
        added: null,
        count: 0,
        unread: 0,
        flagged: 0,
        attachments: 0,
        removed: new Set(),
        recompute: false,
      };
      this.#pending.set(id, p);
    }
    return p;
  }

  /** Pending entries under their surviving keys; two that meet are re-read whole. */
  #resolved(): Pending[] {
    const out = new Map<string, Pending>();
    for (const p of this.#pending.values()) {
      let key = p.threadKey;
      for (let next = this.#merges.get(key); next !== undefined; next = this.#merges.get(key)) {
        key = next;
      }
      const id = p.mailboxId + SEP + key;
      const there = out.get(id);
      if (there) there.recompute = true;
      else out.set(id, { ...p, threadKey: key, added: p.added && { ...p.added, threadKey: key } });
    }
    return [...out.values()];
  }
}

function uniquePairs(rows: readonly ThreadRecord[]): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const r of rows) seen.set(r.mailboxId + SEP + r.threadKey, [r.mailboxId, r.threadKey]);
  return [...seen.values()];
}

function withCounters(stored: ThreadRecord | undefined, p: Pending): ThreadRecord | null {
  if (!stored) return null;
  const unread = stored.unread + p.unread;
  return {
    ...stored,
    count: stored.count + p.count,
    unread,
    hasUnread: unread > 0 ? 1 : 0,
    flagged: stored.flagged + p.flagged,
    attachments: stored.attachments + p.attachments,
  };
}

/** The row rebuilt from the thread's messages in the folder (null when none are left). */
export async function recomputeRow(
  db: BuzonDb,
  mailboxId: string,
  threadKey: string,
): Promise<ThreadRecord | null> {
  const rows = await db.emails
    .where('[threadKey+mailboxId]')
    .equals([threadKey, mailboxId])
    .toArray();
  return rowOf(rows);
}

/** Every thread row of these folders goes (the folders and their messages are deleted). */
export async function dropFolderThreads(db: BuzonDb, mailboxIds: Iterable<string>): Promise<void> {
  for (const id of mailboxIds) {
    await db.threads
      .where('[mailboxId+latestAt]')
      .between([id, Dexie.minKey], [id, Dexie.maxKey])
      .delete();
  }
}
