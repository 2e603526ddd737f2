// THREAD-1/2 on the sync paths: server mail applied in batches (new, moved, flagged,
// destroyed), bodies arriving later, eviction, a server id replacing a local one, and a
// folder deleted on the server. Thread rows must stay equal to their messages' summary.
import { describe, expect, it } from 'vitest';
import { createInlineParser } from '../../src/mail/parse.js';
import { threadMessages } from '../../src/mail/threading/jwz.js';
import { isUnparseable } from '../../src/mail/types.js';
import type { BuzonDb } from '../../src/store/db.js';
import { putKeyword } from '../../src/store/repos/emails.js';
import {
  drainThreadQueueStep,
  getThreadRecords,
  listThreadKeys,
} from '../../src/store/repos/threads.js';
import { applyEmailBatch } from '../../src/store/sync/apply-emails.js';
import { applyMailboxList } from '../../src/store/sync/apply-mailboxes.js';
import { putSyncedBodies } from '../../src/store/sync/bodies.js';
import { rekeyEmail } from '../../src/store/sync/ops.js';
import type { ServerEmail, ServerMailbox } from '../../src/store/sync/server-types.js';
import { evictOlderThan } from '../../src/store/sync/sync-state.js';
import { sha256Hex } from '../../src/state/hash.js';
import { loadInputs } from '../mail/threading/fixtures.js';
import {
  type Eml,
  expectRowsConsistent,
  fixture,
  freshDb,
  groups,
  records,
  store,
  threadQueued,
} from './threads-support.js';

const parser = createInlineParser();
const FOLDERS: ServerMailbox[] = [
  { id: 'S-inbox', name: 'Inbox', parentId: null, role: 'inbox' },
  { id: 'S-sent', name: 'Sent', parentId: null, role: 'sent' },
  { id: 'S-lists', name: 'Lists', parentId: null, role: null },
];

async function serverEmail(m: Eml, mailboxId: string, receivedAt: number): Promise<ServerEmail> {
  const s = await parser.summarize(m.raw);
  if (isUnparseable(s)) throw new Error(m.name);
  return {
    id: `srv-${m.name}`,
    blobId: `blob-${m.name}`,
    threadId: `t-${m.name}`,
    mailboxId,
    keywords: {},
    size: m.raw.byteLength,
    receivedAt,
    messageId: s.messageId,
    inReplyTo: s.inReplyTo,
    references: s.references,
    from: s.from,
    to: s.to,
    cc: s.cc,
    subject: s.subject,
    sentAt: s.sentAt,
    hasAttachment: s.hasAttachment,
    preview: s.preview,
  };
}

async function account(): Promise<BuzonDb> {
  const db = await freshDb({ synced: true });
  await applyMailboxList(db, FOLDERS, 'm1');
  return db;
}

const NAMES = (list: readonly Eml[]) => new Map(list.map((m) => [m.name, `srv-${m.name}`]));

