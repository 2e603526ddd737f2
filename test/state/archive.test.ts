// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openMailZip, readMailZipEntries } from '../../src/archive/read-zip.js';
import { isUnparseable } from '../../src/mail/types.js';
import { eml } from '../mail/fixtures.js';
import { genMessage, rng } from './support/mail-gen.js';
import { failWritesFrom } from './support/quota.js';
import { first, folderByPath, harness } from './support/services.js';
import { seedRaw } from './support/seed.js';

const DAY = 86_400_000;

async function zipContents(blob: Blob): Promise<Map<string, Uint8Array>> {
  const zip = await openMailZip(blob);
  const out = new Map<string, Uint8Array>();
  for await (const item of readMailZipEntries(zip))
    if ('bytes' in item) out.set(item.entry.path, item.bytes);
  return out;
}

function fileOf(blob: Blob, name: string): File {
  return new File([blob], name, { type: 'application/zip' });
}

describe('archive', () => {
  it('ARCHIVE-1 archives a folder into Documents; importing the zip into a fresh mailbox gives the same bytes', async () => {
    const a = await harness();
    const work = await a.services.folders.createFolder('Work', null);
    const sub = await a.services.folders.createFolder('2025', work.id);
    const r = rng(11);
    const raws = [
      ...Array.from({ length: 12 }, (_, i) => genMessage(r, { index: i, attachment: i % 4 === 0 })),
      eml('hostile-filenames.eml'),
      eml('nasty-headers.eml'),
    ];
    await seedRaw(a.db, sub.id, raws);
    const progress: number[] = [];
    const result = await a.services.archives.createArchive(
      { folderId: sub.id, scope: { kind: 'all' }, deleteAfter: false },
      { onProgress: (p) => progress.push(p.done) },
    );
    expect(result.stored).toBe(true);
    expect(result.folder).toBe('archives');
    expect(result.name).toMatch(/\.zip$/);
    expect(progress.at(-1)).toBe(raws.length);
    const docs = await first(a.services.documents.observeDocuments());
    expect(docs.map((d) => d.id)).toEqual([result.id]);
    const blob = await a.services.documents.getDocumentBlob(result.id);
    const entries = await zipContents(blob);
    expect([...entries.keys()].every((p) => p.startsWith('mail/Work/2025/'))).toBe(true);

    const b = await harness();
    const report = await b.services.importer.importFiles([fileOf(blob, result.name)]);
    expect(report).toMatchObject({ imported: raws.length, duplicates: 0, rejected: [] });
    const target = await folderByPath(b.services, 'Work/2025');
    const ids = await first(
      b.services.messages.observeMessageIds({
        folderId: target.id,
        sort: 'date',
        descending: true,
        unreadOnly: false,
      }),
    );
    const copied = await Promise.all(ids.map((id) => b.services.reader.getRawMessage(id)));
    const key = (x: Uint8Array) => Buffer.from(x).toString('base64');
    expect(copied.map(key).sort()).toEqual(raws.map(key).sort());
  });

  it('ARCHIVE-1 archives selected or older-than messages, and "delete after" moves them to Trash', async () => {
    const { db, services: s, clock } = await harness(Date.UTC(2025, 5, 1));
    const r = rng(3);
    const dates = [10, 20, 30, 40].map((d) => new Date(clock.now - d * DAY));
    const ids = await seedRaw(
      db,
      'inbox',
      dates.map((date, i) => genMessage(r, { index: i, date })),
    );
    const old = await s.archives.createArchive({
      folderId: 'inbox',
      scope: { kind: 'older-than', before: clock.now - 25 * DAY },
      deleteAfter: true,
    });
    expect((await zipContents(old.blob)).size).toBe(2);
    const rows = await s.messages.getRows(ids);
    expect(
      rows
        .filter((x) => x.folderId === 'trash')
        .map((x) => x.id)
        .sort(),
    ).toEqual([ids[2], ids[3]].sort());
    const picked = await s.archives.createArchive({
      folderId: 'inbox',
      scope: { kind: 'selected', ids: [ids[0] as string] },
      deleteAfter: false,
    });
    const content = await zipContents(picked.blob);
    expect([...content.keys()]).toHaveLength(1);
    expect([...content.keys()][0]).toMatch(/^mail\/Inbox\//);
    await expect(
      s.archives.createArchive({ folderId: 'drafts', scope: { kind: 'all' }, deleteAfter: false }),
    ).rejects.toThrow(/no messages/);
  });

  it('ARCHIVE-1 when Documents is full, the zip is still returned for download', async () => {
    const { db, services: s } = await harness();
    await seedRaw(db, 'inbox', [genMessage(rng(1), { index: 1 })]);
    await failWritesFrom(db, 'documentData', 1);
    const result = await s.archives.createArchive({
      folderId: 'inbox',
      scope: { kind: 'all' },
      deleteAfter: false,
    });
    expect(result.stored).toBe(false);
    expect(result.id).toBe('');
    expect((await zipContents(result.blob)).size).toBe(1);
    expect(await db.documents.count()).toBe(0);
  });

  it('ARCHIVE-2 opens an archive without importing: lists, reads, searches accent-insensitively, imports from it', async () => {
    const a = await harness();
    const r = rng(5);
    await seedRaw(a.db, 'inbox', [
      genMessage(r, { index: 1, subject: 'Reunión del lunes', from: 'Álvaro Núñez' }),
      genMessage(r, { index: 2, subject: 'Budget', body: 'El árbol de navidad está listo' }),
      genMessage(r, { index: 3, subject: 'Other', from: 'carl@example.net' }),
    ]);
    const made = await a.services.archives.createArchive({
      folderId: 'inbox',
      scope: { kind: 'all' },
      deleteAfter: false,
    });

    const b = await harness();
    const opened = await b.services.archives.openArchive(made.blob, made.name);
    expect(opened.name).toBe(made.name);
    expect(opened.entries).toHaveLength(3);
    expect(opened.entries.map((e) => e.subject).sort()).toEqual([
      'Budget',
      'Other',
      'Reunión del lunes',
    ]);
    expect(opened.entries.every((e) => e.folderPath.join('/') === 'Inbox')).toBe(true);
    expect(await b.db.emails.count()).toBe(0);

    const reunion = opened.entries.find((e) => e.subject.startsWith('Reuni'));
    const parsed = await opened.readEntry(reunion?.path as string);
    expect(isUnparseable(parsed) ? null : parsed.summary.from[0]?.name).toBe('Álvaro Núñez');

    expect((await opened.search('REUNION')).map((e) => e.subject)).toEqual(['Reunión del lunes']);
    expect((await opened.search('alvaro nunez')).map((e) => e.subject)).toEqual([
      'Reunión del lunes',
    ]);
    expect((await opened.search('arbol navidad')).map((e) => e.subject)).toEqual(['Budget']);
    expect((await opened.search('carl@example')).map((e) => e.subject)).toEqual(['Other']);
    expect(await opened.search('arbol carl')).toEqual([]);
    expect(await opened.search('  ')).toHaveLength(3);

    const one = await opened.importEntries([reunion?.path as string]);
    expect(one).toMatchObject({ imported: 1, duplicates: 0 });
    const all = await opened.importEntries();
    expect(all).toMatchObject({ imported: 2, duplicates: 1, cancelled: false });
    expect((await folderByPath(b.services, 'Inbox')).total).toBe(3);
  });
});
