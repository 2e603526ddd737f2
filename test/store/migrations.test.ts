// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { DbVersionError, StorageFullError, mapDbError } from '../../src/store/errors.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { V1_STORES } from '../../src/store/migrations/0001-initial.js';
import { V2_STORES } from '../../src/store/migrations/0002-sync.js';
import { V5_STORES } from '../../src/store/migrations/0005-identities.js';
import { V8_STORES } from '../../src/store/migrations/0008-search.js';
import { V9_STORES } from '../../src/store/migrations/0009-tags-comments.js';
import { V10_STORES } from '../../src/store/migrations/0010-threads.js';
import { V11_STORES } from '../../src/store/migrations/0011-incoming.js';
import { V12_STORES } from '../../src/store/migrations/0012-pgp.js';
import { V13_STORES } from '../../src/store/migrations/0013-decrypted.js';
import { V14_STORES } from '../../src/store/migrations/0014-body-packs.js';
import { V15_STORES } from '../../src/store/migrations/0015-email-renames.js';
import { V16_STORES } from '../../src/store/migrations/0016-lazy-sort-keys.js';
import { V17_STORES } from '../../src/store/migrations/0017-no-body-pack-index.js';
import { countUnsorted, listEmailIds } from '../../src/store/repos/email-query.js';
import { fillSortKeysStep } from '../../src/store/repos/sort-keys.js';
import { getBodiesOf, repackLegacyBodies, withStoredBodies } from '../../src/store/repos/bodies.js';
import { deleteEmailsForever } from '../../src/store/repos/emails.js';
import Dexie from 'dexie';
import type { EmailRecord } from '../../src/store/records.js';

function email(id: string, mailboxId: string, receivedAt: number, seen: 0 | 1): EmailRecord {
  return {
    id,
    messageId: `${id}@x`,
    mailboxId,
    keywords: seen ? { $seen: true } : {},
    seen,
    sortSubject: `s${id}`,
    sortFrom: 'a',
    receivedAt,
    sentAt: receivedAt,
    size: 100,
    hasAttachment: false,
    priority: 3,
    from: [],
    to: [],
    cc: [],
    subject: `S${id}`,
    preview: '',
    warnings: [],
    inReplyTo: null,
    references: [],
    contentHash: `h${id}`,
  };
}

describe('store schema v1 (0001-initial)', () => {
  it('FOLDER-1 creates every table and the six system folders from nothing', async () => {
    const db = await openDb('buzon-local', { indexedDB: new IDBFactory(), IDBKeyRange });
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(V17_STORES).sort());
    expect(Object.keys(V17_STORES)).toEqual(Object.keys(V16_STORES));
    expect(Object.keys(V16_STORES)).toEqual(Object.keys(V15_STORES));
    expect(Object.keys(V15_STORES)).toEqual(expect.arrayContaining(Object.keys(V14_STORES)));
    expect(Object.keys(V14_STORES)).toEqual(expect.arrayContaining(Object.keys(V13_STORES)));
    expect(Object.keys(V13_STORES)).toEqual(expect.arrayContaining(Object.keys(V12_STORES)));
    expect(Object.keys(V11_STORES)).toEqual(expect.arrayContaining(Object.keys(V10_STORES)));
    expect(Object.keys(V10_STORES)).toEqual(expect.arrayContaining(Object.keys(V9_STORES)));
    const roles = (await db.mailboxes.toArray()).map((m) => m.role).sort();
    expect(roles).toEqual(['drafts', 'inbox', 'sent', 'spam', 'templates', 'trash']);
    expect(db.verno).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('declares the indexes every list, dedupe and expiry query uses', async () => {
    const db = await openDb('buzon-local', { indexedDB: new IDBFactory(), IDBKeyRange });
    const names = Object.keys(db.emails.schema.idxByName);
    for (const idx of [
      '[mailboxId+receivedAt]',
      '[mailboxId+seen+receivedAt]',
      '[mailboxId+sortSubject+receivedAt]',
      '[mailboxId+sortFrom+receivedAt]',
      '[mailboxId+sortSize]',
      'contentHash',
      'trashedAt',
      'messageId',
    ]) {
      expect(names).toContain(idx);
    }
    // And the native store really has them (not only Dexie's idea of it).
    const native = db.backendDB().transaction('emails').objectStore('emails');
    expect([...native.indexNames]).toContain('[mailboxId+seen+receivedAt]');
    await db.emails.bulkAdd([
      email('1', 'inbox', 10, 0),
      email('2', 'inbox', 30, 1),
      email('3', 'sent', 20, 0),
    ]);
    const unreadInbox = await db.emails
      .where('[mailboxId+seen+receivedAt]')
      .between(['inbox', 0, -Infinity], ['inbox', 0, Infinity])
      .primaryKeys();
    expect(unreadInbox).toEqual(['1']);
    db.close();
  });

  it('keeps data and system folders when opened again (no second populate)', async () => {
    const factory = new IDBFactory();
    const db = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange });
    await db.emails.add(email('1', 'inbox', 10, 0));
    db.close();
    const again = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange });
    expect(await again.emails.count()).toBe(1);
    expect(await again.mailboxes.count()).toBe(6);
    again.close();
  });

  it('refuses a database written by newer code with DbVersionError (UI prompts a reload)', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      // Dexie version n is native version n*10: this is "schema v" SCHEMA_VERSION + 1.
      const req = factory.open('buzon-local', (SCHEMA_VERSION + 1) * 10);
      req.onupgradeneeded = () => req.result.createObjectStore('future');
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    const err = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DbVersionError);
    expect((err as DbVersionError).installedVersion).toBe(SCHEMA_VERSION + 1);
    expect((err as Error).message).toMatch(/Reload/);
  });

  it('maps a QuotaExceededError, bare or wrapped by Dexie, to StorageFullError', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(mapDbError(quota)).toBeInstanceOf(StorageFullError);
    const wrapped = { name: 'AbortError', inner: quota };
    expect(mapDbError(wrapped)).toBeInstanceOf(StorageFullError);
    const abort = new DOMException('cancelled', 'AbortError');
    expect(mapDbError(abort)).toBe(abort);
  });
});

