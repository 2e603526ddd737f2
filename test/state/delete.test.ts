// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { startupMaintenance } from '../../src/state/services.js';
import { folders, harness } from './support/services.js';
import { seed } from './support/seed.js';
import { storedBodyIdsOnDisk } from '../support/bodies.js';

const DAY = 86_400_000;

describe('delete, restore and Trash', () => {
  it('DELETE-1 deleting sends messages to Trash, restorable to the folder they came from', async () => {
    const { db, services: s } = await harness();
    const work = await s.folders.createFolder('Work', null);
    const ids = await seed(db, work.id, 4);
    await s.messages.deleteMessages(ids.slice(0, 2));
    let rows = await s.messages.getRows(ids);
    expect(rows.filter((r) => r.folderId === 'trash')).toHaveLength(2);
    await s.messages.restoreMessages(ids.slice(0, 2));
    rows = await s.messages.getRows(ids);
    expect(rows.every((r) => r.folderId === work.id)).toBe(true);
    expect(await db.emails.where('trashedAt').above(0).count()).toBe(0);
  });

  it('DELETE-1 restores to Inbox when the original folder is gone', async () => {
    const { db, services: s } = await harness();
    const work = await s.folders.createFolder('Work', null);
    const [id] = await seed(db, work.id, 1);
    await s.messages.deleteMessages([id as string]);
    await s.folders.deleteFolder(work.id);
    await s.messages.restoreMessages([id as string]);
    expect((await s.messages.getRows([id as string]))[0]?.folderId).toBe('inbox');
  });

  it('DELETE-1 deleting in Trash deletes for good, body included', async () => {
    const { db, services: s } = await harness();
    const ids = await seed(db, 'inbox', 3);
    await s.messages.deleteMessages(ids);
    await s.messages.deleteMessages([ids[0] as string]);
    expect(await s.messages.getRows(ids)).toHaveLength(2);
    expect(await storedBodyIdsOnDisk(db)).toEqual(ids.slice(1).sort());
    expect((await folders(s)).find((f) => f.role === 'trash')?.total).toBe(2);
  });

  it('DELETE-2 emptying Trash deletes its messages and the folders under it for good', async () => {
    const { db, services: s } = await harness();
    const keep = await seed(db, 'inbox', 2);
    const gone = await seed(db, 'inbox', 3, 9, 100);
    const work = await s.folders.createFolder('Work', null);
    await seed(db, work.id, 2, 5, 200);
    await s.messages.deleteMessages(gone);
    await s.folders.deleteFolder(work.id);
    await s.folders.emptyTrash();
    expect((await db.emails.toArray()).map((e) => e.id).sort()).toEqual([...keep].sort());
    expect(await storedBodyIdsOnDisk(db)).toEqual([...keep].sort());
    const trash = (await folders(s)).find((f) => f.role === 'trash');
    expect(trash).toMatchObject({ total: 0, unread: 0 });
    expect((await folders(s)).some((f) => f.inTrash && f.role === null)).toBe(false);
  });

  it('DELETE-3 at start, Trash items older than 7 days are deleted and newer ones kept', async () => {
    const { db, services: s, clock } = await harness();
    const old = await seed(db, 'inbox', 2);
    const recent = await seed(db, 'inbox', 2, 7, 100);
    const live = await seed(db, 'inbox', 1, 8, 200);
    const oldFolder = await s.folders.createFolder('Old', null);
    await seed(db, oldFolder.id, 2, 9, 300);
    await s.messages.deleteMessages(old);
    await s.folders.deleteFolder(oldFolder.id);
    clock.now += 5 * DAY;
    await s.messages.deleteMessages(recent);
    clock.now += 3 * DAY; // old items: 8 days in Trash; recent ones: 3 days
    const removed = await startupMaintenance(db, () => clock.now);
    expect(removed).toEqual({ messages: 2, folders: 1 });
    const left = (await db.emails.toArray()).map((e) => e.id).sort();
    expect(left).toEqual([...recent, ...live].sort());
    expect((await folders(s)).some((f) => f.id === oldFolder.id)).toBe(false);
    // A restored message is never expired.
    await s.messages.restoreMessages(recent);
    clock.now += 30 * DAY;
    await startupMaintenance(db, () => clock.now);
    expect(await db.emails.count()).toBe(3);
  });
});
