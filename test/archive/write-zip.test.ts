import { describe, expect, it } from 'vitest';
import { openMailZip, readMailZipEntries } from '../../src/archive/read-zip.js';
import type { ArchiveMessage } from '../../src/archive/write-zip.js';
import {
  archiveFileName,
  emlFileName,
  safeArchiveSegment,
  writeMailArchive,
} from '../../src/archive/write-zip.js';
import { sanitizeEntryPath } from '../../src/archive/zip-names.js';
import { withZip64EndRecords } from '../../src/archive/zip64-end.js';
import { fixtureMessages, spamAssassinMessages } from './fixtures.js';

/** Reads an archive back: "folder/…/file" → bytes. */
async function readBack(zip: Uint8Array): Promise<Map<string, Uint8Array>> {
  const opened = await openMailZip(zip);
  expect(opened.rejected).toEqual([]);
  const out = new Map<string, Uint8Array>();
  for await (const item of readMailZipEntries(opened)) {
    if ('error' in item) throw new Error(`${item.entry.path}: ${item.error}`);
    out.set([...item.entry.folderPath, item.entry.fileName].join('/'), item.bytes);
  }
  return out;
}

describe('ARCHIVE-1 names', () => {
  it('ARCHIVE-1 names an archive by its local date and time, sortably', () => {
    expect(archiveFileName(new Date(2026, 10, 29, 23, 15, 42))).toBe(
      'buzon-archive-2026-11-29-2315.zip',
    );
    expect(archiveFileName(new Date(2027, 0, 5, 7, 3))).toBe('buzon-archive-2027-01-05-0703.zip');
  });

  it('ARCHIVE-1 builds .eml names from index, date and a cleaned subject', () => {
    const d = new Date(2026, 2, 3, 10, 15);
    expect(emlFileName(42, 'Re: Meeting notes', d)).toBe('000042 2026-03-03 Re Meeting notes.eml');
    expect(emlFileName(1, '../../etc/passwd', d)).toBe('000001 2026-03-03 etc passwd.eml');
    expect(emlFileName(2, 'C:\\evil\u202egpj.exe\u0000', d)).toBe(
      '000002 2026-03-03 C evil gpj.exe.eml',
    );
    expect(emlFileName(3, '', d)).toBe('000003 2026-03-03 no subject.eml');
    expect(emlFileName(4, '...', new Date(Number.NaN))).toBe('000004 no subject.eml');
    expect(emlFileName(5, '%2e%2e 100%', d)).toBe('000005 2026-03-03 2e 2e 100.eml');
    const long = emlFileName(6, '😀'.repeat(100), d);
    expect(Array.from(long.replace(/^.* 2026-03-03 /u, '').replace(/\.eml$/u, ''))).toHaveLength(
      60,
    );
    expect(long).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/u);
  });

  it('ARCHIVE-1 every generated name reads back through the import sanitizer unchanged', () => {
    const d = new Date(2026, 0, 1);
    const subjects = [
      'Re: hi',
      'a/b\\c',
      '\u202eevil',
      ' . ',
      'Ça va? <ok> "yes" | * %41',
      'x'.repeat(500),
    ];
    subjects.forEach((subject, i) => {
      const name = emlFileName(i, subject, d);
      expect(sanitizeEntryPath(`mail/${name}`)).toEqual({ folderPath: ['mail'], fileName: name });
    });
    for (const folder of [
      'Work: 2025',
      'a/b',
      '..',
      '  ',
      'In\u200bbox',
      '%2e%2e',
      'F'.repeat(300),
      'Entwu\u0308rfe',
    ]) {
      const safe = safeArchiveSegment(folder);
      expect(sanitizeEntryPath(`mail/${safe}/x.eml`)).toEqual({
        folderPath: ['mail', safe],
        fileName: 'x.eml',
      });
    }
    expect(safeArchiveSegment('Work: 2025')).toBe('Work: 2025');
    expect(safeArchiveSegment('a/b')).toBe('a_b');
  });
});

