// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import type { DBCore, DBCoreQueryRequest, Middleware } from 'dexie';
import { describe, expect, it } from 'vitest';
import { listEmailIds, type EmailSort } from '../../src/store/repos/email-query.js';
import { listMailboxes } from '../../src/store/repos/mailboxes.js';
import { harness } from '../state/support/services.js';
import { seed } from '../state/support/seed.js';

/** Records every read a query makes, to prove lists are read from indexes as keys only. */
async function spyReads(db: Awaited<ReturnType<typeof harness>>['db']) {
  const reads: { table: string; values: boolean; kind: string }[] = [];
  const mw: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'read-spy',
    create: (down) => ({
      ...down,
      table: (name) => {
        const t = down.table(name);
        return {
          ...t,
          query: (req: DBCoreQueryRequest) => {
            reads.push({ table: name, values: req.values ?? true, kind: 'query' });
            return t.query(req);
          },
          getMany: (req) => {
            reads.push({ table: name, values: true, kind: 'getMany' });
            return t.getMany(req);
          },
          get: (req) => {
            reads.push({ table: name, values: true, kind: 'get' });
            return t.get(req);
          },
          openCursor: (req) => {
            reads.push({ table: name, values: req.values ?? true, kind: 'cursor' });
            return t.openCursor(req);
          },
        };
      },
    }),
  };
  db.close();
  db.use(mw);
  await db.open();
  return reads;
}

describe('list queries at scale', () => {
  it('VIEW-1 VIEW-3 every sort and "unread only" reads index keys only, never message rows', async () => {
    const { db, services: s } = await harness();
    const ids = await seed(db, 'inbox', 400);
    await s.messages.setSeen(ids.slice(0, 150), true);
    const reads = await spyReads(db);
    for (const sort of ['date', 'read', 'subject', 'from', 'size'] as EmailSort[]) {
      for (const unreadOnly of [false, true]) {
        const got = await listEmailIds(db, {
          mailboxId: 'inbox',
          sort,
          descending: true,
          unreadOnly,
        });
        expect(got).toHaveLength(unreadOnly ? 250 : 400);
      }
    }
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => r.table === 'emails' && r.values)).toEqual([]);
  });

  it('FOLDER-5 the folder tree reads one small table, not the messages', async () => {
    const { db } = await harness();
    await seed(db, 'inbox', 50);
    const reads = await spyReads(db);
    const boxes = await listMailboxes(db);
    expect(boxes.find((b) => b.id === 'inbox')).toMatchObject({ total: 50, unread: 50 });
    expect(reads.every((r) => r.table === 'mailboxes')).toBe(true);
  });
});
