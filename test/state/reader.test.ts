// Dexie's liveQuery needs a global indexedDB at import time; each test still opens its own factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  isUnparseable,
  type ParsedMessage,
  type UnparseableMessage,
} from '../../src/mail/types.js';
import { sha256Hex } from '../../src/state/hash.js';
import { createReaderService, type MailRenderer } from '../../src/state/reader-service.js';
import { createInlineParser } from '../../src/mail/parse.js';
import { eml } from '../mail/fixtures.js';
import { emlFile, folderByPath, harness } from './support/services.js';

async function importOne(name: string) {
  const h = await harness();
  await h.services.importer.importFiles([emlFile(name, eml(name))]);
  const [row] = await h.services.messages.getFirstRows(
    { folderId: 'inbox', sort: 'date', descending: true, unreadOnly: false },
    1,
  );
  if (!row) throw new Error('not imported');
  return { ...h, row };
}

function parsedOf(p: ParsedMessage | UnparseableMessage): ParsedMessage {
  if (isUnparseable(p)) throw new Error(`unparseable: ${p.error}`);
  return p;
}

describe('reader', () => {
  it('opening a message parses it and marks it read (FOLDER-5 unread count drops)', async () => {
    const { services: s, row } = await importOne('hostile-filenames.eml');
    expect((await folderByPath(s, 'Inbox')).unread).toBe(1);
    const opened = await s.reader.openMessage(row.id);
    expect(opened.row.seen).toBe(true);
    const parsed = parsedOf(opened.parsed);
    expect(parsed.summary.subject).toBe('Your files');
    expect(parsed.attachments.length).toBeGreaterThan(0);
    expect((await folderByPath(s, 'Inbox')).unread).toBe(0);
    expect((await s.messages.getRows([row.id]))[0]?.seen).toBe(true);
  });

  it('a broken message opens as its raw source with the reason', async () => {
    const { services: s, row } = await importOne('garbage.eml');
    const opened = await s.reader.openMessage(row.id);
    expect(isUnparseable(opened.parsed)).toBe(true);
    expect('error' in opened.parsed && opened.parsed.error.length > 0).toBe(true);
  });

  it('ATTACH-4 deleting an attachment rewrites the message and updates size, paperclip and hash', async () => {
    const { db, services: s, row } = await importOne('attachment-only.eml');
    expect(row.hasAttachment).toBe(true);
    const parsed = parsedOf((await s.reader.openMessage(row.id)).parsed);
    const part = parsed.attachments[0];
    if (!part) throw new Error('fixture has no attachment');
    await s.reader.deleteAttachment(row.id, part.partId);
    const raw = await s.reader.getRawMessage(row.id);
    const after = parsedOf((await s.reader.openMessage(row.id)).parsed);
    expect(
      after.attachments.some((a) => a.filename === part.filename && a.size === part.size),
    ).toBe(false);
    const stored = await db.emails.get(row.id);
    expect(stored?.size).toBe(raw.byteLength);
    expect(stored?.hasAttachment).toBe(false);
    expect(stored?.contentHash).toBe(await sha256Hex(raw));
    expect(new TextDecoder().decode(raw)).toMatch(/scan\.pdf/); // the visible trace names the file
  });

  it('VIEW-2 remote content: blocked by default, allowed for a trusted sender or by the setting', async () => {
    const { services: s } = await harness();
    expect(await s.reader.isRemoteAllowed('News@Example.com')).toBe(false);
    await s.reader.trustSender('News@Example.com');
    expect(await s.reader.isRemoteAllowed('news@example.com')).toBe(true);
    expect(await s.reader.isRemoteAllowed('other@example.com')).toBe(false);
    await s.settings.updateSettings({ alwaysShowRemote: true });
    expect(await s.reader.isRemoteAllowed('other@example.com')).toBe(true);
  });
  it('VIEW-2 the renderer is loaded on the first render, once, and a failed load is tried again', async () => {
    const { db, services: s, row } = await importOne('hostile-filenames.eml');
    const parsed = parsedOf((await s.reader.openMessage(row.id)).parsed);
    // A stand-in for the DOM renderer (Node has no DOM); what is tested is the loading.
    const renderer: MailRenderer = {
      renderMail: (p, o) => ({
        frames: [`${p.summary.subject}|${o.allowRemote}`],
        blockedRemote: 0,
      }),
      renderPrintDocument: (p) => `print:${p.summary.subject}`,
    };
    let loads = 0;
    const reader = createReaderService({
      db,
      parser: createInlineParser(),
      now: () => 0,
      render: async () => {
        loads++;
        if (loads === 1) throw new Error('chunk not reachable');
        return renderer;
      },
    });
    expect(loads).toBe(0);
    await expect(reader.renderDocument(parsed, { allowRemote: false })).rejects.toThrow(
      'chunk not reachable',
    );
    const [a, b] = await Promise.all([
      reader.renderDocument(parsed, { allowRemote: true }),
      reader.renderPrintDocument(parsed),
    ]);
    expect(a.frames).toEqual(['Your files|true']);
    expect(b).toBe('print:Your files');
    await reader.renderDocument(parsed, { allowRemote: false });
    expect(loads).toBe(2);
  });
});
