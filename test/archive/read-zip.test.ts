import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ZipBudgetError, ZipEntryError, ZipFormatError } from '../../src/archive/errors.js';
import { openMailZip, readMailZipEntries } from '../../src/archive/read-zip.js';
import type { MailZip, MailZipItem } from '../../src/archive/read-zip.js';
import { craftZip, noise, text } from './zip-craft.js';
import { fixtureMessages } from './fixtures.js';

const MiB = 1024 * 1024;

async function zipOf(files: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data, { createFolders: false });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function readAll(zip: MailZip, signal?: AbortSignal): Promise<MailZipItem[]> {
  const items: MailZipItem[] = [];
  for await (const item of readMailZipEntries(zip, { signal })) items.push(item);
  return items;
}

function eml(subject: string): string {
  return `From: a@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.com>\r\n\r\nBody of ${subject}\r\n`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('openMailZip: what is mail', () => {
  it('IMPORT-1 reads mail/ subfolders as folders, in path order, and ignores what is outside mail/', async () => {
    const data = await zipOf({
      'mail/Inbox/2.eml': eml('two'),
      'mail/Bandeja de entrada/1.eml': eml('one'),
      'mail/Work/2025/q1.eml': eml('q1'),
      'mail/root.eml': eml('root'),
      'README.txt': 'not mail',
      '__MACOSX/mail/Inbox/._2.eml': 'apple double',
      'mail/.DS_Store': 'finder',
    });
    const zip = await openMailZip(data);
    expect(zip.entries.map((e) => [e.path, e.folderPath, e.fileName])).toEqual([
      ['mail/Bandeja de entrada/1.eml', ['Bandeja de entrada'], '1.eml'],
      ['mail/Inbox/2.eml', ['Inbox'], '2.eml'],
      ['mail/Work/2025/q1.eml', ['Work', '2025'], 'q1.eml'],
      ['mail/root.eml', [], 'root.eml'],
    ]);
    expect(zip.rejected).toEqual([]);
    expect(zip.ignored.sort()).toEqual([
      'README.txt',
      '__MACOSX/mail/Inbox/._2.eml',
      'mail/.DS_Store',
    ]);
    expect(new TextDecoder().decode(await zip.read('mail/Inbox/2.eml'))).toBe(eml('two'));
  });

  it('IMPORT-1 treats the top level as mail/ when the zip has no mail/ folder', async () => {
    const zip = await openMailZip(
      await zipOf({ 'loose.eml': eml('loose'), 'Enviados/sent.eml': eml('sent') }),
    );
    expect(zip.entries.map((e) => [e.folderPath, e.fileName])).toEqual([
      [['Enviados'], 'sent.eml'],
      [[], 'loose.eml'],
    ]);
  });

  it('IMPORT-1 finds mail/ inside the one folder that was zipped around it', async () => {
    const zip = await openMailZip(
      await zipOf({ 'backup/mail/Inbox/a.eml': eml('a'), 'backup/notes.txt': 'x' }),
    );
    expect(zip.entries.map((e) => [e.folderPath, e.fileName])).toEqual([[['Inbox'], 'a.eml']]);
    expect(zip.ignored).toEqual(['backup/notes.txt']);
  });

  it('IMPORT-1 rejects non-.eml files in mail/ with a reason, and never opens a nested zip', async () => {
    const inner = await zipOf({ 'mail/Inbox/hidden.eml': eml('hidden') });
    const zip = await openMailZip(
      await zipOf({
        'mail/Inbox/ok.eml': eml('ok'),
        'mail/Inbox/photo.jpg': noise(100),
        'mail/Inbox/more-mail.zip': inner,
      }),
    );
    expect(zip.entries.map((e) => e.path)).toEqual(['mail/Inbox/ok.eml']);
    expect(zip.rejected).toEqual(
      expect.arrayContaining([
        { name: 'mail/Inbox/photo.jpg', reason: expect.stringMatching(/Not an \.eml message/) },
        {
          name: 'mail/Inbox/more-mail.zip',
          reason: expect.stringMatching(/Archives inside the archive are not opened/),
        },
      ]),
    );
    const items = await readAll(zip);
    expect(items.map((i) => i.entry.fileName)).toEqual(['ok.eml']);
  });

  it('IMPORT-1 rejects hostile entry names with a reason per file and reads the rest', async () => {
    const data = craftZip([
      { name: 'mail/Inbox/good.eml', data: text(eml('good')) },
      { name: '../../evil.eml', data: text(eml('evil1')) },
      { name: '/etc/cron.d/evil.eml', data: text(eml('evil2')) },
      { name: 'C:\\Windows\\evil.eml', data: text(eml('evil3')) },
      { name: 'mail/%2e%2e/%2e%2e/evil.eml', data: text(eml('evil4')) },
      { name: 'mail/Inbox/evil\u0000.eml', data: text(eml('evil5')) },
      { name: 'mail/Inbox/invoice\u202egpj.eml', data: text(eml('bidi')) },
    ]);
    const zip = await openMailZip(data);
    expect(zip.entries.map((e) => [e.folderPath, e.fileName])).toEqual([
      [['Inbox'], 'good.eml'],
      [['Inbox'], 'invoicegpj.eml'],
    ]);
    expect(zip.rejected.map((r) => [r.name, r.reason])).toEqual(
      expect.arrayContaining([
        ['../../evil.eml', expect.stringMatching(/climbs/)],
        ['/etc/cron.d/evil.eml', expect.stringMatching(/absolute/)],
        ['C:\\Windows\\evil.eml', expect.stringMatching(/drive letter/)],
        ['mail/%2e%2e/%2e%2e/evil.eml', expect.stringMatching(/percent-encoding/)],
        ['mail/Inbox/evil\ufffd.eml', expect.stringMatching(/control characters/)],
      ]),
    );
  });

  it('IMPORT-1 reports entries hidden by a repeated name', async () => {
    const zip = await openMailZip(
      craftZip([
        { name: 'mail/a.eml', data: text(eml('first')) },
        { name: 'mail/a.eml', data: text(eml('second')) },
      ]),
    );
    expect(zip.entries).toHaveLength(1);
    expect(zip.rejected).toEqual([
      { name: 'mail/a.eml', reason: expect.stringMatching(/Another entry has the same name/) },
    ]);
    expect(new TextDecoder().decode(await zip.read('mail/a.eml'))).toBe(eml('second'));
  });

  it('IMPORT-1 reads ZIP64 archives and archives with data prepended (self-extracting)', async () => {
    const entries = [
      { name: 'mail/Inbox/a.eml', data: text(eml('a')) },
      { name: 'mail/Sent/b.eml', data: text(eml('b')), method: 0 },
    ];
    for (const data of [
      craftZip(entries, { zip64: true }),
      craftZip(entries, { prepend: noise(5000) }),
      craftZip(entries, { zip64: true, prepend: noise(777) }),
    ]) {
      const zip = await openMailZip(data);
      const items = await readAll(zip);
      expect(
        items.map((i) => ('bytes' in i ? new TextDecoder().decode(i.bytes) : i.error)),
      ).toEqual([eml('a'), eml('b')]);
    }
  });

  it('IMPORT-1 opens a Blob as well as bytes', async () => {
    const data = await zipOf({ 'mail/Inbox/a.eml': eml('a') });
    const zip = await openMailZip(new Blob([new Uint8Array(data)]));
    expect(new TextDecoder().decode(await zip.read('mail/Inbox/a.eml'))).toBe(eml('a'));
  });
});

describe('openMailZip: damaged and unsupported zips', () => {
  it('IMPORT-1 gives a clear error for a file that is not a zip', async () => {
    for (const data of [
      new Uint8Array(0),
      text('hello'),
      noise(100_000),
      ...fixtureMessages().map((m) => m.bytes),
    ]) {
      await expect(openMailZip(data)).rejects.toThrow(ZipFormatError);
      await expect(openMailZip(data)).rejects.toThrow(/not a zip archive/);
    }
  });

  it('IMPORT-1 gives a clear error for a truncated zip', async () => {
    const data = await zipOf({ 'mail/a.eml': eml('a'), 'mail/b.eml': noise(50_000) });
    const cut = data.subarray(0, data.length - 30);
    await expect(openMailZip(cut)).rejects.toThrow(ZipFormatError);
    const noHead = data.subarray(2000);
    await expect(openMailZip(noHead)).rejects.toThrow(/damaged/);
  });

  it('IMPORT-1 reports a damaged entry and still reads the others', async () => {
    const good = text(eml('good'));
    const zip = await openMailZip(
      craftZip([
        { name: 'mail/bad-crc.eml', data: text(eml('crc')), declaredCrc: 0x12345678 },
        { name: 'mail/bad-deflate.eml', data: noise(4000), compressed: noise(3000, 7) },
        { name: 'mail/good.eml', data: good },
      ]),
    );
    const items = await readAll(zip);
    expect(items.map((i) => [i.entry.fileName, 'error' in i ? i.error : 'ok'])).toEqual([
      ['bad-crc.eml', expect.stringMatching(/Damaged entry: its contents fail the zip checksum/)],
      ['bad-deflate.eml', expect.stringMatching(/Damaged entry/)],
      ['good.eml', 'ok'],
    ]);
    await expect(zip.read('mail/bad-crc.eml')).rejects.toThrow(ZipEntryError);
  });

  it('IMPORT-1 refuses encrypted zips and unknown compression methods, naming the entry', async () => {
    await expect(
      openMailZip(craftZip([{ name: 'mail/secret.eml', data: text('x'), flags: 1 }])),
    ).rejects.toThrow(/password-protected \("mail\/secret.eml"\)/);
    await expect(
      openMailZip(craftZip([{ name: 'mail/b.eml', data: text('x'), method: 12 }])),
    ).rejects.toThrow(/"mail\/b.eml" is compressed with a method Buzón cannot read \(method 12\)/);
  });
});

describe('budgets', () => {
  it('IMPORT-1 refuses too many entries from the ZIP64 end record, before JSZip allocates them', async () => {
    const load = vi.spyOn(JSZip, 'loadAsync');
    const data = craftZip([{ name: 'mail/a.eml', data: text('x') }], {
      zip64: true,
      declaredCount: 200_000,
    });
    await expect(openMailZip(data)).rejects.toThrow(ZipBudgetError);
    await expect(openMailZip(data)).rejects.toThrow(
      /has 200,000 entries; Buzón opens at most 150,000/,
    );
    expect(load).not.toHaveBeenCalled();
  });

  it('IMPORT-1 counts central directory records itself when the end record lies about the count', async () => {
    const load = vi.spyOn(JSZip, 'loadAsync');
    const many = Array.from({ length: 150_001 }, (_, i) => ({ name: `m/${i}.eml`, method: 0 }));
    const data = craftZip(many, { centralOnly: true, declaredCount: 3 });
    await expect(openMailZip(data)).rejects.toThrow(/more than 150,000 entries/);
    expect(load).not.toHaveBeenCalled();
  });

  it('IMPORT-1 refuses a zip larger than the size budget before reading it', async () => {
    const data = await zipOf({ 'mail/a.eml': noise(10_000) });
    await expect(
      openMailZip(new Blob([new Uint8Array(data)]), { budget: { maxZipBytes: 5000 } }),
    ).rejects.toThrow(/This archive is 9\.\d KiB; Buzón opens archives up to 4\.9 KiB/);
  });

  it('IMPORT-1 rejects a zip bomb by its ratio and reads the other messages', async () => {
    const zeros = new Uint8Array(40 * MiB);
    const zip = await openMailZip(
      craftZip([
        { name: 'mail/bomb.eml', data: zeros },
        { name: 'mail/ok.eml', data: text(eml('ok')) },
      ]),
    );
    const items = await readAll(zip);
    expect(items.map((i) => [i.entry.fileName, 'error' in i ? i.error : 'ok'])).toEqual([
      ['bomb.eml', expect.stringMatching(/Expands more than 200 times .*zip bomb/)],
      ['ok.eml', 'ok'],
    ]);
  });

  it('IMPORT-1 stops a bomb whose headers lie about its size while inflating it', async () => {
    const zeros = new Uint8Array(40 * MiB);
    const zip = await openMailZip(
      craftZip([{ name: 'mail/bomb.eml', data: zeros, declaredSize: 1000 }]),
    );
    expect(zip.entries[0]?.uncompressedSize).toBe(1000);
    await expect(zip.read('mail/bomb.eml')).rejects.toThrow(/Expands more than 200 times/);
    const [item] = await readAll(zip);
    expect(item).toEqual({ entry: zip.entries[0], error: expect.stringMatching(/zip bomb/) });
  });

  it('IMPORT-1 enforces the message size on real bytes when the header declares less', async () => {
    const zip = await openMailZip(
      craftZip([{ name: 'mail/big.eml', data: noise(300_000), declaredSize: 100 }]),
      {
        budget: { maxEntryBytes: 64 * 1024 },
      },
    );
    await expect(zip.read('mail/big.eml')).rejects.toThrow(
      /Larger than 64 KiB, the limit for one message/,
    );
  });

  it('IMPORT-1 rejects an entry whose real size differs from its header', async () => {
    const zip = await openMailZip(
      craftZip([
        { name: 'mail/longer.eml', data: noise(50_000), declaredSize: 100 },
        { name: 'mail/shorter.eml', data: noise(50_000), declaredSize: 60_000 },
        { name: 'mail/stored.eml', data: noise(5000), method: 0, declaredSize: 10 },
      ]),
    );
    const items = await readAll(zip);
    expect(items.map((i) => ('error' in i ? i.error : 'ok'))).toEqual([
      expect.stringMatching(/size does not match the zip header/),
      expect.stringMatching(/size does not match the zip header/),
      expect.stringMatching(/size does not match the zip header/),
    ]);
  });

  it('IMPORT-1 refuses an entry declared over the message size without inflating it', async () => {
    const zip = await openMailZip(
      craftZip([{ name: 'mail/huge.eml', data: noise(400_000), declaredSize: 60 * MiB }]),
    );
    const [item] = await readAll(zip);
    expect(item).toMatchObject({ error: expect.stringMatching(/Larger than 50 MiB/) });
  });

  it('IMPORT-1 refuses an archive whose declared total is over budget before reading any message', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [`mail/${i}.eml`, noise(100_000, i + 1)]),
    );
    const zip = await openMailZip(await zipOf(files), { budget: { maxTotalBytes: 300_000 } });
    const seen: MailZipItem[] = [];
    await expect(async () => {
      for await (const item of readMailZipEntries(zip)) seen.push(item);
    }).rejects.toThrow(/unpacks to more than 293\.0 KiB/);
    expect(seen).toEqual([]);
  });

  it('IMPORT-1 enforces the total across entries on real bytes, keeping the messages read before', async () => {
    const zip = await openMailZip(
      craftZip([
        { name: 'mail/1.eml', data: noise(100_000, 1) },
        { name: 'mail/2.eml', data: noise(100_000, 2) },
        { name: 'mail/3.eml', data: noise(200_000, 3), declaredSize: 10 },
      ]),
      { budget: { maxTotalBytes: 300_000 } },
    );
    const seen: MailZipItem[] = [];
    await expect(async () => {
      for await (const item of readMailZipEntries(zip)) seen.push(item);
    }).rejects.toThrow(ZipBudgetError);
    expect(seen.map((i) => ('bytes' in i ? i.bytes.length : i.error))).toEqual([100_000, 100_000]);
  });

  it('IMPORT-1 stops a bomb made of many small entries by the archive-wide ratio', async () => {
    const oneMiB = new Uint8Array(MiB);
    // Each entry stays under the per-entry grace; together they expand ~1000 times.
    const entries = Array.from({ length: 80 }, (_, i) => ({
      name: `mail/${i}.eml`,
      data: oneMiB,
      declaredSize: 2000,
    }));
    const zip = await openMailZip(craftZip(entries));
    let count = 0;
    await expect(async () => {
      for await (const item of readMailZipEntries(zip)) {
        count++;
        expect(item).toMatchObject({ error: expect.stringMatching(/size does not match/) });
      }
    }).rejects.toThrow(/expands more than 100 times when unpacked/);
    expect(count).toBeGreaterThanOrEqual(60);
    expect(count).toBeLessThan(80);
  });
});

