// Small reads the op runner needs: folder ids both ways and labels for notices.
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import type { MailboxRecord, OpRecord } from '../records.js';

export function listMailboxRecords(db: BuzonDb): Promise<MailboxRecord[]> {
  return storeCall(() => db.mailboxes.toArray());
}

/** Subjects of these messages (for notices), "" when gone. */
export async function subjectsOf(
  db: BuzonDb,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const rows = await storeCall(() => db.emails.bulkGet([...ids]));
  return new Map(ids.map((id, i) => [id, rows[i]?.subject ?? '']));
}

/** Removes a folder the server refused to create, when nothing is left in it. */
export async function deleteFolderIfEmpty(db: BuzonDb, id: string): Promise<boolean> {
  return storeCall(() =>
    db.transaction('rw', db.mailboxes, db.emails, async () => {
      const mb = await db.mailboxes.get(id);
      if (!mb || mb.serverId || mb.role !== null) return false;
      const one = await db.emails
        .where('[mailboxId+receivedAt]')
        .between([id, -Infinity], [id, Infinity])
        .limit(1)
        .count();
      const child = (await db.mailboxes.toArray()).some((m) => m.parentId === id);
      if (one > 0 || child) return false;
      await db.mailboxes.delete(id);
      return true;
    }),
  );
}

/** Pending moves into a folder (when the server refuses the folder, they cannot happen). */
export function opsMovingInto(db: BuzonDb, folderId: string): Promise<OpRecord[]> {
  return storeCall(() =>
    db.ops.filter((r) => r.op.kind === 'email-move' && r.op.to === folderId).toArray(),
  );
}
