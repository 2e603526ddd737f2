// FolderService: the tree (FOLDER-5) and folder rules (FOLDER-1…4), over store repos.
import type { BuzonDb } from '../store/db.js';
import { FolderRuleError } from '../store/errors.js';
import { SYSTEM_FOLDERS, byIdMap, canHaveChildren, isInTrash } from '../store/folder-rules.js';
import type { MailboxRecord } from '../store/records.js';
import {
  addMailbox,
  getMailbox,
  listMailboxes,
  moveMailbox,
  observeMailboxes,
  renameMailbox,
  trashMailbox,
  deleteMailboxTrees,
} from '../store/repos/mailboxes.js';
import { emptyTrash } from '../store/repos/trash.js';
import { mapSubscribable } from './subscribable.js';
import type { Folder, FolderService } from './types.js';
import { isCommentsFolder } from '../mail/comment-folder.js';

const SYSTEM_ORDER = new Map(SYSTEM_FOLDERS.map((f, i) => [f.role, i]));

/** System folders first in their fixed order (Trash last), then the user's by name. */
function compareSiblings(a: MailboxRecord, b: MailboxRecord): number {
  const ra = a.role === null ? undefined : SYSTEM_ORDER.get(a.role);
  const rb = b.role === null ? undefined : SYSTEM_ORDER.get(b.role);
  const trash = SYSTEM_ORDER.get('trash') ?? Infinity;
  // User folders sit after the other system folders but before Trash.
  const ka = ra ?? trash - 0.5;
  const kb = rb ?? trash - 0.5;
  if (ka !== kb) return ka - kb;
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true });
}

/** Flattens the rows into tree order: parents before children, siblings sorted. */
export function toFolderTree(rows: readonly MailboxRecord[]): Folder[] {
  const byId = byIdMap(rows);
  const children = new Map<string | null, MailboxRecord[]>();
  for (const r of rows) {
    // A row whose parent vanished is shown at the root rather than lost.
    const parent = r.parentId !== null && byId.has(r.parentId) ? r.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(r);
    children.set(parent, list);
  }
  const out: Folder[] = [];
  const visit = (parentId: string | null, path: string, depth: number): void => {
    const list = (children.get(parentId) ?? []).sort(compareSiblings);
    for (const r of list) {
      const p = path ? `${path}/${r.name}` : r.name;
      out.push({
        id: r.id,
        name: r.name,
        parentId: r.parentId,
        role: r.role,
        path: p,
        depth,
        unread: r.unread,
        total: r.total,
        canRename: r.role === null,
        canHaveChildren: canHaveChildren(r),
        inTrash: isInTrash(byId, r.id),
      });
      // Why a depth cap: a corrupted parent cycle must not recurse forever.
      if (depth < 100) visit(r.id, p, depth + 1);
    }
  };
  visit(null, '', 0);
  return out;
}

export function createFolderService(db: BuzonDb, now: () => number): FolderService {
  return {
    // COMMENT-1: the hidden comments folder is no folder of the user's (ADR 0025).
    observeFolders: () =>
      mapSubscribable(observeMailboxes(db), (rows) =>
        toFolderTree(rows.filter((r) => !isCommentsFolder(r))),
      ),
    async createFolder(name, parentId) {
      const mb = await addMailbox(db, name, parentId, now());
      const folder = toFolderTree(await listMailboxes(db)).find((f) => f.id === mb.id);
      if (!folder) throw new Error('The new folder vanished.');
      return folder;
    },
    renameFolder: (id, name) => renameMailbox(db, id, name),
    moveFolder: (id, newParentId) => moveMailbox(db, id, newParentId, now()),
    async deleteFolder(id) {
      const all = byIdMap(await listMailboxes(db));
      const mb = await getMailbox(db, id);
      if (mb.role !== null) throw new FolderRuleError('System folders cannot be deleted.');
      // Deleting a folder already in Trash is for good, as for messages (DELETE-1).
      if (isInTrash(all, id)) await deleteMailboxTrees(db, [id]);
      else await trashMailbox(db, id, now());
    },
    emptyTrash: () => emptyTrash(db),
  };
}