describe('ARCHIVE-1 writeMailArchive', () => {
  it('ARCHIVE-1 round trip: nasty .eml fixtures come back byte for byte in the same folders', async () => {
    const fixtures = fixtureMessages();
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
    const folders = [
      ['Inbox'],
      ['Sent'],
      ['Work', '2025', 'Q1'],
      ['Bandeja de entrada'],
      ['Entwürfe'],
      [],
    ];
    const messages: ArchiveMessage[] = [];
    fixtures.forEach((f, i) => {
      for (const folderPath of folders)
        messages.push({ folderPath, fileName: `${i} ${f.name}`, bytes: f.bytes });
    });
    // Edge cases a mailbox can hold: an empty message and a large binary one.
    messages.push({ folderPath: ['Inbox'], fileName: 'empty.eml', bytes: new Uint8Array(0) });
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    messages.push({ folderPath: ['Inbox'], fileName: 'big.eml', bytes: big });
    const progress: number[] = [];
    const zip = await writeMailArchive(messages, { onProgress: (n) => progress.push(n) });
    const back = await readBack(zip);
    expect(back.size).toBe(messages.length);
    for (const m of messages) {
      const got = back.get([...m.folderPath, m.fileName].join('/'));
      expect(got && Buffer.from(got).equals(Buffer.from(m.bytes)), m.fileName).toBe(true);
    }
    expect(progress.at(-1)).toBe(messages.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('ARCHIVE-1 keeps two messages with the same name (even differing only in case)', async () => {
    const a = new TextEncoder().encode('Subject: a\r\n\r\na');
    const b = new TextEncoder().encode('Subject: b\r\n\r\nb');
    const c = new TextEncoder().encode('Subject: c\r\n\r\nc');
    const zip = await writeMailArchive([
      { folderPath: ['Inbox'], fileName: 'same.eml', bytes: a },
      { folderPath: ['Inbox'], fileName: 'same.eml', bytes: b },
      { folderPath: ['Inbox'], fileName: 'SAME.eml', bytes: c },
      { folderPath: ['Inbox'], fileName: 'no-extension', bytes: c },
    ]);
    const back = await readBack(zip);
    expect([...back.keys()].sort()).toEqual([
      'Inbox/SAME (3).eml',
      'Inbox/no-extension.eml',
      'Inbox/same (2).eml',
      'Inbox/same.eml',
    ]);
    expect(new TextDecoder().decode(back.get('Inbox/same (2).eml'))).toBe('Subject: b\r\n\r\nb');
  });

  it('ARCHIVE-1 writes mail/<Folder>/<Sub>/<file>.eml entries, deflated', async () => {
    const bytes = new TextEncoder().encode('Subject: x\r\n\r\n' + 'hello world\r\n'.repeat(1000));
    const zip = await writeMailArchive(
      (async function* () {
        yield { folderPath: ['Work', 'Projects'], fileName: 'x.eml', bytes };
      })(),
    );
    const opened = await openMailZip(zip);
    expect(opened.entries).toEqual([
      {
        path: 'mail/Work/Projects/x.eml',
        folderPath: ['Work', 'Projects'],
        fileName: 'x.eml',
        compressedSize: expect.any(Number),
        uncompressedSize: bytes.length,
      },
    ]);
    expect(opened.entries[0]?.compressedSize).toBeLessThan(bytes.length / 10);
  });

  it('PWA-5 cancelling an archive rejects with an AbortError', async () => {
    const controller = new AbortController();
    const bytes = new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    const writing = writeMailArchive(
      [1, 2, 3].map((i) => ({ folderPath: ['Inbox'], fileName: `${i}.eml`, bytes })),
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('ARCHIVE-1 round trip: 300 real SpamAssassin messages come back byte for byte', async () => {
    const ham = spamAssassinMessages('easy-ham-1', 300);
    expect(ham).toHaveLength(300);
    const folders = [['Inbox'], ['Sent'], ['Lists', 'SpamAssassin']];
    const messages = ham.map((m, i) => ({
      folderPath: folders[i % folders.length] ?? [],
      fileName: emlFileName(i + 1, m.name, new Date(2002, 8, 1)),
      bytes: m.bytes,
    }));
    const back = await readBack(await writeMailArchive(messages));
    expect(back.size).toBe(300);
    let same = 0;
    for (const m of messages) {
      const got = back.get([...m.folderPath, m.fileName].join('/'));
      if (got && Buffer.from(got).equals(Buffer.from(m.bytes))) same++;
    }
    expect(same).toBe(300);
  });

  it('ARCHIVE-1 archives of more than 65,535 messages get ZIP64 end records that read back', async () => {
    // writeMailArchive adds them past 65,535 entries; checked here on a small archive.
    const messages = fixtureMessages().map((m) => ({
      folderPath: ['Inbox'],
      fileName: m.name,
      bytes: m.bytes,
    }));
    const plain = await writeMailArchive(messages);
    const zip64 = withZip64EndRecords(plain, messages.length);
    const eocd = new DataView(zip64.buffer, zip64.byteOffset + zip64.length - 22);
    expect(eocd.getUint16(10, true)).toBe(0xffff);
    const back = await readBack(zip64);
    expect([...back.keys()].sort()).toEqual(messages.map((m) => `Inbox/${m.fileName}`).sort());
    for (const m of messages) expect(back.get(`Inbox/${m.fileName}`)).toEqual(m.bytes);
  });
});
