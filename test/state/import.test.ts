// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  FIRST_IMPORT_BATCH_SIZE,
  ImportStorageFullError,
  SECOND_IMPORT_BATCH_SIZE,
} from '../../src/state/import/pipeline.js';
import { recountMailboxes } from '../../src/store/counts.js';
import { StorageFullError } from '../../src/store/errors.js';
import { eml } from '../mail/fixtures.js';
import { genMessage, rng } from './support/mail-gen.js';
import { failWritesFrom } from './support/quota.js';
import { emlFile, folderByPath, folders, harness } from './support/services.js';
import { zipFile } from './support/zips.js';
import { storedBodyCount, storedBodyIdsOnDisk } from '../support/bodies.js';

function generated(count: number, seedNo = 1): Uint8Array[] {
  const r = rng(seedNo);
  return Array.from({ length: count }, (_, i) => genMessage(r, { index: i }));
}

async function bigZip(count: number): Promise<File> {
  const entries: Record<string, Uint8Array> = {};
  generated(count).forEach(
    (bytes, i) => (entries[`mail/Inbox/${String(i).padStart(5, '0')}.eml`] = bytes),
  );
  return zipFile('big.zip', entries);
}

describe('import', () => {
  it('IMPORT-1 a single .eml goes to Inbox, unread, dated by its Date header', async () => {
    const { services: s, clock } = await harness(Date.UTC(2025, 11, 1));
    const report = await s.importer.importFiles([emlFile('scan.eml', eml('attachment-only.eml'))]);
    expect(report).toEqual({ imported: 1, duplicates: 0, rejected: [], cancelled: false });
    const ids = await s.messages.getFirstRows(
      { folderId: 'inbox', sort: 'date', descending: true, unreadOnly: false },
      10,
    );
    expect(ids).toHaveLength(1);
    const row = ids[0];
    expect(row).toMatchObject({
      subject: 'Scan',
      seen: false,
      hasAttachment: true,
      sentAt: Date.UTC(2025, 5, 8, 12),
    });
    expect(row?.receivedAt).toBe(Date.UTC(2025, 5, 8, 12));
    expect(row?.receivedAt).not.toBe(clock.now);
  });

  it("IMPORT-1 maps a zip's folders: localised system names to system folders, others created", async () => {
    const { services: s } = await harness();
    const r = rng(4);
    const file = await zipFile('export.zip', {
      'mail/Bandeja de entrada/1.eml': genMessage(r, { index: 1 }),
      'mail/Enviados/2.eml': genMessage(r, { index: 2 }),
      'mail/Proyectos/2025/3.eml': genMessage(r, { index: 3 }),
      'mail/Proyectos/4.eml': genMessage(r, { index: 4 }),
      'mail/Papelera/5.eml': genMessage(r, { index: 5 }),
      'mail/Enviados/Sub/6.eml': genMessage(r, { index: 6 }),
      'mail/7.eml': genMessage(r, { index: 7 }),
    });
    const report = await s.importer.importFiles([file]);
    expect(report.imported).toBe(7);
    expect(report.rejected).toEqual([]);
    const tree = await folders(s);
    const byPath = Object.fromEntries(tree.map((f) => [f.path, f]));
    expect(byPath['Inbox']).toMatchObject({ total: 2, unread: 2 });
    // FOLDER-2: Sent takes no subfolder, so Enviados/Sub lands in Sent; own mail arrives read.
    expect(byPath['Sent']).toMatchObject({ total: 2, unread: 0 });
    expect(byPath['Proyectos']).toMatchObject({ total: 1 });
    expect(byPath['Proyectos/2025']).toMatchObject({ total: 1 });
    expect(byPath['Trash']).toMatchObject({ total: 1 });
    expect(tree.some((f) => f.path.startsWith('Sent/'))).toBe(false);
    expect(tree.some((f) => f.name === 'Bandeja de entrada' || f.name === 'Enviados')).toBe(false);
  });

  it('IMPORT-1 importing the same files again imports nothing new', async () => {
    const { db, services: s } = await harness();
    const files = [await bigZip(30), emlFile('a.eml', eml('nasty-headers.eml'))];
    const first = await s.importer.importFiles(files);
    expect(first).toMatchObject({ imported: 31, duplicates: 0 });
    const again = await s.importer.importFiles(files);
    expect(again).toMatchObject({ imported: 0, duplicates: 31, cancelled: false });
    expect(await db.emails.count()).toBe(31);
    // The same bytes twice in one import count once.
    const twice = await s.importer.importFiles([
      emlFile('x.eml', eml('flowed.eml')),
      emlFile('y.eml', eml('flowed.eml')),
    ]);
    expect(twice).toMatchObject({ imported: 1, duplicates: 1 });
  });

  it('IMPORT-1 collects per-file errors and keeps going; broken mail is kept and flagged', async () => {
    const { services: s } = await harness();
    const tooBig = new File([new Uint8Array(50 * 1024 * 1024 + 1)], 'huge.eml', {
      type: 'message/rfc822',
    });
    const report = await s.importer.importFiles([
      new File(['hello'], 'notes.txt', { type: 'text/plain' }),
      new File([], 'empty.eml'),
      tooBig,
      new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], 'broken.zip'),
      await zipFile('mixed.zip', {
        'mail/Inbox/ok.eml': eml('two-from.eml'),
        'mail/Inbox/readme.txt': 'not mail',
      }),
      emlFile('garbage.eml', eml('garbage.eml')),
      new File(['just text'], 'fake.zip'),
    ]);
    const names = report.rejected.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['notes.txt', 'empty.eml', 'huge.eml', 'broken.zip']),
    );
    expect(report.rejected.find((r) => r.name === 'huge.eml')?.reason).toMatch(/50 MB/);
    expect(report.rejected.find((r) => r.name === 'fake.zip')?.reason).toMatch(/not a zip/);
    expect(report.rejected.some((r) => r.name === 'mixed.zip/mail/Inbox/readme.txt')).toBe(true);
    expect(report.rejected.every((r) => r.reason.length > 0)).toBe(true);
    expect(report.imported).toBe(2);
    const rows = await s.messages.getFirstRows(
      { folderId: 'inbox', sort: 'date', descending: true, unreadOnly: false },
      10,
    );
    expect(rows.find((r) => r.warnings.includes('unparseable'))).toBeDefined();
    expect(rows.find((r) => r.warnings.includes('multiple-from'))).toBeDefined();
  });

  it('IMPORT-1 PWA-5 Cancel keeps whole messages only, and a second import resumes', async () => {
    const { db, services: s } = await harness();
    const B = FIRST_IMPORT_BATCH_SIZE;
    const file = await bigZip(B * 2.5);
    const ctrl = new AbortController();
    const progress: number[] = [];
    const report = await s.importer.importFiles([file], {
      signal: ctrl.signal,
      onProgress: (p) => {
        progress.push(p.done);
        if (p.done >= B) ctrl.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.imported).toBe(B);
    expect(await db.emails.count()).toBe(B);
    expect(await storedBodyCount(db)).toBe(B);
    expect(progress.some((d) => d > 0)).toBe(true);
    const rest = await s.importer.importFiles([file]);
    expect(rest).toMatchObject({ imported: B * 1.5, duplicates: B, cancelled: false });
    expect((await folderByPath(s, 'Inbox')).total).toBe(B * 2.5);
  });

  it('IMPORT-1 ACCOUNT-1 a full disk mid-import stops with a clear message and leaves the store consistent', async () => {
    const { db, services: s } = await harness();
    // Batches: the two small first ones, then full ones; the third batch's bodies do not fit.
    const stored = FIRST_IMPORT_BATCH_SIZE + SECOND_IMPORT_BATCH_SIZE;
    const file = await bigZip(stored + 150);
    await failWritesFrom(db, 'bodyPacks', 3);
    const err = await s.importer.importFiles([file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect(err).toBeInstanceOf(ImportStorageFullError);
    expect((err as ImportStorageFullError).report.imported).toBe(stored);
    expect((err as Error).message).toMatch(
      new RegExp(`out of space after importing ${stored} messages`),
    );
    // Whole messages only: every row has its body and the counters match the rows.
    const emailIds = (await db.emails.toCollection().primaryKeys()).sort();
    const bodyIds = await storedBodyIdsOnDisk(db);
    expect(emailIds).toHaveLength(stored);
    expect(bodyIds).toEqual(emailIds);
    const before = (await db.mailboxes.toArray()).map((m) => [m.id, m.total, m.unread]).sort();
    await recountMailboxes(db);
    expect((await db.mailboxes.toArray()).map((m) => [m.id, m.total, m.unread]).sort()).toEqual(
      before,
    );
  });

  it('IMPORT-1 VIEW-3 receivedAt is the Date header when sane, else the import time', async () => {
    const { services: s, clock } = await harness();
    const r = rng(2);
    const future = genMessage(r, { index: 1, date: new Date(clock.now + 365 * 86400_000) });
    const ancient = genMessage(r, { index: 2, date: new Date(Date.UTC(1901, 0, 1)) });
    const noDate = new TextEncoder().encode('From: a@b.c\r\nSubject: no date\r\n\r\nhi\r\n');
    await s.importer.importFiles([
      emlFile('f.eml', future),
      emlFile('a.eml', ancient),
      emlFile('n.eml', noDate),
    ]);
    const rows = await s.messages.getFirstRows(
      { folderId: 'inbox', sort: 'date', descending: true, unreadOnly: false },
      10,
    );
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.receivedAt === clock.now)).toBe(true);
    expect(rows.find((row) => row.subject === 'no date')?.sentAt).toBeNull();
  });
});
