// Per-folder counters (FOLDER-5). Why maintained counters rather than index counts: the
// tree shows every folder's unread count and re-renders on every change; counting a
// 100,000-key index range walks every key (IndexedDB has no O(1) range count), while a
// counter is one row read. Every email write in repos/emails.ts collects its deltas here
// and applies them in the SAME transaction, so counters cannot drift from the rows.
// recountMailboxes() rebuilds them from the indexes (tests use it to prove the invariant).
import type { BuzonDb } from './db.js';
import type { EmailRecord } from './records.js';

export class CountDeltas {
  private readonly deltas = new Map<string, { total: number; unread: number }>();

  add(mailboxId: string, total: number, unread: number): void {
    const d = this.deltas.get(mailboxId) ?? { total: 0, unread: 0 };
    d.total += total;
    d.unread += unread;
    this.deltas.set(mailboxId, d);
  }

  /** Counts a row arriving in (sign 1) or leaving (sign -1) its folder. */
  row(e: Pick<EmailRecord, 'mailboxId' | 'seen'>, sign: 1 | -1): void {
    this.add(e.mailboxId, sign, e.seen === 0 ? sign : 0);
  }

  /** Must run inside the caller's transaction (which includes `mailboxes`). */
  async apply(db: BuzonDb): Promise<void> {
    for (const [id, d] of this.deltas) {
      if (d.total === 0 && d.unread === 0) continue;
      const mb = await db.mailboxes.get(id);
      if (!mb) continue;
      await db.mailboxes.put({
        ...mb,
        total: Math.max(0, mb.total + d.total),
        unread: Math.max(0, mb.unread + d.unread),
      });
    }
  }
}

/** Rebuilds every folder's counters from the indexes. */
export async function recountMailboxes(db: BuzonDb): Promise<void> {
  await db.transaction('rw', db.mailboxes, db.emails, async () => {
    const all = await db.mailboxes.toArray();
    for (const mb of all) {
      const total = await db.emails
        .where('[mailboxId+receivedAt]')
        .between([mb.id, -Infinity], [mb.id, Infinity])
        .count();
      const unread = await db.emails
        .where('[mailboxId+seen+receivedAt]')
        .between([mb.id, 0, -Infinity], [mb.id, 0, Infinity])
        .count();
      if (total !== mb.total || unread !== mb.unread) {
        await db.mailboxes.put({ ...mb, total, unread });
      }
    }
  });
}
