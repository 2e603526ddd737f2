// ThreadService (THREAD-1/2, SETTINGS-2) over real .eml fixtures imported through the
// import service (Inbox) and the store's import path (the user's copies in Sent).
// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import type { Services } from '../../src/state/context.js';
import { createServices } from '../../src/state/services.js';
import { openDb } from '../../src/store/db.js';
import Dexie from 'dexie';
import { V9_STORES } from '../../src/store/migrations/0009-tags-comments.js';
import { fixture, records } from '../store/threads-support.js';
import { emlFile, first, harness } from './support/services.js';
import { seedRaw } from './support/seed.js';

const noRender = {
  renderMail(): never {
    throw new Error('no DOM');
  },
  renderPrintDocument(): never {
    throw new Error('no DOM');
  },
};

async function importInbox(s: Services, scenario: string, skip: readonly string[] = []) {
  const files = fixture(scenario)
    .filter((m) => !skip.includes(m.name))
    .map((m) => emlFile(`${m.name}.eml`, m.raw));
  const report = await s.importer.importFiles(files);
  expect(report.imported).toBe(files.length);
  // New mail is threaded off the import's path (ADR 0026); the view waits for it.
  await s.threads.ensureThreaded();
}

/** The copies scenario: the list's messages in Inbox, the user's own reply in Sent. */
async function offsite(s: Services, db: Parameters<typeof seedRaw>[0]): Promise<void> {
  await importInbox(s, 'copies', ['02-my-reply-sent', '02-my-reply-inbox']);
  const sent = fixture('copies').find((m) => m.name === '02-my-reply-sent');
  await seedRaw(db, 'sent', [sent?.raw as Uint8Array]);
  await s.threads.ensureThreaded();
}