describe('store schema v2 (0002-sync)', () => {
  it('upgrades a v1 local mailbox keeping its mail, and adds the sync tables', async () => {
    const factory = new IDBFactory();
    const v1 = new Dexie('buzon-local', { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores(V1_STORES);
    await v1.open();
    await v1
      .table('mailboxes')
      .add({ id: 'inbox', name: 'Inbox', parentId: null, role: 'inbox', total: 1, unread: 1 });
    await v1.table('emails').add(email('1', 'inbox', 10, 0));
    await v1.table('bodies').add({ id: '1', raw: new Uint8Array([1, 2, 3]) });
    v1.close();
    const db = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.emails.get('1'))?.subject).toBe('S1');
    expect((await db.bodies.get('1'))?.raw).toEqual(new Uint8Array([1, 2, 3]));
    expect((await db.mailboxes.get('inbox'))?.total).toBe(1);
    expect(await db.ops.count()).toBe(0);
    expect(Object.keys(db.ops.schema.idxByName)).toContain('target');
    expect(Object.keys(db.bodyQueue.schema.idxByName)).toContain('receivedAt');
    db.close();
  });

  it('issue 4 upgrades a v2 account database keeping its journal, and adds the Outbox', async () => {
    const factory = new IDBFactory();
    const v2 = new Dexie('buzon-account-A1', { indexedDB: factory, IDBKeyRange });
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores(V2_STORES);
    await v2.open();
    await v2.table('emails').add(email('1', 'inbox', 10, 0));
    await v2.table('ops').add({
      target: '1',
      op: { kind: 'email-destroy', target: '1' },
      rev: 0,
      createdAt: 1,
      attempts: 0,
      notBefore: 0,
    });
    v2.close();
    const db = await openDb('buzon-account-A1', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.emails.get('1'))?.subject).toBe('S1');
    expect(await db.ops.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect(Object.keys(db.outbox.schema.idxByName)).toEqual(
      expect.arrayContaining(['state', 'createdAt']),
    );
    db.close();
  });

  it('the local mailbox journals nothing; an account database journals each change', async () => {
    const local = await openDb('buzon-local', { indexedDB: new IDBFactory(), IDBKeyRange });
    await local.emails.add(email('1', 'inbox', 10, 0));
    const { putKeyword } = await import('../../src/store/repos/emails.js');
    await putKeyword(local, ['1'], '$flagged', true);
    expect(await local.ops.count()).toBe(0);
    local.close();
    const account = await openDb('buzon-account-x', {
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      synced: true,
    });
    await account.emails.add(email('1', 'inbox', 10, 0));
    await putKeyword(account, ['1'], '$flagged', true);
    expect((await account.ops.toArray()).map((o) => o.op)).toEqual([
      { kind: 'email-keywords', target: '1', keywords: { $flagged: true } },
    ]);
    account.close();
  });
});

