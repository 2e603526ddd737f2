// The body repository (schema v14, ADR 0004): bytes packed several to a record, read back
// exactly, and gone from disk when their message is deleted, copied, renamed or replaced.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDb, type BuzonDb } from '../../src/store/db.js';
import type { EmailRecord } from '../../src/store/records.js';
import {
  PACK_BYTES,
  getBodiesOf,
  packBodies,
  withStoredBodies,
} from '../../src/store/repos/bodies.js';
import {
  deleteEmailsForever,
  putNewMessages,
  putRewrittenMessage,
} from '../../src/store/repos/emails.js';
import { copyEmailTo } from '../../src/store/repos/filter-writes.js';
import { putSyncedBodies } from '../../src/store/sync/bodies.js';
import { rekeyEmail } from '../../src/store/sync/ops.js';
import { bodyOf, storedBodyIdsOnDisk } from '../support/bodies.js';

function row(id: string, receivedAt: number, size: number): EmailRecord {
  return {
    id,
    messageId: `${id}@x`,
    mailboxId: 'inbox',
    keywords: {},
    seen: 0,
    sortSubject: id,
    sortFrom: 'a',
    receivedAt,
    sentAt: receivedAt,
    size,
    hasAttachment: false,
    priority: 3,
    from: [],
    to: [],
    cc: [],
    subject: id,
    preview: '',
    warnings: [],
    inReplyTo: null,
    references: [],
    contentHash: `h${id}`,
  };
}

/** Distinct bytes of `size` for message `id`. */
function rawOf(id: string, size: number): Uint8Array {
  const head = new TextEncoder().encode(`Subject: ${id}\r\n\r\n`);
  const raw = new Uint8Array(size);
  raw.set(head);
  for (let i = head.length; i < size; i++) raw[i] = 97 + ((i + id.length) % 26);
  return raw;
}

async function mailbox(): Promise<BuzonDb> {
  return openDb('buzon-local', { indexedDB: new IDBFactory(), IDBKeyRange });
}

async function seed(db: BuzonDb, sizes: readonly number[]): Promise<string[]> {
  const ids = sizes.map((_, i) => `m${i}`);
  await putNewMessages(
    db,
    ids.map((id, i) => ({
      email: row(id, i, sizes[i] as number),
      raw: rawOf(id, sizes[i] as number),
    })),
  );
  return ids;
}

describe('message bytes in packs (schema v14)', () => {
  it('IMPORT-1 packs close before 256 KB; a larger message gets a pack of its own; every byte reads back', async () => {
    const sizes = [100_000, 120_000, 60_000, 800_000, 20_000, 4_000];
    const packs = packBodies(sizes.map((n, i) => ({ id: `m${i}`, raw: rawOf(`m${i}`, n) })));
    expect(packs.map((p) => p.ids)).toEqual([['m0', 'm1'], ['m2'], ['m3'], ['m4', 'm5']]);
    expect(packs.every((p) => p.bytes.byteLength <= PACK_BYTES || p.ids.length === 1)).toBe(true);

    const db = await mailbox();
    const ids = await seed(db, sizes);
    expect(await db.bodyPacks.count()).toBe(4);
    const got = await getBodiesOf(db, [...ids, 'nope']);
    expect(got.slice(0, -1)).toEqual(ids.map((id, i) => rawOf(id, sizes[i] as number)));
    expect(got.at(-1)).toBeUndefined();
    // Each read owns its bytes: not a view of the whole pack.
    expect(got[1]?.buffer.byteLength).toBe(120_000);
    expect(await withStoredBodies(db, [...ids, 'nope'])).toEqual(ids);
    db.close();
  });

  it('DELETE-1 deleting messages rewrites their pack without them, and drops a pack left empty', async () => {
    const db = await mailbox();
    const ids = await seed(db, [1_000, 2_000, 3_000]);
    await deleteEmailsForever(db, ['m1']);
    expect(await storedBodyIdsOnDisk(db)).toEqual(['m0', 'm2']);
    expect(await bodyOf(db, 'm2')).toEqual(rawOf('m2', 3_000));
    await deleteEmailsForever(db, ['m0', 'm2']);
    expect(await db.bodyPacks.count()).toBe(0);
    expect(await withStoredBodies(db, ids)).toEqual([]);
    expect(ids).toHaveLength(3);
    db.close();
  });

  it('FILTER-1 a copy has bytes of its own: deleting the original keeps them', async () => {
    const db = await mailbox();
    await seed(db, [1_000, 2_000]);
    const copy = (await copyEmailTo(db, 'm0', 'drafts', 5)) as string;
    await deleteEmailsForever(db, ['m0']);
    expect(await bodyOf(db, copy)).toEqual(rawOf('m0', 1_000));
    expect(await storedBodyIdsOnDisk(db)).toEqual([copy, 'm1'].sort());
    db.close();
  });

  it('ATTACH-4 a rewritten message replaces its bytes; the old ones leave the disk', async () => {
    const db = await mailbox();
    await seed(db, [1_000, 2_000]);
    const next = rawOf('m0-rewritten', 700);
    await putRewrittenMessage(db, 'm0', next, {
      size: 700,
      hasAttachment: false,
      contentHash: 'x',
    });
    expect(await bodyOf(db, 'm0')).toEqual(next);
    expect(await bodyOf(db, 'm1')).toEqual(rawOf('m1', 2_000));
    expect(await storedBodyIdsOnDisk(db)).toEqual(['m0', 'm1']);
    const packs = await db.bodyPacks.toArray();
    expect(packs.reduce((n, p) => n + p.bytes.byteLength, 0)).toBe(2_700);
    db.close();
  });

  it('issue 3 a message created on the server keeps its bytes under its server id; bytes downloaded again replace the stored ones', async () => {
    const db = await openDb('buzon-account-A', {
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      synced: true,
    });
    await seed(db, [1_000, 2_000]);
    expect(await rekeyEmail(db, 'm0', 'S0', { blobId: 'b0', threadId: 't0' }, 1)).toBe(true);
    expect(await bodyOf(db, 'S0')).toEqual(rawOf('m0', 1_000));
    expect(await bodyOf(db, 'm0')).toBeUndefined();
    const again = rawOf('S0', 1_500);
    const derived = (await db.emails.get('S0')) as EmailRecord;
    await putSyncedBodies(db, [{ id: 'S0', raw: again, derived }]);
    expect(await bodyOf(db, 'S0')).toEqual(again);
    expect(await storedBodyIdsOnDisk(db)).toEqual(['S0', 'm1']);
    db.close();
  });
});
