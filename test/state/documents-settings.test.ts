// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/state/settings-service.js';
import { NotFoundError } from '../../src/store/errors.js';
import { first, harness } from './support/services.js';

describe('documents, settings, storage, notices', () => {
  it('ATTACH-2 documents: save, list, read back, rename, delete', async () => {
    const { services: s } = await harness();
    const bytes = new TextEncoder().encode('%PDF-1.4 test');
    const doc = await s.documents.saveDocument(
      '../../scan.pdf',
      'application/pdf',
      bytes,
      'attachments',
    );
    expect(doc).toMatchObject({
      folder: 'attachments',
      mimeType: 'application/pdf',
      size: bytes.byteLength,
    });
    expect(doc.name).not.toMatch(/[/\\]/);
    const blob = await s.documents.getDocumentBlob(doc.id);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
    expect(blob.type).toBe('application/pdf');
    await s.documents.renameDocument(doc.id, 'Escaneo.pdf');
    expect((await first(s.documents.observeDocuments())).map((d) => d.name)).toEqual([
      'Escaneo.pdf',
    ]);
    await s.documents.deleteDocument(doc.id);
    expect(await first(s.documents.observeDocuments())).toEqual([]);
    await expect(s.documents.getDocumentBlob(doc.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('SETTINGS-2 settings start from defaults (booleans false, newest first) and keep updates', async () => {
    const { db, services: s } = await harness();
    expect(await first(s.settings.observeSettings())).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({
      compact: false,
      alwaysShowRemote: false,
      hideAttachments: false,
      sort: 'date',
      descending: true,
      locale: 'auto',
    });
    await s.settings.updateSettings({ compact: true, locale: 'es', unreadOnlyFolders: ['inbox'] });
    expect(await first(s.settings.observeSettings())).toMatchObject({
      compact: true,
      locale: 'es',
      unreadOnlyFolders: ['inbox'],
      sort: 'date',
    });
    // A corrupted row falls back to its default instead of breaking the app.
    await db.settings.put({ key: 'sort', value: 'nonsense' });
    expect((await first(s.settings.observeSettings())).sort).toBe('date');
  });

  it('ACCOUNT-1 storage estimate answers even where the platform has no StorageManager', async () => {
    const { services: s } = await harness();
    const est = await s.storage.getEstimate();
    expect(est.usage).toBeGreaterThanOrEqual(0);
    expect(typeof est.persisted).toBe('boolean');
    expect(typeof (await s.storage.requestPersistence())).toBe('boolean');
  });

  it('notices are listed, observed and dismissed', async () => {
    const { services: s } = await harness();
    s.notices.notify('error', 'Disk full');
    s.notices.notify('info', 'Imported 3 messages');
    const list = await first(s.notices.observeNotices());
    expect(list.map((n) => [n.kind, n.message])).toEqual([
      ['error', 'Disk full'],
      ['info', 'Imported 3 messages'],
    ]);
    s.notices.dismiss(list[0]?.id as number);
    expect((await first(s.notices.observeNotices())).map((n) => n.message)).toEqual([
      'Imported 3 messages',
    ]);
  });
});
