// SPAM-1 / FILTER-3: which synced mail is "incoming" — new mail from incremental sync that
// lands in the mailbox's Inbox or another IMAP account's INBOX — and is queued for spam
// detection and filters. Mail the user already had (bootstrap) is never queued.
import { describe, expect, it } from 'vitest';
import { IMAP_ACCOUNT_ID_SHAPE } from '../../src/proxy/external/model.js';
import { OTHER_ACCOUNT_FOLDER_ID_SHAPE } from '../../src/store/incoming-folders.js';
import { applyEmailBatch } from '../../src/store/sync/apply-emails.js';
import { applyMailboxList } from '../../src/store/sync/apply-mailboxes.js';
import type { ServerMailbox } from '../../src/store/sync/server-types.js';
import { serverEmail } from './server-email.js';
import { freshDb } from './threads-support.js';

const FOLDERS: ServerMailbox[] = [
  { id: 'S-inbox', name: 'Inbox', parentId: null, role: 'inbox' },
  { id: 'S-lists', name: 'Lists', parentId: null, role: null },
  // Another IMAP account (ADR 0016): a top-level folder named by its address.
  { id: 'xbob001', name: 'bob@example.org', parentId: null, role: null },
  { id: 'xbob001-INBOX', name: 'INBOX', parentId: 'xbob001', role: null },
  { id: 'xbob001-Work', name: 'Work', parentId: 'xbob001', role: null },
  // An ordinary folder that merely has the name: not incoming.
  { id: 'S-old', name: 'Old', parentId: null, role: null },
  { id: 'S-old-inbox', name: 'INBOX', parentId: 'S-old', role: null },
];

async function queuedIds(db: Awaited<ReturnType<typeof freshDb>>): Promise<string[]> {
  return (await db.incomingQueue.orderBy('seq').toArray()).map((q) => q.id);
}

describe('incoming mail queue', () => {
  it('SPAM-1 FILTER-3 new mail in the Inbox, another account’s INBOX and the user’s own folders is queued, in arrival order (not other accounts’ folders)', async () => {
    const db = await freshDb({ synced: true });
    await applyMailboxList(db, FOLDERS, 'm1');
    await applyEmailBatch(db, {
      upserts: [
        serverEmail('a', 'S-inbox'),
        serverEmail('b', 'S-lists'),
        serverEmail('c', 'xbob001-INBOX'),
        serverEmail('d', 'xbob001-Work'),
        serverEmail('e', 'S-old-inbox'),
      ],
      destroyed: [],
      incoming: true,
      now: 2_000,
    });
    // b and e may have been filed by the server's script (ADR 0028 addendum); the
    // processor drops them unread unless a filter with app-only actions files there.
    expect(await queuedIds(db)).toEqual(['a', 'b', 'c', 'e']);
    // A change to a message already here (read elsewhere, moved back) is not an arrival.
    await applyEmailBatch(db, {
      upserts: [{ ...serverEmail('b', 'S-inbox'), keywords: { $seen: true } }],
      destroyed: [],
      incoming: true,
      now: 3_000,
    });
    expect(await queuedIds(db)).toEqual(['a', 'b', 'c', 'e']);
  });

  it('SPAM-1 FILTER-3 the first download of a mailbox (bootstrap) queues nothing', async () => {
    const db = await freshDb({ synced: true });
    await applyMailboxList(db, FOLDERS, 'm1');
    await applyEmailBatch(db, {
      upserts: [serverEmail('a', 'S-inbox'), serverEmail('c', 'xbob001-INBOX')],
      destroyed: [],
      now: 2_000,
    });
    expect(await queuedIds(db)).toEqual([]);
  });

  it('the browser’s account-folder shape is the proxy’s account id shape', () => {
    for (const id of ['xbob001', 'xa1b2c3', 'x000000', 'y123456', 'xABCDEF', 'x12345', 'x1234567'])
      expect(OTHER_ACCOUNT_FOLDER_ID_SHAPE.test(id)).toBe(IMAP_ACCOUNT_ID_SHAPE.test(id));
  });
});
