// Which folders receive "incoming mail" (SPAM-1, FILTER-3): the mailbox's Inbox, and the
// INBOX of each other IMAP account (ADR 0016: one top-level folder per account, whose
// server id is the account's id, holding that server's folders with their roles dropped).
import type { MailboxRecord } from './records.js';

/**
 * The id shape of another IMAP account (src/proxy/external/model.ts IMAP_ACCOUNT_ID_SHAPE),
 * which is its top-level folder's server id. Repeated here because the browser code must not
 * import proxy modules; test/store/incoming.test.ts checks the two agree.
 */
export const OTHER_ACCOUNT_FOLDER_ID_SHAPE = /^x[0-9a-z]{6}$/;

/** IMAP's INBOX name is case-insensitive (RFC 3501 §5.1). */
const INBOX_NAME = 'INBOX';

/** The top-level folder of another IMAP account. */
export function isOtherAccountRoot(mb: MailboxRecord): boolean {
  return mb.parentId === null && OTHER_ACCOUNT_FOLDER_ID_SHAPE.test(mb.serverId ?? '');
}

/** True when mail that newly appears in this folder is incoming mail. */
export function isIncomingFolder(
  byId: ReadonlyMap<string, MailboxRecord>,
  mb: MailboxRecord,
): boolean {
  if (mb.role === 'inbox') return true;
  if (mb.parentId === null || mb.name.toUpperCase() !== INBOX_NAME) return false;
  const parent = byId.get(mb.parentId);
  return parent !== undefined && isOtherAccountRoot(parent);
}

/** The other account whose tree holds the folder, or null for the user's own mailbox. */
export function otherAccountRootOf(
  byId: ReadonlyMap<string, MailboxRecord>,
  id: string,
): MailboxRecord | null {
  let cur = byId.get(id);
  // A step limit: a corrupted parent cycle must not hang the app.
  for (let steps = 0; cur && steps < 1000; steps++) {
    if (cur.parentId === null) return isOtherAccountRoot(cur) ? cur : null;
    cur = byId.get(cur.parentId);
  }
  return null;
}

/**
 * True when mail newly appearing in this folder may have been filed there by the server's
 * Sieve script (ADR 0028 addendum): a folder of the user's own mailbox without a role. The
 * queue takes it; the processor keeps it only when a filter with app-only actions files
 * into that folder, and drops it otherwise without reading it.
 */
export function mayHoldFiledMail(
  byId: ReadonlyMap<string, MailboxRecord>,
  mb: MailboxRecord,
): boolean {
  return mb.role === null && otherAccountRootOf(byId, mb.id) === null;
}