describe('cancel', () => {
  it('PWA-5 an aborted signal stops opening with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const data = await zipOf({ 'mail/a.eml': eml('a') });
    await expect(openMailZip(data, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('PWA-5 aborting while a message inflates rejects promptly with an AbortError', async () => {
    const zip = await openMailZip(
      craftZip([{ name: 'mail/big.eml', data: noise(8 * MiB), method: 0 }]),
    );
    const controller = new AbortController();
    const reading = zip.read('mail/big.eml', { signal: controller.signal });
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await expect(reading).rejects.toBeInstanceOf(DOMException);
  });

  it('PWA-5 aborting between messages stops the reading after the current one', async () => {
    const zip = await openMailZip(
      await zipOf({ 'mail/1.eml': eml('1'), 'mail/2.eml': eml('2'), 'mail/3.eml': eml('3') }),
    );
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(async () => {
      for await (const item of readMailZipEntries(zip, {
        signal: controller.signal,
        onEntry: (done) => {
          if (done === 1) controller.abort();
        },
      })) {
        seen.push(item.entry.fileName);
      }
    }).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual(['1.eml']);
  });
});

describe('errors are typed', () => {
  it('IMPORT-1 read() of a path that is not a message rejects with ZipEntryError', async () => {
    const zip = await openMailZip(await zipOf({ 'mail/a.eml': eml('a'), 'mail/b.txt': 'b' }));
    await expect(zip.read('mail/b.txt')).rejects.toThrow(ZipEntryError);
    await expect(zip.read('nope')).rejects.toThrow(/There is no message "nope"/);
  });
});
