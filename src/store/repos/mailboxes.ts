// Folders. Checks and writes happen in one transaction over the (small) mailboxes table,
// so two tabs cannot both create "Work" under the same parent.
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import { FolderRuleError, NotFoundError, storeCall } from '../errors.js';
import {
  SYSTEM_FOLDERS,
  TRASH_ID,
  assertNotSystem,
  byIdMap,
  canHaveChildren,
  checkFolderName,
  findSibling,
  freeName,
  isInTrash,
  subtreeIds,
} from '../folder-rules.js';
import { newId } from '../ids.js';
import { observeQuery } from '../live.js';
import type { MailboxRecord } from '../records.js';
import { journal } from '../sync/journal.js';
import { bodyTables, dropBodiesOf } from './bodies.js';
import { dropFolderThreads } from './thread-changes.js';

/** FOLDER-1: creates any missing system folder. Idempotent; runs on every open. */
export async function ensureSystemMailboxes(db: BuzonDb): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.mailboxes, async () => {
      for (const { role, name } of SYSTEM_FOLDERS) {
        if (await db.mailboxes.get(role)) continue;
        await db.mailboxes.add({ id: role, name, parentId: null, role, total: 0, unread: 0 });
      }
    }),
  );
}

export function listMailboxes(db: BuzonDb): Promise<MailboxRecord[]> {
  return storeCall(() => db.mailboxes.toArray());
}

export async function getMailbox(db: BuzonDb, id: string): Promise<MailboxRecord> {
  const mb = await storeCall(() => db.mailboxes.get(id));
  if (!mb) throw new NotFoundError(`Folder ${id} does not exist.`);
  return mb;
}

export function observeMailboxes(db: BuzonDb): Subscribable<MailboxRecord[]> {
  return observeQuery(() => db.mailboxes.toArray());
}

function requireIn(byId: ReadonlyMap<string, MailboxRecord>, id: string): MailboxRecord {
  const mb = byId.get(id);
  if (!mb) throw new NotFoundError(`Folder ${id} does not exist.`);
  return mb;
}

function checkParent(byId: ReadonlyMap<string, MailboxRecord>, parentId: string | null): void {
  if (parentId === null) return;
  const parent = requireIn(byId, parentId);
  if (!canHaveChildren(parent)) {
    throw new FolderRuleError(`"${parent.name}" cannot contain folders.`);
  }
}

/** FOLDER-2: a new folder at the root or inside another. */
export async function addMailbox(
  db: BuzonDb,
  name: string,
  parentId: string | null,
  now: number,
): Promise<MailboxRecord> {
  const clean = checkFolderName(name);
  return storeCall(() =>
    db.transaction('rw', db.mailboxes, db.ops, async () => {
      const all = await db.mailboxes.toArray();
      checkParent(byIdMap(all), parentId);
      if (findSibling(all, parentId, clean)) {
        throw new FolderRuleError(`A folder named "${clean}" already exists here.`);
      }
      const mb: MailboxRecord = {
        id: newId(),
        name: clean,
        parentId,
        role: null,
        total: 0,
        unread: 0,
      };
      // A folder created directly in Trash (e.g. by an import) expires like a deleted one.
      if (parentId === TRASH_ID) mb.trashedAt = now;
      await db.mailboxes.add(mb);
      await journal(db, [{ kind: 'mailbox-create', target: mb.id, name: clean, parentId }], now);
      return mb;
    }),
  );
}

/**
 * TEMPLATE-1: a system folder the server may not have yet (Templates has no IANA role, so
 * a server without it gets one created at the root, by name): asks the server to create
 * it unless it is mapped already or its creation is queued. Only in an account.
 */
export async function ensureFolderOnServer(db: BuzonDb, id: string, now: number): Promise<void> {
  if (!db.synced) return;
  await storeCall(() =>
    db.transaction('rw', db.mailboxes, db.ops, async () => {
      const mb = await db.mailboxes.get(id);
      if (!mb || mb.serverId) return;
      const queued = await db.ops.where('target').equals(id).count();
      if (queued > 0) return;
      await journal(
        db,
        [{ kind: 'mailbox-create', target: id, name: mb.name, parentId: null }],
        now,
      );
    }),
  );
}

/** FOLDER-3 rename; FOLDER-1 system folders refuse. */
export async function renameMailbox(db: BuzonDb, id: string, name: string): Promise<void> {
  const clean = checkFolderName(name);
  await storeCall(() =>
    db.transaction('rw', db.mailboxes, db.ops, async () => {
      const all = await db.mailboxes.toArray();
      const mb = requireIn(byIdMap(all), id);
      assertNotSystem(mb, 'renamed');
      if (findSibling(all, mb.parentId, clean, id)) {
        throw new FolderRuleError(`A folder named "${clean}" already exists here.`);
      }
      await db.mailboxes.put({ ...mb, name: clean });
      await journal(db, [{ kind: 'mailbox-update', target: id, name: clean }], Date.now());
    }),
  );
}

/**
 * FOLDER-3 move; moving into Trash is FOLDER-4's delete, moving out of it is a restore.
 * Touches emails too: a restored folder's messages lose their Trash marks, so DELETE-3
 * never expires mail outside Trash.
 */
