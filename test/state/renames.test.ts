// A message written here gets the server's id once the server has it (store/sync/ops.ts
// rekeyEmail). Whatever still holds the old id — an open reader, a click on the old row
// on its way, a selection — follows it to the new one (repos/renames.ts).
// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { isUnparseable } from '../../src/mail/types.js';
import { renamedIds } from '../../src/store/repos/renames.js';
import { rekeyEmail } from '../../src/store/sync/ops.js';
import { eml } from '../mail/fixtures.js';
import { emlFile, first, harness } from './support/services.js';

const INBOX = { folderId: 'inbox', sort: 'date', descending: true, unreadOnly: false } as const;
const WEEK_MS = 7 * 24 * 3600_000;

async function importedOne(name: string) {
  const h = await harness();
  await h.services.importer.importFiles([emlFile(name, eml(name))]);
  const [row] = await h.services.messages.getFirstRows(INBOX, 1);
  if (!row) throw new Error('not imported');
  return { ...h, row };
}

describe('a message whose id changed (issue 3)', () => {
  it('VIEW-2 the reader opens it by the id the list showed and gets the row under its new id', async () => {
    const { db, services: s, row, clock } = await importedOne('hostile-filenames.eml');
    const ids = await first(s.messages.observeMessageIds(INBOX));
    expect(ids).toEqual([row.id]);
    // The server took the message while the click on its row was on its way.
    await rekeyEmail(db, row.id, 'S1', { blobId: 'b1', threadId: 't1' }, clock.now);
    const opened = await s.reader.openMessage(row.id);
    expect(opened.row.id).toBe('S1');
    expect(opened.row.subject).toBe('Your files');
    expect(isUnparseable(opened.parsed)).toBe(false);
    expect((await s.messages.getRows(['S1']))[0]?.seen).toBe(true);
    // Download as .eml from a reader still holding the old id.
    const raw = new TextDecoder().decode(await s.reader.getRawMessage(row.id));
    expect(raw).toContain('Subject: Your files');
  });

  it('ATTACH-4 deleting an attachment from a reader holding the old id rewrites the message under its new id', async () => {
    const { db, services: s, row, clock } = await importedOne('attachment-only.eml');
    const opened = await s.reader.openMessage(row.id);
    if (isUnparseable(opened.parsed)) throw new Error('fixture unparseable');
    const part = opened.parsed.attachments[0];
    if (!part) throw new Error('fixture has no attachment');
    await rekeyEmail(db, row.id, 'S1', { blobId: 'b1', threadId: 't1' }, clock.now);
    await s.reader.deleteAttachment(row.id, part.partId);
    expect((await s.messages.getRows(['S1']))[0]?.hasAttachment).toBe(false);
    expect(await db.emails.get(row.id)).toBeUndefined();
  });

  it('issue 3 whoever holds the old id is told the new one, live, through every move', async () => {
    const { db, services: s, row, clock } = await importedOne('two-from.eml');
    const observe = s.messages.observeRenamed;
    if (!observe) throw new Error('the message service tells renamed ids');
    const told: ReadonlyMap<string, string>[] = [];
    const sub = observe([row.id, 'other']).subscribe({ next: (m) => told.push(m) });
    await expect.poll(() => told.length).toBe(1);
    expect([...(told[0] ?? [])]).toEqual([]);
    await rekeyEmail(db, row.id, 'S1', { blobId: 'b1', threadId: 't1' }, clock.now);
    await expect.poll(() => told.at(-1)?.get(row.id)).toBe('S1');
    // Replaced on the server (ATTACH-4): the old id leads to the newest.
    await rekeyEmail(db, 'S1', 'S2', { blobId: 'b2', threadId: 't1' }, clock.now + 1);
    await expect.poll(() => told.at(-1)?.get(row.id)).toBe('S2');
    expect(told.at(-1)?.has('other')).toBe(false);
    sub.unsubscribe();
    expect((await s.reader.openMessage(row.id)).row.id).toBe('S2');
  });

  it('issue 3 a note is kept a week, then forgotten at the next move', async () => {
    const { db, row, clock } = await importedOne('two-from.eml');
    await rekeyEmail(db, row.id, 'S1', { blobId: 'b1', threadId: 't1' }, clock.now);
    await rekeyEmail(db, 'S1', 'S2', { blobId: 'b2', threadId: 't1' }, clock.now + WEEK_MS);
    expect(await renamedIds(db, [row.id, 'S1'])).toEqual(
      new Map([
        [row.id, 'S2'],
        ['S1', 'S2'],
      ]),
    );
    await rekeyEmail(db, 'S2', 'S3', { blobId: 'b3', threadId: 't1' }, clock.now + WEEK_MS + 1);
    expect(await renamedIds(db, [row.id, 'S1', 'S2'])).toEqual(
      new Map([
        ['S1', 'S3'],
        ['S2', 'S3'],
      ]),
    );
  });
});