describe('ThreadService', () => {
  it('THREAD-1 the Inbox threads view: one row per conversation, counted per folder, newest activity first', async () => {
    const { services: s, db } = await harness();
    await offsite(s, db);
    await importInbox(s, 'outlook-irt');
    const keys = await first(s.threads.observeThreadKeys({ folderId: 'inbox', unreadOnly: false }));
    expect(keys).toHaveLength(2);
    const rows = await s.threads.getThreadRows('inbox', keys);
    const firstPaint = await s.threads.getFirstThreadRows(
      { folderId: 'inbox', unreadOnly: false },
      1,
    );
    expect(firstPaint.map((r) => r.key)).toEqual([keys[0]]);
    // copies is from September 2024, outlook-irt from April 2024.
    expect(rows.map((r) => r.subject)).toEqual([
      '[team] Offsite venue',
      'Presupuesto reforma cocina',
    ]);
    const team = rows[0];
    // Per folder (as Thunderbird): the reply in Sent is not counted in Inbox's row.
    expect(team).toMatchObject({ count: 2, unreadCount: 2, unread: true, folderId: 'inbox' });
    expect(team?.participants.map((p) => p.address)).toEqual(['lead@example.org']);
    const sentKeys = await first(
      s.threads.observeThreadKeys({ folderId: 'sent', unreadOnly: false }),
    );
    expect(sentKeys).toEqual([team?.key]);
  });

  it('THREAD-1 opening a thread shows the conversation oldest first, the reply from Sent included', async () => {
    const { services: s, db } = await harness();
    await offsite(s, db);
    const [key] = await first(
      s.threads.observeThreadKeys({ folderId: 'inbox', unreadOnly: false }),
    );
    const opened = await s.threads.openThread('inbox', key as string);
    expect(opened.rows.map((r) => [r.messageId, r.folderId])).toEqual([
      ['offsite-1@example.org', 'inbox'],
      ['offsite-2-me@example.org', 'sent'],
      ['offsite-3@example.org', 'inbox'],
    ]);
    expect(opened.firstUnreadId).toBe(opened.rows[0]?.id);
    // Both copies of the user's reply (list copy in Inbox, own copy in Sent): shown once.
    const both = fixture('copies').find((m) => m.name === '02-my-reply-inbox');
    await seedRaw(db, 'inbox', [both?.raw as Uint8Array]);
    await s.threads.ensureThreaded();
    const again = await s.threads.openThread('inbox', key as string);
    expect(again.rows.map((r) => [r.messageId, r.folderId])).toEqual([
      ['offsite-1@example.org', 'inbox'],
      ['offsite-2-me@example.org', 'inbox'],
      ['offsite-3@example.org', 'inbox'],
    ]);
    // Trash is left out of a thread opened elsewhere.
    await s.messages.deleteMessages([again.rows[2]?.id as string]);
    expect((await s.threads.openThread('inbox', key as string)).rows).toHaveLength(2);
  });

  it('THREAD-2 marks a whole thread unread and one message read; an account journals keyword ops', async () => {
    const factory = new IDBFactory();
    const db = await openDb('buzon-account-t', { indexedDB: factory, IDBKeyRange, synced: true });
    const s = createServices(db, { parser: createInlineParser(), render: noRender });
    await importInbox(s, 'outlook-irt');
    const [key] = await first(
      s.threads.observeThreadKeys({ folderId: 'inbox', unreadOnly: false }),
    );
    await s.threads.setThreadSeen('inbox', key as string, true);
    let [row] = await s.threads.getThreadRows('inbox', [key as string]);
    expect(row).toMatchObject({ unread: false, unreadCount: 0 });
    expect(
      await first(s.threads.observeThreadKeys({ folderId: 'inbox', unreadOnly: true })),
    ).toEqual([]);
    await db.ops.clear();
    await s.threads.setThreadSeen('inbox', key as string, false);
    [row] = await s.threads.getThreadRows('inbox', [key as string]);
    expect(row).toMatchObject({ unread: true, unreadCount: row?.count });
    const ops = await db.ops.toArray();
    expect(ops).toHaveLength(row?.count as number);
    for (const o of ops)
      expect(o.op).toMatchObject({ kind: 'email-keywords', keywords: { $seen: false } });
    // One message of the thread read again (MessageService, the same keyword path).
    const opened = await s.threads.openThread('inbox', key as string);
    await s.messages.setSeen([opened.rows[0]?.id as string], true);
    [row] = await s.threads.getThreadRows('inbox', [key as string]);
    expect(row?.unreadCount).toBe((row?.count as number) - 1);
    db.close();
  });

  it('SETTINGS-2 the threads view is off by default and remembered', async () => {
    const { services: s, factory } = await harness();
    expect((await first(s.settings.observeSettings())).threadsView).toBe(false);
    await s.settings.updateSettings({ threadsView: true });
    const again = createServices(await openDb('buzon-test', { indexedDB: factory, IDBKeyRange }), {
      parser: createInlineParser(),
      render: noRender,
    });
    expect((await first(again.settings.observeSettings())).threadsView).toBe(true);
  });

  it('THREAD-1 after the upgrade, showing the threads view threads the old mail; the status says when', async () => {
    const factory = new IDBFactory();
    const v9 = new Dexie('buzon-local', { indexedDB: factory, IDBKeyRange });
    v9.version(9).stores(V9_STORES);
    await v9.open();
    const old = await records('inbox', fixture('outlook-irt'));
    await v9.table('emails').bulkAdd(old.map((o) => o.email));
    v9.close();
    const db = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange });
    const s = createServices(db, { parser: createInlineParser(), render: noRender });
    expect(await first(s.threads.observeThreadingStatus())).toEqual({ done: false, threaded: 0 });
    const shown = new Promise<string[]>((resolve) => {
      const sub = s.threads.observeThreadKeys({ folderId: 'inbox', unreadOnly: false }).subscribe({
        next: (keys) => {
          if (keys.length === 0) return;
          queueMicrotask(() => sub.unsubscribe());
          resolve(keys);
        },
      });
    });
    expect(await shown).toHaveLength(1);
    await s.threads.ensureThreaded();
    expect(await first(s.threads.observeThreadingStatus())).toEqual({ done: true, threaded: 4 });
    const [row] = await s.threads.getThreadRows('inbox', await shown);
    expect(row?.count).toBe(4);
    db.close();
  });

  it('THREAD-1 a new mailbox reports threading done; ensureThreaded is idempotent', async () => {
    const { services: s } = await harness();
    await Promise.all([s.threads.ensureThreaded(), s.threads.ensureThreaded()]);
    expect(await first(s.threads.observeThreadingStatus())).toEqual({ done: true, threaded: 0 });
  });
});