describe('store schema v5 (0005-identities)', () => {
  it('SEND-7 upgrades a v4 account database keeping its contacts, and adds the identities table', async () => {
    const { V4_STORES } = await import('../../src/store/migrations/0004-contacts.js');
    const factory = new IDBFactory();
    const v4 = new Dexie('buzon-account-A1', { indexedDB: factory, IDBKeyRange });
    v4.version(4).stores(V4_STORES);
    await v4.open();
    await v4.table('contacts').add({ id: 'c1', firstName: 'José', emailKeys: ['jose@x.org'] });
    v4.close();
    const db = await openDb('buzon-account-A1', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.contacts.get('c1'))?.firstName).toBe('José');
    expect(db.identities.schema.primKey.name).toBe('id');
    for (const [table, spec] of Object.entries(V4_STORES))
      expect(V5_STORES[table as keyof typeof V4_STORES]).toBe(spec);
    db.close();
  });
});

describe('store schema v7 (0007-outbox-bytes)', () => {
  it('SEND-13 upgrades a v6 account database: a waiting message keeps its row, its bytes move to outboxBytes', async () => {
    const { V6_STORES } = await import('../../src/store/migrations/0006-contact-lists.js');
    const factory = new IDBFactory();
    const v6 = new Dexie('buzon-account-A1', { indexedDB: factory, IDBKeyRange });
    v6.version(6).stores(V6_STORES);
    await v6.open();
    const raw = new TextEncoder().encode('Subject: Hola\r\n\r\nHola\r\n');
    await v6.table('outbox').add({ id: 'o1', state: 'queued', createdAt: 1, subject: 'Hola', raw });
    v6.close();
    const db = await openDb('buzon-account-A1', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBe(SCHEMA_VERSION);
    const row = (await db.outbox.get('o1')) as unknown as Record<string, unknown>;
    expect(row['subject']).toBe('Hola');
    expect('raw' in row).toBe(false);
    expect([...((await db.outboxBytes.get('o1'))?.raw ?? [])]).toEqual([...raw]);
    db.close();
  });
});

describe('store schema v8 (0008-search)', () => {
  it('SEARCH-1 upgrades a v7 account database: mail stays, the empty search index and saved searches appear', async () => {
    const { V7_STORES } = await import('../../src/store/migrations/0007-outbox-bytes.js');
    const factory = new IDBFactory();
    const v7 = new Dexie('buzon-account-A1', { indexedDB: factory, IDBKeyRange });
    v7.version(7).stores(V7_STORES);
    await v7.open();
    await v7.table('emails').add(email('e1', 'inbox', 1, 0));
    v7.close();
    const db = await openDb('buzon-account-A1', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.emails.get('e1'))?.subject).toBe('Se1');
    expect(await db.searchSegments.count()).toBe(0);
    await db.searchBlocks.put({
      seg: 1,
      bucket: 'cam',
      terms: 'camion',
      offsets: new Uint32Array([0, 2]),
      data: new Uint8Array([0, 16]),
    });
    expect((await db.searchBlocks.get([1, 'cam']))?.terms).toBe('camion');
    db.close();
  });
});

