// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ListQuery, MessageRow, SortField } from '../../src/state/types.js';
import { foldText } from '../../src/mail/folding.js';
import { first, harness } from './support/services.js';
import { seed } from './support/seed.js';
import { putRewrittenMessage } from '../../src/store/repos/emails.js';

const COUNT = 300;

function sortKey(r: MessageRow, field: SortField): (string | number)[] {
  switch (field) {
    case 'date':
      return [r.receivedAt];
    case 'size':
      return [r.size];
    case 'subject':
      return [foldText(r.subject.replace(/^((re|fwd?):\s*)+/i, '')).trim(), r.receivedAt];
    case 'from':
      return [foldText(r.from[0]?.name || r.from[0]?.address || ''), r.receivedAt];
    case 'read':
      return [r.seen ? 1 : 0, -r.receivedAt];
  }
}

function cmp(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

describe('message list views over a few hundred messages', () => {
  async function setup() {
    const h = await harness();
    const ids = await seed(h.db, 'inbox', COUNT);
    await h.services.messages.setSeen(
      ids.filter((_, i) => i % 3 === 0),
      true,
    );
    const rows = await h.services.messages.getRows(ids);
    return { ...h, rows };
  }

  it('VIEW-3 sorts by date, read state, subject, sender and size, both ways, default newest first', async () => {
    const { services: s, rows } = await setup();
    for (const sort of ['date', 'read', 'subject', 'from', 'size'] as SortField[]) {
      for (const descending of [false, true]) {
        const q: ListQuery = { folderId: 'inbox', sort, descending, unreadOnly: false };
        const ids = await first(s.messages.observeMessageIds(q));
        expect(ids).toHaveLength(COUNT);
        const got = (await s.messages.getRows(ids)).map((r) => sortKey(r, sort));
        let want = rows.map((r) => sortKey(r, sort)).sort(cmp);
        if (descending && sort !== 'read') want = want.reverse();
        if (sort === 'read' && descending)
          want = [...want.filter((k) => k[0] === 1), ...want.filter((k) => k[0] === 0)];
        // Compare the sort keys only: ties may come in either order.
        expect(got.map((k) => k[0])).toEqual(want.map((k) => k[0]));
        if (sort !== 'size') expect(got).toEqual(want);
      }
    }
    const byDate = await first(
      s.messages.observeMessageIds({
        folderId: 'inbox',
        sort: 'date',
        descending: true,
        unreadOnly: false,
      }),
    );
    const newest = Math.max(...rows.map((r) => r.receivedAt));
    expect((await s.messages.getRows([byDate[0] as string]))[0]?.receivedAt).toBe(newest);
  });

  it('VIEW-1 "unread only" lists the unread messages in every sort order', async () => {
    const { services: s, rows } = await setup();
    const unread = new Set(rows.filter((r) => !r.seen).map((r) => r.id));
    for (const sort of ['date', 'read', 'subject', 'from', 'size'] as SortField[]) {
      const ids = await first(
        s.messages.observeMessageIds({
          folderId: 'inbox',
          sort,
          descending: true,
          unreadOnly: true,
        }),
      );
      expect(new Set(ids)).toEqual(unread);
      const firstRows = await s.messages.getFirstRows(
        { folderId: 'inbox', sort, descending: true, unreadOnly: true },
        20,
      );
      expect(firstRows.map((r) => r.id)).toEqual(ids.slice(0, 20));
    }
  });

  it('VIEW-3 first rows for first paint equal the head of the full view', async () => {
    const { services: s } = await setup();
    for (const sort of ['date', 'read', 'subject', 'from', 'size'] as SortField[]) {
      const q: ListQuery = { folderId: 'inbox', sort, descending: false, unreadOnly: false };
      const ids = await first(s.messages.observeMessageIds(q));
      const head = await s.messages.getFirstRows(q, 25);
      expect(head.map((r) => r.id)).toEqual(ids.slice(0, 25));
    }
  });

  it('VIEW-1 the id list re-emits when a message is read', async () => {
    const { services: s, rows } = await setup();
    const q: ListQuery = { folderId: 'inbox', sort: 'date', descending: true, unreadOnly: true };
    const seen: number[] = [];
    const target = rows.find((r) => !r.seen)?.id as string;
    await new Promise<void>((resolve, reject) => {
      const sub = s.messages.observeMessageIds(q).subscribe({
        next: (ids) => {
          seen.push(ids.length);
          if (seen.length === 1) void s.messages.setSeen([target], true);
          else {
            sub.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    expect((seen[1] as number) + 1).toBe(seen[0]);
  });

  it('VIEW-1 VIEW-3 the id list follows a move in, a deletion and a message whose size changes', async () => {
    const { db, services: s, rows } = await setup();
    const q: ListQuery = { folderId: 'inbox', sort: 'size', descending: true, unreadOnly: false };
    const work = await s.folders.createFolder('Work', null);
    const [other] = await seed(db, work.id, 1, 7, 900);
    const lists: string[][] = [];
    const steps: (() => Promise<unknown>)[] = [
      () => s.messages.moveMessages([other as string], 'inbox'),
      () => s.messages.deleteMessages([rows[0]?.id as string]),
      // ATTACH-4: the source rewritten far larger, so it sorts first by size.
      () =>
        putRewrittenMessage(db, rows[1]?.id as string, new Uint8Array(500_000), {
          size: 500_000,
          hasAttachment: false,
          contentHash: 'rewritten',
        }),
    ];
    await new Promise<void>((resolve, reject) => {
      const sub = s.messages.observeMessageIds(q).subscribe({
        next: (ids) => {
          lists.push(ids);
          const step = steps.shift();
          if (step) void step().catch(reject);
          else {
            sub.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    const [before, moved, deleted, resized] = lists as [string[], string[], string[], string[]];
    expect(before).toHaveLength(COUNT);
    expect(moved).toHaveLength(COUNT + 1);
    expect(moved).toContain(other);
    expect(deleted).toHaveLength(COUNT);
    expect(deleted).not.toContain(rows[0]?.id);
    expect(resized[0]).toBe(rows[1]?.id);
    expect(new Set(resized)).toEqual(new Set(deleted));
  });
});
