// SPAM-2: where a marked message goes. The mailbox's own mail goes to the folder with role
// 'spam' or 'inbox'; another IMAP account's mail (ADR 0016: a top-level folder per account,
// its folders without roles) stays in that account: its INBOX, and its Spam/Junk by name
// when it has one, else the mailbox's own Spam.
import { isJunkFolderName } from '../spam/junk-folders.js';
import type { SpamLabel } from '../spam/types.js';
import { otherAccountRootOf } from '../store/incoming-folders.js';
import type { MailboxRecord } from '../store/records.js';

/** IMAP's INBOX name is case-insensitive (RFC 3501 §5.1). */
const INBOX_NAME = 'INBOX';

function withRole(byId: ReadonlyMap<string, MailboxRecord>, role: 'spam' | 'inbox') {
  for (const mb of byId.values()) if (mb.role === role) return mb;
  return undefined;
}

function childOf(
  byId: ReadonlyMap<string, MailboxRecord>,
  parentId: string,
  matches: (name: string) => boolean,
): MailboxRecord | undefined {
  for (const mb of byId.values()) if (mb.parentId === parentId && matches(mb.name)) return mb;
  return undefined;
}

/** The folder a message in `mailboxId` goes to when marked `label`; null when there is none. */
export function markTarget(
  byId: ReadonlyMap<string, MailboxRecord>,
  mailboxId: string,
  label: SpamLabel,
): string | null {
  const root = otherAccountRootOf(byId, mailboxId);
  if (root) {
    const own =
      label === 'spam'
        ? childOf(byId, root.id, isJunkFolderName)
        : childOf(byId, root.id, (n) => n.toUpperCase() === INBOX_NAME);
    if (own) return own.id;
  }
  return withRole(byId, label === 'spam' ? 'spam' : 'inbox')?.id ?? null;
}

/** True for the mailbox's Spam folder and for another account's Spam/Junk. */
export function isSpamFolderOf(byId: ReadonlyMap<string, MailboxRecord>, id: string): boolean {
  const mb = byId.get(id);
  if (!mb) return false;
  if (mb.role === 'spam') return true;
  const root = otherAccountRootOf(byId, id);
  return root !== null && mb.parentId === root.id && isJunkFolderName(mb.name);
}
