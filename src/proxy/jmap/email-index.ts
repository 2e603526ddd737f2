// The session's email index: per folder, every message's UID, INTERNALDATE and id, kept
// while the folder's UIDVALIDITY and HIGHESTMODSEQ stay the same, and the id → (folder,
// UID) map built from it. A cache: rebuilt from IMAP whenever it might be stale.
import type { ImapFlow } from 'imapflow';
import type { EmailLocation, IndexRow, SessionCache } from '../imap/cache.js';
import type { ImapMailbox } from '../imap/mailboxes.js';
import { indexSelected } from '../imap/messages.js';
import type { JmapContext } from './context.js';

/** Runs `work` with `path` selected read-only (EXAMINE), under imapflow's mailbox lock. */
export async function inMailbox<T>(
  client: ImapFlow,
  path: string,
  work: () => Promise<T>,
): Promise<T> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/** The rows of one folder, fetched only when its mod-sequence moved. */
export async function rowsOf(ctx: JmapContext, mailbox: ImapMailbox): Promise<IndexRow[]> {
  if (!mailbox.selectable) return [];
  return ctx.imap((client, cache) => rowsOn(client, cache, mailbox));
}

/** rowsOf's work, for work that already holds the session's connection. */
export async function rowsOn(
  client: ImapFlow,
  cache: SessionCache,
  mailbox: ImapMailbox,
): Promise<IndexRow[]> {
  if (!mailbox.selectable) return [];
  const known = cache.rows.get(mailbox.id);
  if (
    known &&
    known.uidValidity === mailbox.uidValidity &&
    known.highestModseq === mailbox.highestModseq &&
    mailbox.highestModseq !== 0n
  ) {
    return known.rows;
  }
  const rows = await inMailbox(client, mailbox.path, () => indexSelected(client, cache));
  cache.rows.set(mailbox.id, {
    uidValidity: mailbox.uidValidity,
    highestModseq: mailbox.highestModseq,
    rows,
  });
  for (const row of rows) cache.emails.set(row.id, { mailboxId: mailbox.id, uid: row.uid });
  return rows;
}

/**
 * Where each id is. Unknown ids bring every folder's rows up to date (only folders whose
 * mod-sequence moved are fetched again); `refresh` lists the folders anew first, for ids
 * the index placed wrongly because something moved during this request.
 */
export async function locate(
  ctx: JmapContext,
  ids: readonly string[],
  refresh = false,
): Promise<Map<string, EmailLocation>> {
  const mailboxes = await ctx.mailboxes(refresh);
  const cache = await ctx.imap(async (_client, c) => c);
  if (refresh || ids.some((id) => !cache.emails.has(id))) {
    for (const mailbox of mailboxes) await rowsOf(ctx, mailbox);
    cache.reindex(mailboxes.filter((m) => m.selectable).map((m) => m.id));
  }
  const found = new Map<string, EmailLocation>();
  for (const id of ids) {
    const at = cache.emails.get(id);
    if (at) found.set(id, at);
  }
  return found;
}
