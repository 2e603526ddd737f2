// Pure folder rules (FOLDER-1, FOLDER-2, unique sibling names) over the in-memory list of
// mailbox rows. Repos call these inside their transactions, so a check and its write
// see the same data.
import type { FolderRole } from '../mail/types.js';
import { FolderRuleError } from './errors.js';
import type { MailboxRecord } from './records.js';

/** System folders in tree order, with their stored (English) names; the UI localises by role. */
export const SYSTEM_FOLDERS: readonly { role: FolderRole; name: string }[] = [
  { role: 'inbox', name: 'Inbox' },
  { role: 'drafts', name: 'Drafts' },
  { role: 'sent', name: 'Sent' },
  { role: 'templates', name: 'Templates' },
  { role: 'spam', name: 'Spam' },
  { role: 'trash', name: 'Trash' },
];

/** System folders use their role as id, so every layer can name them without a lookup. */
export const TRASH_ID = 'trash';
export const INBOX_ID = 'inbox';

/** FOLDER-2: these system folders take no subfolders. */
const CHILDLESS_ROLES: ReadonlySet<FolderRole> = new Set(['sent', 'spam']);

// Why 200: IMAP servers commonly cap a mailbox name near 255 bytes including its parents;
// 200 characters keeps a name readable and leaves room for the hierarchy.
export const MAX_FOLDER_NAME_LENGTH = 200;

// Control characters (C0, DEL, C1) and bidi overrides make names that look like others.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function canHaveChildren(mb: MailboxRecord): boolean {
  return mb.role === null || !CHILDLESS_ROLES.has(mb.role);
}

/** Checks and returns the trimmed name, or throws a FolderRuleError a user can read. */
export function checkFolderName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new FolderRuleError('A folder name cannot be empty.');
  if (trimmed.includes('/')) throw new FolderRuleError('A folder name cannot contain "/".');
  if (FORBIDDEN_CHARS.test(trimmed)) {
    throw new FolderRuleError('A folder name cannot contain control characters.');
  }
  if (trimmed.length > MAX_FOLDER_NAME_LENGTH) {
    throw new FolderRuleError(
      `A folder name can have at most ${MAX_FOLDER_NAME_LENGTH} characters.`,
    );
  }
  return trimmed;
}

export function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

export function findSibling(
  all: readonly MailboxRecord[],
  parentId: string | null,
  name: string,
  exceptId?: string,
): MailboxRecord | undefined {
  return all.find((m) => m.parentId === parentId && m.id !== exceptId && sameName(m.name, name));
}

export function byIdMap(all: readonly MailboxRecord[]): Map<string, MailboxRecord> {
  return new Map(all.map((m) => [m.id, m]));
}

/** The folder and all folders under it. */
export function subtreeIds(all: readonly MailboxRecord[], rootId: string): string[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) {
    for (const m of all) if (m.parentId === out[i]) out.push(m.id);
  }
  return out;
}

/** True for Trash itself and anything under it. */
export function isInTrash(byId: ReadonlyMap<string, MailboxRecord>, id: string): boolean {
  let cur = byId.get(id);
  // Why a step limit: a corrupted parent cycle must not hang the app.
  for (let steps = 0; cur && steps < 1000; steps++) {
    if (cur.role === 'trash') return true;
    cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
  }
  return false;
}

/** Names from the root, e.g. ["Inbox", "Work"]. */
export function pathNames(byId: ReadonlyMap<string, MailboxRecord>, id: string): string[] {
  const names: string[] = [];
  let cur = byId.get(id);
  for (let steps = 0; cur && steps < 1000; steps++) {
    names.unshift(cur.name);
    cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
  }
  return names;
}

/** A name free among the siblings: "Work", then "Work (2)", "Work (3)"… */
export function freeName(
  all: readonly MailboxRecord[],
  parentId: string | null,
  name: string,
  exceptId?: string,
): string {
  if (!findSibling(all, parentId, name, exceptId)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!findSibling(all, parentId, candidate, exceptId)) return candidate;
  }
}

export function assertNotSystem(mb: MailboxRecord, action: string): void {
  if (mb.role !== null) throw new FolderRuleError(`System folders cannot be ${action}.`);
}
