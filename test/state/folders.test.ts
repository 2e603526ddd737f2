// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { recountMailboxes } from '../../src/store/counts.js';
import { FolderRuleError } from '../../src/store/errors.js';
import { folderByPath, folders, harness } from './support/services.js';
import { seed } from './support/seed.js';
import { storedBodyCount } from '../support/bodies.js';

describe('folders', () => {
  it('FOLDER-1 system folders exist from the first open and cannot be renamed, moved or deleted', async () => {
    const { services: s } = await harness();
    const tree = await folders(s);
    expect(tree.filter((f) => f.role !== null).map((f) => f.path)).toEqual([
      'Inbox',
      'Drafts',
      'Sent',
      'Templates',
      'Spam',
      'Trash',
    ]);
    const work = await s.folders.createFolder('Work', null);
    for (const f of tree) {
      expect(f.canRename).toBe(false);
      await expect(s.folders.renameFolder(f.id, 'Other')).rejects.toBeInstanceOf(FolderRuleError);
      await expect(s.folders.moveFolder(f.id, work.id)).rejects.toBeInstanceOf(FolderRuleError);
      await expect(s.folders.deleteFolder(f.id)).rejects.toThrow(/cannot be deleted/);
    }
    expect((await folders(s)).filter((f) => f.role !== null)).toHaveLength(6);
  });

  it('FOLDER-2 creates folders at the root and inside another, none under Sent and Spam', async () => {
    const { services: s } = await harness();
    const work = await s.folders.createFolder('Work', null);
    const inbox = await folderByPath(s, 'Inbox');
    await s.folders.createFolder('Clients', work.id);
    await s.folders.createFolder('Newsletters', inbox.id);
    const paths = (await folders(s)).map((f) => f.path);
    expect(paths).toContain('Work/Clients');
    expect(paths).toContain('Inbox/Newsletters');
    expect(paths.indexOf('Inbox/Newsletters')).toBe(paths.indexOf('Inbox') + 1);
    for (const role of ['Sent', 'Spam']) {
      const f = await folderByPath(s, role);
      expect(f.canHaveChildren).toBe(false);
      await expect(s.folders.createFolder('Sub', f.id)).rejects.toThrow(/cannot contain folders/);
      await expect(s.folders.moveFolder(work.id, f.id)).rejects.toBeInstanceOf(FolderRuleError);
    }
  });

  it('FOLDER-2 folder names are unique among siblings, never empty, never contain "/"', async () => {
    const { services: s } = await harness();
    const work = await s.folders.createFolder('Work', null);
    await expect(s.folders.createFolder('work', null)).rejects.toThrow(/already exists/);
    await expect(s.folders.createFolder('Inbox', null)).rejects.toThrow(/already exists/);
    await expect(s.folders.createFolder('a/b', null)).rejects.toThrow(/"\/"/);
    await expect(s.folders.createFolder('   ', null)).rejects.toThrow(/empty/);
    await expect(s.folders.createFolder('evil\u202Etxt', null)).rejects.toThrow(/control/);
    // The same name is fine under another parent.
    const sub = await s.folders.createFolder('Work', work.id);
    expect(sub.path).toBe('Work/Work');
  });

  it('FOLDER-3 renames and moves folders, never into themselves', async () => {
    const { services: s } = await harness();
    const a = await s.folders.createFolder('A', null);
    const b = await s.folders.createFolder('B', a.id);
    const c = await s.folders.createFolder('C', null);
    await s.folders.renameFolder(c.id, 'Clients');
    await s.folders.moveFolder(a.id, c.id);
    expect((await folders(s)).map((f) => f.path)).toEqual(
      expect.arrayContaining(['Clients/A', 'Clients/A/B']),
    );
    await expect(s.folders.moveFolder(a.id, b.id)).rejects.toThrow(/into itself/);
    await expect(s.folders.moveFolder(a.id, a.id)).rejects.toThrow(/into itself/);
    await s.folders.createFolder('B', null);
    await expect(s.folders.moveFolder(b.id, null)).rejects.toThrow(/already exists/);
    await expect(s.folders.renameFolder(b.id, 'x/y')).rejects.toBeInstanceOf(FolderRuleError);
  });

  it('FOLDER-4 deleting a folder sends it with its messages and subfolders to Trash, restorable until emptied', async () => {
    const { db, services: s } = await harness();
    const work = await s.folders.createFolder('Work', null);
    const sub = await s.folders.createFolder('Old', work.id);
    const ids = await seed(db, work.id, 3);
    await seed(db, sub.id, 2, 2, 100);
    await s.folders.deleteFolder(work.id);
    let tree = await folders(s);
    expect(tree.find((f) => f.id === work.id)).toMatchObject({
      path: 'Trash/Work',
      inTrash: true,
      total: 3,
    });
    expect(tree.find((f) => f.id === sub.id)).toMatchObject({
      path: 'Trash/Work/Old',
      inTrash: true,
      total: 2,
    });
    expect((await s.messages.getRows(ids)).every((r) => r.folderId === work.id)).toBe(true);
    // A second deleted "Work" coexists in Trash.
    const work2 = await s.folders.createFolder('Work', null);
    await s.folders.deleteFolder(work2.id);
    expect((await folders(s)).find((f) => f.id === work2.id)?.path).toBe('Trash/Work (2)');
    // Restore by moving it back.
    await s.folders.moveFolder(work.id, null);
    tree = await folders(s);
    expect(tree.find((f) => f.id === sub.id)).toMatchObject({ path: 'Work/Old', inTrash: false });
    // Delete again, then empty Trash: gone for good with messages and bodies.
    await s.folders.deleteFolder(work.id);
    await s.folders.emptyTrash();
    tree = await folders(s);
    expect(tree.map((f) => f.path)).not.toContain('Trash/Work');
    expect(await db.emails.count()).toBe(0);
    expect(await storedBodyCount(db)).toBe(0);
  });

  it('FOLDER-5 unread and total per folder (subfolders excluded) follow reads, moves and deletes', async () => {
    const { db, services: s } = await harness();
    const work = await s.folders.createFolder('Work', null);
    const sub = await s.folders.createFolder('Sub', work.id);
    const inWork = await seed(db, work.id, 5);
    await seed(db, sub.id, 4, 3, 50);
    const counts = async (id: string) => {
      const f = (await folders(s)).find((x) => x.id === id);
      return [f?.unread, f?.total];
    };
    expect(await counts(work.id)).toEqual([5, 5]);
    expect(await counts(sub.id)).toEqual([4, 4]);
    await s.messages.setSeen(inWork.slice(0, 2), true);
    await s.messages.setSeen(inWork.slice(0, 2), true); // idempotent
    expect(await counts(work.id)).toEqual([3, 5]);
    await s.messages.moveMessages(inWork.slice(1, 3), sub.id);
    expect(await counts(work.id)).toEqual([2, 3]);
    expect(await counts(sub.id)).toEqual([5, 6]);
    await s.messages.deleteMessages([inWork[3] as string]);
    expect(await counts('trash')).toEqual([1, 1]);
    // The maintained counters equal a recount from the indexes.
    const before = (await db.mailboxes.toArray()).map((m) => [m.id, m.unread, m.total]).sort();
    await recountMailboxes(db);
    const after = (await db.mailboxes.toArray()).map((m) => [m.id, m.unread, m.total]).sort();
    expect(after).toEqual(before);
  });

  it('FOLDER-6 moves several messages at once; FOLDER-1 each stays in exactly one folder', async () => {
    const { db, services: s } = await harness();
    const work = await s.folders.createFolder('Work', null);
    const ids = await seed(db, 'inbox', 10);
    await s.messages.moveMessages(ids.slice(0, 6), work.id);
    const rows = await s.messages.getRows(ids);
    expect(rows.filter((r) => r.folderId === work.id)).toHaveLength(6);
    expect(rows.filter((r) => r.folderId === 'inbox')).toHaveLength(4);
    await expect(s.messages.moveMessages(ids, 'no-such-folder')).rejects.toThrow(/does not exist/);
    expect(await db.emails.count()).toBe(10);
  });
});
