// TEMPLATE-1: the messages in the Templates folder, as the template pickers list them.
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';
import { currentEmailId } from './renames.js';

export interface TemplateRow {
  id: string;
  subject: string;
  preview: string;
  messageId: string;
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
    .map((r) => ({ id: r.id, subject: r.subject, preview: r.preview, messageId: r.messageId }))
    .sort((a, b) => a.subject.localeCompare(b.subject));
}

/**
 * The id a template has now: `ref.id`, or the id sync gave it since (repos/renames.ts),
 * while that row is in Templates; else the template with the same Message-ID (another
 * device only ever knew the server's id). Null when neither is on this device.
 */
export async function currentTemplateId(
  db: BuzonDb,
  ref: { id: string; messageId?: string },
): Promise<string | null> {
  const id = await currentEmailId(db, ref.id);
  const row = await storeCall(() => db.emails.get(id));
  if (row && row.mailboxId === 'templates' && row.trashedAt === undefined) return row.id;
  if (!ref.messageId) return null;
  const found = (await listTemplateRows(db)).find((t) => t.messageId === ref.messageId);
  return found ? found.id : null;
}
