import { msg } from '@lit/localize';
import type { Folder, FolderRole } from '../../state/types.js';

/** FOLDER-1: system folders in this fixed order, before user folders. */
export const SYSTEM_ORDER: readonly FolderRole[] = [
  'inbox',
  'drafts',
  'sent',
  'templates',
  'spam',
  'trash',
];

/** A system folder's name in the interface language; user folders keep their own name. */
export function folderLabel(folder: Pick<Folder, 'name' | 'role'>): string {
  switch (folder.role) {
    case 'inbox':
      return msg('Inbox', { id: 'folder.inbox' });
    case 'drafts':
      return msg('Drafts', { id: 'folder.drafts' });
    case 'sent':
      return msg('Sent', { id: 'folder.sent' });
    case 'templates':
      return msg('Templates', { id: 'folder.templates' });
    case 'spam':
      return msg('Spam', { id: 'folder.spam' });
    case 'trash':
      return msg('Trash', { id: 'folder.trash' });
    default:
      return folder.name;
  }
}

/**
 * Tree order: system folders first in SYSTEM_ORDER, each followed by its subtree; then
 * user root folders by name, each followed by its subtree (parents before children).
 */
export function orderFolders(folders: readonly Folder[]): Folder[] {
  const children = new Map<string | null, Folder[]>();
  for (const f of folders) {
    const list = children.get(f.parentId) ?? [];
    list.push(f);
    children.set(f.parentId, list);
  }
  const byName = (a: Folder, b: Folder) => a.name.localeCompare(b.name);
  const rank = (f: Folder) => (f.role ? SYSTEM_ORDER.indexOf(f.role) : SYSTEM_ORDER.length);
  const out: Folder[] = [];
  const walk = (parentId: string | null, seen: Set<string>) => {
    const list = [...(children.get(parentId) ?? [])].sort(
      (a, b) => rank(a) - rank(b) || byName(a, b),
    );
    for (const f of list) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      out.push(f);
      walk(f.id, seen);
    }
  };
  walk(null, new Set());
  return out;
}

/** Whether `candidate` is `folder` itself or lies anywhere beneath it (no moving into oneself). */
export function isSelfOrDescendant(
  folders: readonly Folder[],
  folderId: string,
  candidateId: string,
): boolean {
  const byId = new Map(folders.map((f) => [f.id, f]));
  let cur = byId.get(candidateId);
  while (cur) {
    if (cur.id === folderId) return true;
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return false;
}