describe('store schema v9 (0009-tags-comments)', () => {
  it('TAG-1 COMMENT-1 upgrades a v8 account database: mail and saved searches stay, tags and the comment index appear', async () => {
    const factory = new IDBFactory();
    const v8 = new Dexie('buzon-account-A9', { indexedDB: factory, IDBKeyRange });
    v8.version(8).stores(V8_STORES);
    await v8.open();
    await v8.table('emails').add({ ...email('e1', 'inbox', 1, 0), keywords: { $label2: true } });
    await v8
      .table('savedSearches')
      .add({ id: 's1', name: 'S', text: 'x', folderId: null, createdAt: 1 });
    v8.close();
    const db = await openDb('buzon-account-A9', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBeGreaterThanOrEqual(9);
    expect((await db.emails.get('e1'))?.keywords).toEqual({ $label2: true });
    expect((await db.savedSearches.get('s1'))?.name).toBe('S');
    expect(await db.tags.count()).toBe(0);
    await db.tags.put({
      keyword: 'proyecto_x',
      name: 'Proyecto X',
      color: '#123456',
      createdAt: 1,
    });
    await db.comments.bulkPut([
      { id: 'c1', forKey: 'mid:a@x', text: 'uno', updatedAt: 1 },
      { id: 'c2', forKey: 'mid:b@x', text: 'dos', updatedAt: 2 },
    ]);
    expect((await db.comments.where('forKey').equals('mid:b@x').first())?.text).toBe('dos');
    expect((await db.tags.get('proyecto_x'))?.name).toBe('Proyecto X');
    db.close();
  });
});

describe('store schema v13 (0013-decrypted)', () => {
  it('PGP-4 upgrades a v12 database: mail and keys stay, the empty table of kept decrypted copies appears, by email id and by key', async () => {
    const factory = new IDBFactory();
    const v12 = new Dexie('buzon-account-A1', { indexedDB: factory, IDBKeyRange });
    v12.version(12).stores(V12_STORES);
    await v12.open();
    await v12.table('emails').add(email('e1', 'inbox', 1, 0));
    v12.close();
    const db = await openDb('buzon-account-A1', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.emails.get('e1'))?.subject).toBe('Se1');
    expect(await db.decrypted.count()).toBe(0);
    const row = {
      id: 'e1',
      fingerprint: 'ab'.repeat(20),
      partId: '',
      source: '0'.repeat(64),
      entity: new Uint8Array([1, 2]),
      text: 'hola',
      at: 1,
      signatures: [],
    };
    await db.decrypted.put(row);
    expect(await db.decrypted.where('fingerprint').equals('ab'.repeat(20)).primaryKeys()).toEqual([
      'e1',
    ]);
    db.close();
  });
});

describe('store schema v14 (0014-body-packs)', () => {
  it('FOLDER-1 upgrades a v13 mailbox: its bytes stay readable, then move into packs after open, and deleting still removes them', async () => {
    const factory = new IDBFactory();
    const v13 = new Dexie('buzon-local', { indexedDB: factory, IDBKeyRange });
    v13.version(13).stores(V13_STORES);
    await v13.open();
    const ids = Array.from({ length: 7 }, (_, i) => `m${i}`);
    await v13.table('emails').bulkAdd(ids.map((id, i) => email(id, 'inbox', i, 0)));
    const rawOf = (id: string) => new TextEncoder().encode(`Subject: ${id}\r\n\r\nbody ${id}`);
    await v13.table('bodies').bulkAdd(ids.map((id) => ({ id, raw: rawOf(id) })));
    // A body whose row is gone: dropped by the move, not packed.
    await v13.table('bodies').add({ id: 'orphan', raw: rawOf('orphan') });
    v13.close();

    const db = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange });
    expect(db.verno).toBe(SCHEMA_VERSION);
    // v17: rows name their pack without an index of it.
    expect(Object.keys(db.emails.schema.idxByName)).not.toContain('bodyPack');
    // Before the move: read from the old records.
    const decode = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
    expect((await getBodiesOf(db, ids)).map(decode)).toEqual(ids.map((id) => decode(rawOf(id))));
    expect(await withStoredBodies(db, [...ids, 'orphan'])).toEqual(ids);

    await repackLegacyBodies(db);
    expect(await db.bodies.count()).toBe(0);
    const packs = await db.bodyPacks.toArray();
    expect(packs).toHaveLength(1);
    // Newest first in the pack, as a sync writes them.
    expect(packs[0]?.ids).toEqual([...ids].reverse());
    expect((await db.emails.toArray()).every((e) => e.bodyPack === packs[0]?.key)).toBe(true);
    expect((await getBodiesOf(db, ids)).map(decode)).toEqual(ids.map((id) => decode(rawOf(id))));
    expect(await withStoredBodies(db, ids)).toEqual(ids);

    await deleteEmailsForever(db, ['m3']);
    expect((await db.bodyPacks.toArray())[0]?.ids).toEqual(['m6', 'm5', 'm4', 'm2', 'm1', 'm0']);
    expect(decode((await getBodiesOf(db, ['m4']))[0])).toBe(decode(rawOf('m4')));
    db.close();
  });
});