describe('THREAD-1 sync keeps threads', () => {
  it('THREAD-1 server mail is threaded as it is applied, newest first, and moves/flags/deletes follow', async () => {
    const db = await account();
    const files = fixture('list-missing-middle');
    // Bootstrap order: newest first, a page at a time.
    const newestFirst = [...files].reverse();
    for (const [i, m] of newestFirst.entries()) {
      const upserts = [await serverEmail(m, 'S-inbox', 1_000_000 - i)];
      await applyEmailBatch(db, { upserts, destroyed: [], now: 1 });
    }
    const names = NAMES(files);
    const want = threadMessages(await loadInputs('list-missing-middle'))
      .map((t) => [...t.ids].sort())
      .sort((x, y) => (x[0] ?? '').localeCompare(y[0] ?? ''));
    expect(await groups(db, names)).toEqual(want);
    await expectRowsConsistent(db);
    // /changes: one message moves to Lists and is read, another is destroyed.
    const lists = (await db.mailboxes.toArray()).find((m) => m.serverId === 'S-lists')
      ?.id as string;
    await applyEmailBatch(db, {
      upserts: [],
      patches: [{ id: 'srv-02-reply', mailboxId: 'S-lists', keywords: { $seen: true } }],
      destroyed: ['srv-05-sibling-via-missing'],
      now: 2,
    });
    await expectRowsConsistent(db);
    const key = (await db.emails.get('srv-02-reply'))?.threadKey as string;
    expect((await getThreadRecords(db, lists, [key]))[0]).toMatchObject({ count: 1, unread: 0 });
    // The folder goes on the server: its thread rows go with its messages.
    await applyMailboxList(db, FOLDERS.slice(0, 2), 'm2');
    expect(await listThreadKeys(db, lists, false)).toEqual([]);
    await expectRowsConsistent(db);
    db.close();
  });

  it('THREAD-1 a sync batch is queued as one entry; draining takes whole entries and drops messages gone meanwhile', async () => {
    const db = await account();
    const files = fixture('list-missing-middle');
    const [first, second, ...rest] = files;
    // Two batches of one message (one entry each), then the rest in one batch (one entry).
    for (const [i, m] of [first, second].entries())
      await applyEmailBatch(db, {
        upserts: [await serverEmail(m as Eml, 'S-inbox', 2_000_000 - i)],
        destroyed: [],
        now: 1,
      });
    const upserts = await Promise.all(rest.map((m, i) => serverEmail(m, 'S-inbox', 1_000_000 - i)));
    await applyEmailBatch(db, { upserts, destroyed: [], now: 1 });
    expect(await db.threadQueue.count()).toBe(3);
    // One of the batch's messages is deleted on the server before it is threaded.
    const gone = upserts[0]?.id as string;
    await applyEmailBatch(db, { upserts: [], destroyed: [gone], now: 2 });
    // A step of 2 takes the two single entries, then the whole batch entry (larger than 2).
    expect(await drainThreadQueueStep(db, 2)).toBe(1);
    expect((await db.emails.get(`srv-${(first as Eml).name}`))?.threadKey).toBeDefined();
    expect((await db.emails.get(upserts[1]?.id as string))?.threadKey).toBeUndefined();
    expect(await drainThreadQueueStep(db, 2)).toBe(0);
    const rows = await db.emails.toArray();
    expect(rows.map((r) => r.id)).not.toContain(gone);
    expect(rows.every((r) => r.threadKey !== undefined)).toBe(true);
    await expectRowsConsistent(db);
  });

  it('THREAD-1 a body arriving later, eviction and a server id for a local message keep the rows', async () => {
    const db = await account();
    const [a, b, c] = fixture('outlook-irt');
    if (!a || !b || !c) throw new Error('fixture');
    await applyEmailBatch(db, {
      upserts: [await serverEmail(a, 'S-inbox', 100), await serverEmail(b, 'S-inbox', 200)],
      destroyed: [],
      now: 1,
    });
    // The body says the sender's name differently from the server's metadata.
    const s = await parser.summarize(b.raw);
    if (isUnparseable(s)) throw new Error('b');
    const from = [{ name: 'Renamed Sender', address: s.from[0]?.address ?? '' }];
    await putSyncedBodies(db, [
      {
        id: 'srv-02-re',
        raw: b.raw,
        derived: {
          ...s,
          messageId: s.messageId ?? '',
          from,
          contentHash: await sha256Hex(b.raw),
        },
      },
    ]);
    await expectRowsConsistent(db);
    const key = (await db.emails.get('srv-02-re'))?.threadKey as string;
    expect(
      (await getThreadRecords(db, 'inbox', [key]))[0]?.participants.map((p) => p.name),
    ).toContain('Renamed Sender');
    // A message imported here, then confirmed by the server under its own id.
    const local = await store(db, 'inbox', [c]);
    await rekeyEmail(
      db,
      local.get('03-re-re') as string,
      'srv-03',
      { blobId: 'b3', threadId: 't3' },
      1,
    );
    await expectRowsConsistent(db);
    expect((await getThreadRecords(db, 'inbox', [key]))[0]).toMatchObject({
      count: 3,
      latestId: 'srv-03',
    });
    await putKeyword(db, ['srv-03'], '$seen', true);
    // The offline window shrinks: the oldest leaves the device.
    await evictOlderThan(db, 150);
    await expectRowsConsistent(db);
    expect((await getThreadRecords(db, 'inbox', [key]))[0]?.count).toBe(2);
    db.close();
  });

  it('THREAD-1 a message stored before v10 that the server confirms under its own id is threaded then', async () => {
    const db = await account();
    const [a] = fixture('outlook-irt');
    const [item] = await records('inbox', a ? [a] : []);
    if (!item) throw new Error('fixture');
    // Written as v9 wrote it: no thread fields (the backfill's cursor may already be past it).
    await db.emails.add(item.email);
    await rekeyEmail(db, item.email.id, '0-server-id', { blobId: 'b', threadId: 't' }, 1);
    await threadQueued(db);
    expect((await db.emails.get('0-server-id'))?.threadKey).toBeDefined();
    await expectRowsConsistent(db);
    db.close();
  });
});
