// THREAD-1/2 in the store: thread keys and per-folder thread rows kept right by every path
// that writes messages (import, moves, deletes, keywords, Trash, folder deletion).
import { describe, expect, it } from 'vitest';
import { threadMessages } from '../../src/mail/threading/jwz.js';
import { TRASH_ID } from '../../src/store/folder-rules.js';
import {
  deleteEmailsForever,
  moveEmails,
  putKeyword,
  restoreEmails,
} from '../../src/store/repos/emails.js';
import { addMailbox, deleteMailboxTrees } from '../../src/store/repos/mailboxes.js';
import {
  getThreadRecords,
  listThreadEmails,
  listThreadKeys,
} from '../../src/store/repos/threads.js';
import { emptyTrash, expireTrash } from '../../src/store/repos/trash.js';
import { SCENARIOS, loadInputs } from '../mail/threading/fixtures.js';
import { eml, expectRowsConsistent, fixture, freshDb, groups, store } from './threads-support.js';

async function expected(scenario: string): Promise<string[][]> {
  return threadMessages(await loadInputs(scenario))
    .map((t) => [...t.ids].sort())
    .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** A thread in three messages where the middle one (m2) arrives last. */
const m1 = eml({ name: 'm1', subject: 'Quarterly plan', date: 'Mon, 01 Jul 2024 09:00:00 +0000' });
const m2 = eml({
  name: 'm2',
  subject: 'Re: Quarterly plan',
  date: 'Mon, 01 Jul 2024 10:00:00 +0000',
  from: 'Bob <bob@example.org>',
  irt: 'm1',
});
const m3 = eml({
  name: 'm3',
  subject: 'Re: Quarterly plan',
  date: 'Mon, 01 Jul 2024 11:00:00 +0000',
  from: 'Carl <carl@example.org>',
  irt: 'm2',
});

describe('THREAD-1 threading at import (real fixtures through putNewMessages)', () => {
  for (const scenario of SCENARIOS) {
    it(`THREAD-1 groups "${scenario}" as the batch algorithm does, in one transaction or one message at a time`, async () => {
      const want = await expected(scenario);
      const batch = await freshDb();
      expect(await groups(batch, await store(batch, 'inbox', fixture(scenario)))).toEqual(want);
      await expectRowsConsistent(batch);
      batch.close();
      const single = await freshDb();
      const names = await store(single, 'inbox', fixture(scenario), { oneByOne: true });
      expect(await groups(single, names)).toEqual(want);
      await expectRowsConsistent(single);
      single.close();
      // Newest first, as a sync delivers. keys.ts's one documented exception: an impostor
      // Message-ID older than the genuine message but arriving after it.
      if (scenario === 'impostor') return;
      const reversed = await freshDb();
      const back = await store(reversed, 'inbox', [...fixture(scenario)].reverse(), {
        oneByOne: true,
      });
      expect(await groups(reversed, back)).toEqual(want);
      reversed.close();
    });
  }

  it('THREAD-1 a parent arriving after its replies merges their threads, in every folder', async () => {
    const db = await freshDb();
    const names = new Map([
      ...(await store(db, 'sent', [m3])),
      ...(await store(db, 'inbox', [m1])),
    ]);
    expect((await db.threads.toArray()).map((r) => r.threadKey).sort()).toEqual([
      'm1@example.org',
      'm2@example.org',
    ]);
    for (const [k, v] of await store(db, 'inbox', [m2])) names.set(k, v);
    expect(await groups(db, names)).toEqual([['m1', 'm2', 'm3']]);
    const rows = await db.threads.toArray();
    expect(rows.map((r) => [r.mailboxId, r.threadKey, r.count]).sort()).toEqual([
      ['inbox', 'm1@example.org', 2],
      ['sent', 'm1@example.org', 1],
    ]);
    await expectRowsConsistent(db);
    db.close();
  });

  it('THREAD-1 the thread row: count, unread, subject of the oldest, senders in order, newest first', async () => {
    const db = await freshDb();
    await store(db, 'inbox', [m3, m1, m2]);
    const other = eml({ name: 'x', subject: 'Lunch', date: 'Tue, 02 Jul 2024 12:00:00 +0000' });
    await store(db, 'inbox', [other]);
    expect(await listThreadKeys(db, 'inbox', false)).toEqual(['x@example.org', 'm1@example.org']);
    const [row] = await getThreadRecords(db, 'inbox', ['m1@example.org']);
    expect(row).toMatchObject({ count: 3, unread: 3, hasUnread: 1, subject: 'Quarterly plan' });
    expect(row?.participants.map((p) => p.name)).toEqual(['Ana', 'Bob', 'Carl']);
    db.close();
  });
});

describe('THREAD-1 every writer keeps thread rows right', () => {
  it('THREAD-1 a message moved to another folder keeps its thread; both folders follow', async () => {
    const db = await freshDb();
    const names = await store(db, 'inbox', [m1, m2, m3]);
    const work = await addMailbox(db, 'Work', null, 1);
    await moveEmails(db, [names.get('m3') as string], work.id, 2);
    expect((await db.emails.get(names.get('m3') as string))?.threadKey).toBe('m1@example.org');
    expect((await getThreadRecords(db, 'inbox', ['m1@example.org']))[0]).toMatchObject({
      count: 2,
      latestId: names.get('m2'),
    });
    expect((await getThreadRecords(db, work.id, ['m1@example.org']))[0]?.count).toBe(1);
    expect((await listThreadEmails(db, 'm1@example.org', null)).length).toBe(3);
    await expectRowsConsistent(db);
    db.close();
  });

  it('THREAD-1 deleting the newest message re-reads the row; deleting the last one removes it', async () => {
    const db = await freshDb();
    const names = await store(db, 'inbox', [m1, m2, m3]);
    await deleteEmailsForever(db, [names.get('m3') as string]);
    const [row] = await getThreadRecords(db, 'inbox', ['m1@example.org']);
    expect(row).toMatchObject({ count: 2, latestId: names.get('m2') });
    expect(row?.participants.map((p) => p.name)).toEqual(['Ana', 'Bob']);
    await deleteEmailsForever(db, [names.get('m1') as string, names.get('m2') as string]);
    expect(await db.threads.count()).toBe(0);
    expect(await listThreadKeys(db, 'inbox', false)).toEqual([]);
    db.close();
  });

  it('THREAD-1 a thread is unread while any message is; the unread-only view follows', async () => {
    const db = await freshDb();
    const names = await store(db, 'inbox', [m1, m2, m3]);
    await store(
      db,
      'inbox',
      [eml({ name: 'y', subject: 'Other', date: 'Wed, 03 Jul 2024 08:00:00 +0000' })],
      {
        seen: true,
      },
    );
    expect(await listThreadKeys(db, 'inbox', true)).toEqual(['m1@example.org']);
    await putKeyword(db, [names.get('m1') as string, names.get('m2') as string], '$seen', true);
    expect((await getThreadRecords(db, 'inbox', ['m1@example.org']))[0]).toMatchObject({
      unread: 1,
      hasUnread: 1,
    });
    await putKeyword(db, [names.get('m3') as string], '$seen', true);
    expect(await listThreadKeys(db, 'inbox', true)).toEqual([]);
    await putKeyword(db, [names.get('m2') as string], '$flagged', true);
    expect((await getThreadRecords(db, 'inbox', ['m1@example.org']))[0]).toMatchObject({
      unread: 0,
      flagged: 1,
    });
    await expectRowsConsistent(db);
    db.close();
  });

  it('THREAD-1 Trash: delete, restore, expiry, emptying and folder deletion keep the rows', async () => {
    const db = await freshDb();
    const names = await store(db, 'inbox', [m1, m2, m3]);
    const id = (n: string) => names.get(n) as string;
    await moveEmails(db, [id('m2'), id('m3')], TRASH_ID, 1000);
    await expectRowsConsistent(db);
    await restoreEmails(db, [id('m2')]);
    expect((await getThreadRecords(db, 'inbox', ['m1@example.org']))[0]?.count).toBe(2);
    await expireTrash(db, 2000);
    expect(await listThreadKeys(db, TRASH_ID, false)).toEqual([]);
    await expectRowsConsistent(db);
    await moveEmails(db, [id('m2')], TRASH_ID, 3000);
    await emptyTrash(db);
    await expectRowsConsistent(db);
    const work = await addMailbox(db, 'Work', null, 1);
    await moveEmails(db, [id('m1')], work.id, 4000);
    await deleteMailboxTrees(db, [work.id]);
    expect(await db.threads.count()).toBe(0);
    db.close();
  });
});