describe('store schema v15 (0015-email-renames)', () => {
  it('issue 3 upgrades a v14 account database: mail stays, the empty table of moved ids appears, by old id and by time', async () => {
    const factory = new IDBFactory();
    const v14 = new Dexie('buzon-account-A1', { indexedDB: factory, IDBKeyRange });
    v14.version(14).stores(V14_STORES);
    await v14.open();
    await v14.table('emails').add(email('e1', 'inbox', 1, 0));
    v14.close();
    const db = await openDb('buzon-account-A1', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.emails.get('e1'))?.subject).toBe('Se1');
    expect(await db.emailRenames.count()).toBe(0);
    await db.emailRenames.put({ from: 'e1', to: 'S1', at: 5 });
    expect((await db.emailRenames.get('e1'))?.to).toBe('S1');
    expect(await db.emailRenames.where('at').below(6).primaryKeys()).toEqual(['e1']);
    db.close();
  });
});

describe('store schema v16 (0016-lazy-sort-keys)', () => {
  it('VIEW-3 upgrades a v15 mailbox: mail stays, the size order waits for its keys, then sorts by size', async () => {
    const factory = new IDBFactory();
    const v15 = new Dexie('buzon-local', { indexedDB: factory, IDBKeyRange });
    v15.version(15).stores(V15_STORES);
    await v15.open();
    const sizes = [300, 20, 5_000, 70];
    await v15
      .table('emails')
      .bulkAdd(sizes.map((size, i) => ({ ...email(`e${i}`, 'inbox', i, 0), size })));
    v15.close();

    const db = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange });
    expect(db.verno).toBe(SCHEMA_VERSION);
    const names = Object.keys(db.emails.schema.idxByName);
    expect(names).toContain('[mailboxId+sortSize]');
    expect(names).not.toContain('[mailboxId+size]');
    expect((await db.emails.get('e2'))?.size).toBe(5_000);
    const bySize = {
      mailboxId: 'inbox',
      sort: 'size',
      descending: false,
      unreadOnly: false,
    } as const;
    // Rows from before v16 have no size key yet: the view lists by date meanwhile.
    expect(await countUnsorted(db, bySize)).toBe(4);
    expect(await listEmailIds(db, bySize)).toEqual(['e3', 'e2', 'e1', 'e0']);
    // Their subject keys were kept: the subject order needs nothing.
    expect(await countUnsorted(db, { ...bySize, sort: 'subject' })).toBe(0);

    expect(await fillSortKeysStep(db, 'inbox', 3)).toBe(1);
    expect(await fillSortKeysStep(db, 'inbox', 3)).toBe(0);
    expect(await countUnsorted(db, bySize)).toBe(0);
    expect(await listEmailIds(db, bySize)).toEqual(['e1', 'e3', 'e0', 'e2']);
    db.close();
  });
});

describe('store schema v17 (0017-no-body-pack-index)', () => {
  it('SEARCH-1 upgrades a v16 mailbox: mail and bytes stay, the pack index goes, and which bytes are here is read from the rows', async () => {
    const factory = new IDBFactory();
    const v16 = new Dexie('buzon-local', { indexedDB: factory, IDBKeyRange });
    v16.version(16).stores(V16_STORES);
    await v16.open();
    const raw = new TextEncoder().encode('Subject: packed\r\n\r\nbody');
    const key = await v16
      .table('bodyPacks')
      .add({ ids: ['e0'], ends: [raw.byteLength], bytes: raw });
    await v16
      .table('emails')
      .bulkAdd([{ ...email('e0', 'inbox', 1, 0), bodyPack: key }, email('e1', 'inbox', 2, 0)]);
    expect(await v16.table('emails').where('bodyPack').above(0).primaryKeys()).toEqual(['e0']);
    v16.close();

    const db = await openDb('buzon-local', { indexedDB: factory, IDBKeyRange });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(Object.keys(db.emails.schema.idxByName)).not.toContain('bodyPack');
    const native = db.backendDB().transaction('emails').objectStore('emails');
    expect([...native.indexNames]).not.toContain('bodyPack');
    expect((await db.emails.get('e0'))?.bodyPack).toBe(key);
    expect(await withStoredBodies(db, ['e1', 'e0', 'gone'])).toEqual(['e0']);
    expect(new TextDecoder().decode((await getBodiesOf(db, ['e0']))[0])).toBe(
      'Subject: packed\r\n\r\nbody',
    );
    db.close();
  });
});
