import { describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';
import {
  assertMimeNodeShape,
  MimeTreeShapeError,
  parseMimeTree,
} from '../../src/mail/mime-tree.js';
import { parseMessage, summarizeMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import { eml } from './fixtures.js';

describe('postal-mime tree adapter', () => {
  it('postal-mime 4 still exposes the MIME tree shape the adapter reads (fails loudly on upgrade)', async () => {
    const parser = new PostalMime();
    await parser.parse(eml('alternative-related-cid.eml'));
    const root: unknown = (parser as unknown as { root: unknown }).root;
    expect(() => assertMimeNodeShape(root)).not.toThrow();
    const child: unknown = (root as { childNodes: unknown[] }).childNodes[0];
    expect(() => assertMimeNodeShape(child)).not.toThrow();
    expect(() => assertMimeNodeShape({ childNodes: [] })).toThrow(MimeTreeShapeError);
  });

  it('numbers parts like IMAP sections and reads types, ids and decoded content', async () => {
    const { root, partCount } = await parseMimeTree(eml('alternative-related-cid.eml'));
    expect(root.partId).toBe('');
    expect(root.multipart).toBe('mixed');
    const [alt, pdf] = root.children;
    expect(alt.partId).toBe('1');
    expect(alt.children.map((c) => [c.partId, c.mimeType])).toEqual([
      ['1.1', 'text/plain'],
      ['1.2', 'multipart/related'],
    ]);
    const png = alt.children[1].children[1];
    expect(png).toMatchObject({
      partId: '1.2.2',
      contentId: 'logo@example.com',
      filename: 'logo.png',
    });
    expect([...(png.content ?? []).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    expect(pdf).toMatchObject({
      partId: '2',
      disposition: 'attachment',
      mimeType: 'application/pdf',
    });
    expect(partCount).toBe(7); // mixed, alternative, text, related, html, png, pdf
  });

  it('a single-part message is part "1"; a nested message continues the outer numbering', async () => {
    expect((await parseMimeTree(eml('attachment-only.eml'))).root.partId).toBe('1');
    expect((await parseMimeTree(eml('two-from.eml'), '3')).root.partId).toBe('3.1');
  });

  it('decodes text with its charset and falls back to latin-1 when unlabeled', async () => {
    const { root } = await parseMimeTree(eml('latin1-unlabeled.eml'));
    expect(root.text()).toBe('Mañana tomamos un café en la plaza.\n');
  });

  it('a text-only parse keeps text bytes and drops the bytes of other parts; a full parse after it keeps them all', async () => {
    const textOnly = await parseMimeTree(eml('alternative-related-cid.eml'), '', true);
    const [alt, pdf] = textOnly.root.children;
    expect(alt.children[0].text()).toContain('Plain version of the news.');
    const png = alt.children[1].children[1];
    expect(png.content?.byteLength).toBe(0);
    expect(pdf.content?.byteLength).toBe(0);
    expect(pdf).toMatchObject({ mimeType: 'application/pdf', disposition: 'attachment' });
    expect(textOnly.partCount).toBe(7);
    const full = await parseMimeTree(eml('alternative-related-cid.eml'));
    expect([...(full.root.children[0].children[1].children[1].content ?? []).slice(1, 4)]).toEqual([
      0x50, 0x4e, 0x47,
    ]);
    expect(full.root.children[1].content?.byteLength).toBeGreaterThan(0);
  });

  it('ATTACH-2 a text-only parse drops text sent as files (CSV, calendar, a .txt attachment) and keeps the body; the summary is the full parse’s', async () => {
    const part = (type: string, disposition: string, body: string) =>
      [
        '--b',
        `Content-Type: ${type}`,
        ...(disposition ? [`Content-Disposition: ${disposition}`] : []),
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(body).toString('base64'),
      ].join('\r\n');
    const raw = new TextEncoder().encode(
      [
        'From: Ana <ana@example.com>',
        'To: bob@example.com',
        'Subject: Files',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        part('text/plain; charset=utf-8', '', 'The body: see the files.'),
        part('text/csv', 'attachment; filename=a.csv', 'a,b\n1,2\n'),
        part('text/calendar', '', 'BEGIN:VCALENDAR\nEND:VCALENDAR\n'),
        part('text/plain', 'attachment; filename=notes.txt', 'private notes'),
        '--b--',
        '',
      ].join('\r\n'),
    );
    const textOnly = await parseMimeTree(raw, '', true);
    const [body, csv, ics, txt] = textOnly.root.children;
    expect(body?.text()).toBe('The body: see the files.');
    expect([csv, ics, txt].map((n) => n?.content?.byteLength)).toEqual([0, 0, 0]);
    const full = await parseMessage(raw);
    if (isUnparseable(full)) throw new Error(full.error);
    expect(full.attachments.map((a) => [a.filename, a.size > 0])).toEqual([
      ['a.csv', true],
      ['part-3.ics', true],
      ['notes.txt', true],
    ]);
    expect(await summarizeMessage(raw)).toEqual(full.summary);
    expect(full.summary.hasAttachment).toBe(true);
  });
});
