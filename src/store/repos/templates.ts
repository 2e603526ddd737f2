// TEMPLATE-1: the messages in the Templates folder, as the template pickers list them.
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';

export interface TemplateRow {
  id: string;
  subject: string;
  preview: string;
}

/** The templates not in Trash, by subject. */
export async function listTemplateRows(db: BuzonDb): Promise<TemplateRow[]> {
  const rows = await storeCall(() =>
    db.emails
      .where('[mailboxId+receivedAt]')
      .between(['templates', -Infinity], ['templates', Infinity])
      .toArray(),
  );
  return rows
    .filter((r) => r.trashedAt === undefined)
    .map((r) => ({ id: r.id, subject: r.subject, preview: r.preview }))
    .sort((a, b) => a.subject.localeCompare(b.subject));
}
