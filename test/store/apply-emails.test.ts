// Bootstrap batches are added without looking each message up first (`expectNew`). When
// one is on the device after all, the batch must come out exactly as the ordinary path
// would: counters, pending changes replayed over the server's truth, nothing doubled.
import { describe, expect, it } from 'vitest';
import type { BuzonDb } from '../../src/store/db.js';
import { putKeyword } from '../../src/store/repos/emails.js';
import { applyEmailBatch } from '../../src/store/sync/apply-emails.js';
import { applyMailboxList } from '../../src/store/sync/apply-mailboxes.js';
import type { ServerMailbox } from '../../src/store/sync/server-types.js';
import { serverEmail } from './server-email.js';
import { freshDb } from './threads-support.js';

const FOLDERS: ServerMailbox[] = [{ id: 'S-inbox', name: 'Inbox', parentId: null, role: 'inbox' }];

async function account(): Promise<BuzonDb> {
  const db = await freshDb({ synced: true });
  await applyMailboxList(db, FOLDERS, 'm1');
  return db;
}

async function inbox(db: BuzonDb) {
  const row = (await db.mailboxes.toArray()).find((m) => m.serverId === 'S-inbox');
  return { id: row?.id as string, unread: row?.unread, total: row?.total };
}

describe('issue 3 bootstrap batches added without look-ups', () => {
  it('bootstrap: a batch of new messages is added whole, counted once and queued for threading once', async () => {
    const db = await account();
    const upserts = ['a', 'b', 'c'].map((id) => serverEmail(id, 'S-inbox'));
    const r = await applyEmailBatch(db, { upserts, destroyed: [], now: 1, expectNew: true });
    expect(r.added).toBe(3);
    expect((await db.emails.toArray()).map((e) => e.id).sort()).toEqual(['a', 'b', 'c']);
    expect(await inbox(db)).toMatchObject({ unread: 3, total: 3 });
    expect(await db.threadQueue.count()).toBe(1);
  });

  it('bootstrap: a message already on the device in a batch expected new is applied the ordinary way', async () => {
    const db = await account();
    await applyEmailBatch(db, { upserts: [serverEmail('a', 'S-inbox')], destroyed: [], now: 1 });
    // Offline, the user marked it read: a pending change the server has not seen yet.
    await putKeyword(db, ['a'], '$seen', true);
    expect(await inbox(db)).toMatchObject({ unread: 0, total: 1 });
    // A reload resumed the bootstrap: its listing holds `a` again, with two new ones.
    const upserts = ['a', 'b', 'c'].map((id) => serverEmail(id, 'S-inbox'));
    const r = await applyEmailBatch(db, { upserts, destroyed: [], now: 3, expectNew: true });
    expect(r.added).toBe(2);
    expect(await db.emails.count()).toBe(3);
    // The pending change still shows over the server's unread copy, and counts agree.
    expect((await db.emails.get('a'))?.keywords).toEqual({ $seen: true });
    expect(await inbox(db)).toMatchObject({ unread: 2, total: 3 });
    expect(await db.ops.count()).toBe(1);
  });
});
