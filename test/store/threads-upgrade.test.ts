// THREAD-1 after the v9 → v10 upgrade: the upgrade adds the indexes and marks the backfill
// pending; the mail already stored is threaded after open, a batch per transaction, while
// new mail keeps arriving, and ends grouped exactly as the batch algorithm groups it.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { threadMessages } from '../../src/mail/threading/jwz.js';
import type { ThreadInput } from '../../src/mail/threading/types.js';
import { V9_STORES } from '../../src/store/migrations/0009-tags-comments.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { putNewMessages } from '../../src/store/repos/emails.js';
import { toThreadInput } from '../../src/store/repos/thread-records.js';
import { backfillThreadsStep, getBackfillStatus } from '../../src/store/repos/threads.js';
import { SCENARIOS } from '../mail/threading/fixtures.js';
import {
  type Eml,
  eml,
  expectRowsConsistent,
  fixture,
  freshDb,
  groups,
  records,
  threadQueued,
} from './threads-support.js';

/** Every scenario but `impostor`, whose result depends on arrival order (keys.ts). */
const MAILBOX = SCENARIOS.filter((s) => s !== 'impostor').flatMap((s) =>
  fixture(s).map((m): Eml => ({ name: `${s}/${m.name}`, raw: m.raw })),
);

describe('store schema v10 (0010-threads)', () => {
  it('THREAD-1 upgrades a v9 mailbox, then threads its mail in batches as new mail arrives', async () => {
    const factory = new IDBFactory();
    const v9 = new Dexie('buzon-local', { indexedDB: factory, IDBKeyRange });
    v9.version(9).stores(V9_STORES);
    await v9.open();
    const old = await records('inbox', MAILBOX);
    await v9.table('mailboxes').bulkAdd([
      {
        id: 'inbox',
        name: 'Inbox',
        parentId: null,
        role: 'inbox',
        total: old.length,
        unread: old.length,
      },
    ]);
    await v9.table('emails').bulkAdd(old.map((o) => o.email));
    await v9.table('bodies').bulkAdd(old.map((o) => ({ id: o.email.id, raw: o.raw })));
    v9.close();

    const db = await freshDb({ factory });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(Object.keys(db.emails.schema.idxByName)).toEqual(
      expect.arrayContaining(['[threadKey+mailboxId]', 'threadNodes', '[threadBase+threadDate]']),
    );
    expect(await getBackfillStatus(db)).toEqual({ done: false, threaded: 0 });
    expect(await db.threads.count()).toBe(0);
    expect((await db.emails.toArray()).every((e) => e.threadKey === undefined)).toBe(true);

    // A reply to an old message arrives in the middle of the backfill.
    const late = eml({
      name: 'late',
      subject: 'Re: Offsite venue',
      date: 'Mon, 02 Sep 2024 09:00:00 +0000',
      irt: 'offsite-3',
      refs: ['offsite-1', 'offsite-3'],
    });
    // The fixture ids end in @example.org, as eml() writes them.
    const arriving = await records('inbox', [late]);
    let steps = 0;
    for (;;) {
      const status = await backfillThreadsStep(db, 4);
      if (steps === 3) await putNewMessages(db, arriving);
      steps++;
      if (status.done) break;
    }
    expect(steps).toBeGreaterThan(MAILBOX.length / 4);
    // The arrival was queued (ADR 0026): threaded by the queue, or by the backfill's pass.
    await threadQueued(db);
    expect((await getBackfillStatus(db)).done).toBe(true);

    const all = [...old, ...arriving];
    const names = new Map(all.map((o, i) => [[...MAILBOX, late][i]?.name as string, o.email.id]));
    const byId = new Map([...names].map(([n, id]) => [id, n]));
    const inputs = all.map((o): ThreadInput => ({
      ...toThreadInput(o.email),
      id: byId.get(o.email.id) as string,
    }));
    const want = threadMessages(inputs)
      .map((t) => [...t.ids].sort())
      .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
    expect(await groups(db, names)).toEqual(want);
    expect(want.find((g) => g.includes('late'))).toContain('copies/01-root');
    await expectRowsConsistent(db);
    // Running it again does nothing.
    expect((await backfillThreadsStep(db, 4)).done).toBe(true);
    db.close();
  });

  it('THREAD-1 a new database has nothing to backfill', async () => {
    const db = await freshDb();
    expect(await getBackfillStatus(db)).toEqual({ done: true, threaded: 0 });
    db.close();
  });
});