export async function moveMailbox(
  db: BuzonDb,
  id: string,
  newParentId: string | null,
  now: number,
): Promise<void> {
  await storeCall(() =>
    db.transaction('rw', db.mailboxes, db.emails, db.ops, async () => {
      const all = await db.mailboxes.toArray();
      const byId = byIdMap(all);
      const mb = requireIn(byId, id);
      assertNotSystem(mb, 'moved');
      checkParent(byId, newParentId);
      if (newParentId !== null && subtreeIds(all, id).includes(newParentId)) {
        throw new FolderRuleError('A folder cannot be moved into itself.');
      }
      if (mb.parentId === newParentId) return;
      const wasInTrash = isInTrash(byId, id);
      const goesToTrash = newParentId !== null && isInTrash(byId, newParentId);
      let name = mb.name;
      if (findSibling(all, newParentId, mb.name, id)) {
        // In Trash, two deleted "Work" folders must coexist; elsewhere the user chooses.
        if (!goesToTrash) {
          throw new FolderRuleError(`A folder named "${mb.name}" already exists there.`);
        }
        name = freeName(all, newParentId, mb.name, id);
      }
      const next: MailboxRecord = { ...mb, name, parentId: newParentId };
      if (goesToTrash && !wasInTrash) {
        next.trashedAt = now;
        next.originParentId = mb.parentId;
      } else if (!goesToTrash) {
        delete next.trashedAt;
        delete next.originParentId;
        if (wasInTrash) await clearTrashMarks(db, subtreeIds(all, id));
      } else if (newParentId === TRASH_ID && next.trashedAt === undefined) {
        next.trashedAt = now;
      }
      await db.mailboxes.put(next);
      await journal(
        db,
        [
          {
            kind: 'mailbox-update',
            target: id,
            parentId: newParentId,
            ...(name !== mb.name ? { name } : {}),
          },
        ],
        now,
      );
    }),
  );
}

/** Messages moved individually into a trashed folder carry trashedAt; clear it on restore. */
async function clearTrashMarks(db: BuzonDb, mailboxIds: readonly string[]): Promise<void> {
  const inSet = new Set(mailboxIds);
  await db.emails
    .where('trashedAt')
    .above(-Infinity)
    .filter((e) => inSet.has(e.mailboxId))
    .modify((e) => {
      delete e.trashedAt;
      delete e.originMailboxId;
    });
}

/** FOLDER-4: the folder with its messages and subfolders goes to Trash. */
export async function trashMailbox(db: BuzonDb, id: string, now: number): Promise<void> {
  await moveMailbox(db, id, TRASH_ID, now);
}

/**
 * Deletes folders (with everything under them) and their messages for good. One
 * transaction over mailboxes, emails and bodies: no message may outlive its folder
 * (FOLDER-1) and no body may outlive its message.
 */
export async function deleteMailboxTrees(db: BuzonDb, rootIds: readonly string[]): Promise<void> {
  await storeCall(() =>
    db.transaction(
      'rw',
      [db.mailboxes, db.emails, ...bodyTables(db), db.ops, db.bodyQueue, db.threads],
      async () => {
        const all = await db.mailboxes.toArray();
        const byId = byIdMap(all);
        const doomed = new Set<string>();
        for (const rootId of rootIds) {
          const root = byId.get(rootId);
          if (!root) continue;
          assertNotSystem(root, 'deleted');
          for (const sub of subtreeIds(all, rootId)) doomed.add(sub);
        }
        for (const mailboxId of doomed) {
          const keys = await db.emails
            .where('[mailboxId+receivedAt]')
            .between([mailboxId, -Infinity], [mailboxId, Infinity])
            .primaryKeys();
          await dropBodiesOf(db, keys);
          await db.emails.bulkDelete(keys);
          await forgetEmailOps(db, keys);
        }
        await dropFolderThreads(db, doomed);
        await db.mailboxes.bulkDelete([...doomed]);
        await journalFolderDestroys(db, all, [...doomed].reverse());
      },
    ),
  );
}

/**
 * The server deletes a folder's messages with the folder: their own pending changes go,
 * and so does their place in the body download queue.
 */
export async function forgetEmailOps(db: BuzonDb, emailIds: readonly string[]): Promise<void> {
  if (emailIds.length === 0) return;
  await db.ops
    .where('target')
    .anyOf([...emailIds])
    .delete();
  await db.bodyQueue.bulkDelete([...emailIds]);
}

/** Folder destroys, children before parents (a server refuses a folder that has children). */
export async function journalFolderDestroys(
  db: BuzonDb,
  all: readonly MailboxRecord[],
  deepestFirst: readonly string[],
): Promise<void> {
  const serverIds = new Map(all.map((m) => [m.id, m.serverId]));
  await journal(
    db,
    deepestFirst.map((target) => {
      const serverId = serverIds.get(target);
      return { kind: 'mailbox-destroy', target, ...(serverId ? { serverId } : {}) };
    }),
    Date.now(),
  );
}
