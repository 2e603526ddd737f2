// postal-mime with Buzón's line reader (mime-tree.ts readLinesInline) must parse every
// message exactly as postal-mime's own reader does: the reader only saves work.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { readLinesInline, nextLineToRead } from '../../src/mail/mime-tree.js';
import { parseMessage, summarizeMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** `raw` inside a larger buffer, with lines that would end or confuse its parse around it. */
function inTheMiddle(raw: Uint8Array): Uint8Array {
  const before = enc('--b1\r\nSubject: before\r\n\r\n');
  const after = enc('\r\n--b1--\r\n--b2\nafter');
  const all = new Uint8Array(before.length + raw.length + after.length);
  all.set(before);
  all.set(raw, before.length);
  all.set(after, before.length + raw.length);
  return all.subarray(before.length, before.length + raw.length);
}

/** A parse's result with its bytes spelled out: `toEqual` finds any two ArrayBuffers equal. */
function comparable(result: unknown): unknown {
  const bytes = (_key: string, v: unknown) =>
    v instanceof ArrayBuffer ? { bytes: [...new Uint8Array(v)] } : v;
  return JSON.parse(JSON.stringify(result, bytes)) as unknown;
}

async function inline(raw: Uint8Array) {
  const parser = new PostalMime();
  readLinesInline(parser, raw);
  return comparable(await parser.parse(raw).catch((e: Error) => e.message));
}

/** postal-mime's own parse, and Buzón's reader's of the same bytes alone and as a view. */
async function bothWays(raw: Uint8Array) {
  const own = comparable(await new PostalMime().parse(raw).catch((e: Error) => e.message));
  return { own, alone: await inline(raw), view: await inline(inTheMiddle(raw)) };
}

function emlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) emlFiles(path, out);
    else if (name.endsWith('.eml')) out.push(path);
  }
  return out;
}

const mixed = (body: string) => [
  'From: Ana <ana@example.com>',
  'Subject: Lines',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  'Preamble -- not a part',
  '--b1',
  'Content-Type: multipart/alternative; boundary=b2',
  '',
  '--b2',
  'Content-Type: text/plain; charset=utf-8',
  '',
  body,
  '--b2 \t',
  'Content-Type: text/html',
  '',
  '<p>html</p>',
  '--b2--',
  '--b1',
  'Content-Type: application/octet-stream; name=x.bin',
  'Content-Disposition: attachment; filename=x.bin',
  '',
  'AAAA',
  '-- dashes inside an attachment',
  '--b1x not the boundary',
  'BBBB',
  '--b1--',
  'Epilogue',
];

describe('postal-mime line reader', () => {
  it('IMPORT-1 reads every line ending (CRLF, LF, stray and trailing CRs, no final newline) as postal-mime does, also from a view inside a larger buffer', async () => {
    const lines = mixed('Line one\rstill one\r\r\n-- signature\n--b1x\nend');
    const variants = [
      lines.join('\r\n'),
      lines.join('\n'),
      lines.join('\r\r\n'),
      `${lines.join('\r\n')}\r\n`,
      `${lines.join('\n')}\n\n`,
      `${lines.join('\r\n')}\r`,
      lines.slice(0, -2).join('\r\n'), // ends inside the attachment: no terminator
      'Subject: only headers',
      'Subject: x\r\n\r\nbody on one line',
      '',
      '\r\n',
      '--b1\r\n',
      'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\niVBO\r\n--b--',
    ];
    for (const v of variants) {
      const { own, alone, view } = await bothWays(enc(v));
      expect(alone, JSON.stringify(v)).toEqual(own);
      expect(view, JSON.stringify(v)).toEqual(own);
    }
  });

  it('IMPORT-1 parses every fixture message as postal-mime does (text, HTML, attachments, headers)', async () => {
    const dir = fileURLToPath(new URL('..', import.meta.url));
    const files = emlFiles(dir);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const { own, alone, view } = await bothWays(new Uint8Array(readFileSync(file)));
      expect(alone, file).toEqual(own);
      expect(view, file).toEqual(own);
    }
  });

  it('ATTACH-2 a summary skips attachment lines up to the next "--" line and still finds every part', async () => {
    const raw = enc(mixed('The body.').join('\r\n'));
    const full = await parseMessage(raw);
    if (isUnparseable(full)) throw new Error(full.error);
    // The attachment keeps its "--" lines that are not its boundary.
    const content = ['AAAA', '-- dashes inside an attachment', '--b1x not the boundary', 'BBBB'];
    const size = enc(content.map((line) => `${line}\n`).join('')).byteLength; // each with its LF
    expect(full.attachments.map((a) => [a.filename, a.size])).toEqual([['x.bin', size]]);
    expect(full.summary.preview).toBe('html'); // the alternative's HTML is what is shown
    expect(await summarizeMessage(raw)).toEqual(full.summary);
  });

  it("ATTACH-2 every fixture's summary is its full parse's (text-only decoders, attachments skipped)", async () => {
    const files = emlFiles(fileURLToPath(new URL('..', import.meta.url)));
    for (const file of files) {
      const raw = new Uint8Array(readFileSync(file));
      const full = await parseMessage(raw);
      const summary = await summarizeMessage(raw);
      expect(summary, file).toEqual(isUnparseable(full) ? full : full.summary);
    }
  });

  it('VIEW-2 a base64 body with stray 8-bit bytes and a line over 4 KB reads as in a full parse', async () => {
    const html = `<p>${'Ünïcödé body text. '.repeat(400)}</p>`;
    const b64 = Buffer.from(html).toString('base64');
    const lines = [b64.slice(0, 76), `${b64.slice(76, 152)}\u00e9\u00ff`, b64.slice(152)];
    const raw = new Uint8Array(
      Buffer.from(
        [
          'From: a@example.com',
          'Subject: base64',
          'Content-Type: text/html; charset=utf-8',
          'Content-Transfer-Encoding: base64',
          '',
          ...lines,
          '',
        ].join('\r\n'),
        'latin1',
      ),
    );
    expect(lines[2]?.length).toBeGreaterThan(4096);
    const full = await parseMessage(raw);
    if (isUnparseable(full)) throw new Error(full.error);
    expect(full.summary.preview).toMatch(/^Ünïcödé body text\. Ünïcödé/);
    expect(await summarizeMessage(raw)).toEqual(full.summary);
  });

  it('nextLineToRead stops at a line starting with "--", else at the last line', () => {
    const av = enc('abc\r\nde-\r\n--x\r\ntail\r\n');
    expect(nextLineToRead(av, 0)).toBe(10);
    expect(nextLineToRead(av, 10)).toBe(10);
    expect(nextLineToRead(av, 15)).toBe(15);
    const noDashes = enc('a\nb\nlast');
    expect(nextLineToRead(noDashes, 0)).toBe(4);
    const endsWithNewline = enc('a\nb\nlast\n');
    expect(nextLineToRead(endsWithNewline, 0)).toBe(4);
  });
});
