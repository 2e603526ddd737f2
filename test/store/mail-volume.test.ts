// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SEARCH-1: the search index's signal of new mail (observeMailVolume) changes when mail
// arrives, goes or moves, and when bytes still to download arrive — and not when a message
// is only read — without counting every message and body (ADR 0024, session 8).
import { describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { observeMailVolume } from '../../src/store/repos/saved-searches.js';
import { applyEmailBatch } from '../../src/store/sync/apply-emails.js';
import { applyMailboxList } from '../../src/store/sync/apply-mailboxes.js';
import { putSyncedBody } from '../../src/store/sync/bodies.js';
import { deriveFromBody } from '../../src/sync/bodies.js';
import { serverEmail } from './server-email.js';
import { freshDb } from './threads-support.js';

type Db = Awaited<ReturnType<typeof freshDb>>;

/** The signal's value once the live query has run on what is stored now. */
function volume(db: Db): Promise<string> {
  return new Promise((resolve, reject) => {
    const sub = observeMailVolume(db).subscribe({
      next: (v) => {
        resolve(v);
        queueMicrotask(() => sub.unsubscribe());
      },
      error: reject,
    });
  });
}

describe('the search index’s signal of new mail', () => {
  it('SEARCH-1 changes on arrival, on bytes arriving and on a move; not on a message read', async () => {
    const db = await freshDb({ synced: true });
    await applyMailboxList(
      db,
      [
        { id: 'S-inbox', name: 'Inbox', parentId: null, role: 'inbox' },
        { id: 'S-work', name: 'Work', parentId: null, role: null },
      ],
      'm1',
    );
    const empty = await volume(db);
    await applyEmailBatch(db, { upserts: [serverEmail('a', 'S-inbox')], destroyed: [], now: 2 });
    const arrived = await volume(db);
    expect(arrived).not.toBe(empty);

    const raw = new TextEncoder().encode('Subject: a\r\nFrom: ann@example.org\r\n\r\nHola.\r\n');
    await putSyncedBody(db, 'a', raw, await deriveFromBody(createInlineParser(), raw));
    const withBytes = await volume(db);
    expect(withBytes).not.toBe(arrived);

    await applyEmailBatch(db, {
      upserts: [serverEmail('a', 'S-inbox', true)],
      destroyed: [],
      now: 3,
    });
    expect(await volume(db)).toBe(withBytes);

    await applyEmailBatch(db, {
      upserts: [serverEmail('a', 'S-work', true)],
      destroyed: [],
      now: 4,
    });
    expect(await volume(db)).not.toBe(withBytes);
    db.close();
  });
});
