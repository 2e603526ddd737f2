import { describe, expect, it } from 'vitest';
import { removeAttachment, AttachmentRemovalError } from '../../src/mail/rewrite.js';
import { locatePart } from '../../src/mail/raw-mime.js';
import { parseMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import type { ParsedMessage } from '../../src/mail/types.js';
import { eml } from './fixtures.js';

const REMOVED_AT = new Date(Date.UTC(2025, 5, 10, 12, 0, 0));

async function parse(raw: Uint8Array): Promise<ParsedMessage> {
  const p = await parseMessage(raw);
  if (isUnparseable(p)) throw new Error(p.error);
  return p;
}

const text = (b: Uint8Array): string => new TextDecoder('windows-1252').decode(b);

function traceOf(m: ParsedMessage): string[] {
  return m.parts.flatMap((p) =>
    p.kind === 'text' && p.text.includes('was removed') ? [p.text] : [],
  );
}

describe('ATTACH-4 removeAttachment', () => {
  it('ATTACH-4 replaces a nested attachment with a visible trace and leaves every other byte alone', async () => {
    const raw = eml('crlf-attachment.eml');
    const before = await parse(raw);
    const zip = before.attachments.find((a) => a.filename === 'big.zip');
    expect(zip?.partId).toBe('2.2');

    const out = removeAttachment(raw, '2.2', REMOVED_AT);
    const after = await parse(out);

    expect(after.attachments.map((a) => a.filename)).toEqual(['photo.png']);
    expect(traceOf(after)).toEqual([
      'The attachment "big.zip" (application/zip, 1000 B) was removed from this message on 2025-06-10T12:00:00.000Z.\n' +
        'El adjunto «big.zip» (application/zip, 1000 B) se eliminó de este mensaje el 2025-06-10T12:00:00.000Z.\n',
    ]);
    // Everything before and after the replaced part is byte-identical.
    const part = locatePart(raw, '2.2');
    expect(text(out.subarray(0, part.start))).toBe(text(raw.subarray(0, part.start)));
    expect(text(out.subarray(out.length - (raw.length - part.end)))).toBe(
      text(raw.subarray(part.end)),
    );
    expect(out.length).toBeLessThan(raw.length);
    // Other parts, headers and the photo are unchanged.
    expect(after.summary).toMatchObject({
      subject: before.summary.subject,
      messageId: 'crlf@example.com',
    });
    expect(after.attachments[0].content).toEqual(
      before.attachments.find((a) => a.filename === 'photo.png')?.content,
    );
    expect(after.parts.slice(0, 2)).toEqual(before.parts);
    // The trace keeps the message's CRLF line endings.
    expect(text(out)).not.toMatch(/[^\r]\n/);
  });

  it('ATTACH-4 removes a top-level attachment and a single-part message keeps its own headers', async () => {
    const one = await parse(removeAttachment(eml('hostile-filenames.eml'), '5', REMOVED_AT));
    expect(one.attachments.map((a) => a.filename)).not.toContain('invoicegnp.exe');
    expect(traceOf(one)[0]).toContain('"invoicegnp.exe" (application/octet-stream, 2 B)');

    const only = await parse(removeAttachment(eml('attachment-only.eml'), '1', REMOVED_AT));
    expect(only.summary.subject).toBe('Scan');
    expect(only.summary.from[0].address).toBe('scanner@example.com');
    expect(only.attachments).toEqual([]);
    expect(only.summary.hasAttachment).toBe(false);
    expect(traceOf(only)[0]).toContain('"scan.pdf" (application/pdf, 21 B)');
  });

  it('ATTACH-4 removes an attachment inside a forwarded message/rfc822', async () => {
    const out = await parse(removeAttachment(eml('rfc822-inside.eml'), '2.2', REMOVED_AT));
    const nested = out.parts[1];
    if (nested.kind !== 'message') throw new Error('nested message expected');
    expect(nested.message.attachments).toEqual([]);
    expect(traceOf(nested.message)[0]).toContain('"data.csv" (text/csv, 7 B)');
    expect(nested.message.parts[0]).toEqual({
      kind: 'html',
      html: '<p>Inner <b>HTML</b> body</p>\n',
    });
  });

  it('ATTACH-4 refuses a part that does not exist or is a multipart', () => {
    const raw = eml('alternative-related-cid.eml');
    expect(() => removeAttachment(raw, '9', REMOVED_AT)).toThrow(AttachmentRemovalError);
    expect(() => removeAttachment(raw, '1', REMOVED_AT)).toThrow(/multipart/);
    expect(() => removeAttachment(raw, 'x.1', REMOVED_AT)).toThrow(AttachmentRemovalError);
  });
});
