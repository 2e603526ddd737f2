// The server's folder list applied over the local one (store/sync/apply-mailboxes.ts):
// the Mailbox state moves with every message read, flagged or delivered, so most lists a
// sync applies hold nothing new. Those must not write the folder rows again: a written
// row wakes every live query that reads it (the open message list re-reads its ids), and
// the catch-up's messages then wait behind that read (ADR 0012, session 22).
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import type { BuzonDb } from '../../src/store/db.js';
import { readState } from '../../src/store/sync/sync-state.js';
import { applyMailboxList } from '../../src/store/sync/apply-mailboxes.js';
import type { ServerMailbox } from '../../src/store/sync/server-types.js';
import { freshDb } from './threads-support.js';

const FOLDERS: ServerMailbox[] = [
  { id: 'S-inbox', name: 'Inbox', parentId: null, role: 'inbox' },
  { id: 'S-work', name: 'Work', parentId: null, role: null },
];

/** The tables whose rows a call's commits told live queries about (Dexie's own signal). */
async function tablesWoken(db: BuzonDb, run: () => Promise<unknown>): Promise<Set<string>> {
  const woken = new Set<string>();
  const listen = (parts: Record<string, unknown>) => {
    for (const key of Object.keys(parts)) {
      const [, name, table] = /^idb:\/\/([^/]+)\/([^/]+)\//.exec(key) ?? [];
      if (name === db.name && table) woken.add(table);
    }
  };
  Dexie.on('storagemutated', listen);
  try {
    await run();
  } finally {
    Dexie.on('storagemutated').unsubscribe(listen);
  }
  return woken;
}

describe('issue 3 the folder list applied', () => {
  it('incremental: a list that only moved its state writes no folder row; the state is kept', async () => {
    const db = await freshDb({ synced: true });
    await applyMailboxList(db, FOLDERS, 'm1');
    const before = await db.mailboxes.toArray();
    const woken = await tablesWoken(db, () => applyMailboxList(db, FOLDERS, 'm2'));
    expect(woken.has('mailboxes')).toBe(false);
    expect(await db.mailboxes.toArray()).toEqual(before);
    expect(await readState(db, 'Mailbox')).toBe('m2');
  });

  it('incremental: a folder renamed on the server is written, and only that one', async () => {
    const db = await freshDb({ synced: true });
    await applyMailboxList(db, FOLDERS, 'm1');
    const renamed = FOLDERS.map((f) => (f.id === 'S-work' ? { ...f, name: 'Projects' } : f));
    const woken = await tablesWoken(db, () => applyMailboxList(db, renamed, 'm2'));
    expect(woken.has('mailboxes')).toBe(true);
    const names = (await db.mailboxes.toArray()).map((m) => m.name);
    expect(names).toContain('Projects');
    expect(names).not.toContain('Work');
    expect(names).toContain('Inbox');
  });
});
