// The MIME builder's body structure, encodings and attachments, read back as a recipient
// would: postal-mime and Python's email package with the strict policy.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../../src/mail/mime/index.js';
import { parseMessage } from '../../src/mail/parse.js';
import { isUnparseable } from '../../src/mail/types.js';
import { FILENAME_120, FIXTURES, FORWARDED_EML, NASTY_TEXT, PNG } from './mime/fixtures.js';
import { inspectWithPython, pyHeader, pyLeaves, pyShape } from './mime/python-strict.js';
import {
  bytesOfContent,
  fieldLines,
  fromBase64,
  norm,
  readBack,
  type ReadBack,
} from './mime/read-back.js';

let raw: ReadBack['raw'];
let postal: ReadBack['postal'];
let py: ReadBack['py'];

beforeAll(async () => {
  ({ raw, postal, py } = await readBack(FIXTURES));
});

describe('SEND-3 rich text', () => {
  it('SEND-3 sends rich text as multipart/alternative with the plain part first', () => {
    expect(pyShape(py.rich.body)).toBe('multipart/alternative(text/plain,text/html)');
    const [plain, html] = pyLeaves(py.rich.body);
    expect(norm(plain.text)).toBe(norm(FIXTURES.rich.text));
    expect(norm(html.text)).toBe(norm(FIXTURES.rich.html));
    expect(norm(postal.rich.text)).toBe(norm(FIXTURES.rich.text));
    expect(norm(postal.rich.html)).toBe(norm(FIXTURES.rich.html));
  });
});

describe('SEND-4 inline images', () => {
  it('SEND-4 puts inline images in multipart/related beside the HTML, attachments outside', () => {
    expect(pyShape(py.inline.body)).toBe(
      'multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png)),application/pdf)',
    );
    const related = py.inline.body.children?.[0].children?.[1];
    expect(related?.params.type).toBe('text/html');
  });

  it('SEND-4 resolves the cid: reference of the HTML to the image part, bytes intact', () => {
    const html = postal.inline.html ?? '';
    const cid = /src="cid:([^"]+)"/.exec(html)?.[1];
    expect(cid).toBe('logo.20260314@buzon.example');
    const image = postal.inline.attachments.find((a) => a.contentId === `<${cid}>`);
    expect(image?.mimeType).toBe('image/png');
    expect(image?.disposition).toBe('inline');
    expect(image?.related).toBe(true);
    expect(bytesOfContent(image?.content ?? '')).toEqual(PNG);

    const pyImage = pyLeaves(py.inline.body).find((p) => p.contentId === `<${cid}>`);
    expect(pyImage?.contentType).toBe('image/png');
    expect(pyImage?.disposition).toBe('inline');
    expect(fromBase64(pyImage?.base64)).toEqual(PNG);
  });
});

describe('ATTACH-1 attachments', () => {
  const names = ['presupuesto_año_2026.pdf', FILENAME_120, 'informe _final_.txt', 'vacío.bin'];

  it('ATTACH-1 keeps Spanish and long Unicode filenames as the recipient sees them', () => {
    expect([...FILENAME_120].length).toBe(120);
    expect(postal.filenames.attachments.map((a) => a.filename)).toEqual(names);
    const pyFiles = pyLeaves(py.filenames.body).slice(1);
    expect(pyFiles.map((p) => p.filename)).toEqual(names);
    expect(pyFiles.map((p) => p.disposition)).toEqual(Array(4).fill('attachment'));
  });

  it('ATTACH-1 writes RFC 2231 filename* (continued when long) and an ASCII name fallback', () => {
    const text = new TextDecoder().decode(raw.filenames);
    expect(text).toContain(`filename*=UTF-8''presupuesto_a%C3%B1o_2026.pdf`);
    expect(text).toContain('name="presupuesto_ano_2026.pdf"');
    expect(text).toMatch(/filename\*0\*=UTF-8''Presupuesto/);
    expect(text).toMatch(/filename\*1\*=/);
    const pdf = pyLeaves(py.filenames.body)[1];
    expect(pdf.params.name).toBe('presupuesto_ano_2026.pdf');
  });

  it('ATTACH-1 delivers attachment bytes unchanged, base64 at 76 columns', () => {
    const expected = FIXTURES.filenames.attachments?.map((a) => a.bytes) ?? [];
    expect(postal.filenames.attachments.map((a) => bytesOfContent(a.content))).toEqual(expected);
    const pyFiles = pyLeaves(py.filenames.body).slice(1);
    expect(pyFiles.map((p) => fromBase64(p.base64))).toEqual(expected);
    expect(pyFiles.map((p) => p.transferEncoding)).toEqual(Array(4).fill('base64'));
    const text = new TextDecoder().decode(raw.filenames);
    const b64Lines = text.split('\r\n').filter((l) => /^[A-Za-z0-9+/]{60,}={0,2}$/.test(l));
    expect(b64Lines.length).toBeGreaterThan(1000);
    for (const line of b64Lines) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('ATTACH-1 keeps a valid media type and replaces an invalid one with application/octet-stream', () => {
    const types = pyLeaves(py.filenames.body)
      .slice(1)
      .map((p) => p.contentType);
    expect(types).toEqual([
      'application/pdf',
      'application/pdf',
      'text/plain',
      'application/octet-stream',
    ]);
  });

  it('ATTACH-1 does not inline an image with a Content-ID when there is no HTML part', () => {
    const m = buildMessage({
      ...FIXTURES.asciiOnly,
      attachments: [{ filename: 'a.png', type: 'image/png', bytes: PNG, contentId: 'a@b' }],
    });
    const [p] = inspectWithPython([m]);
    expect(pyShape(p.body)).toBe('multipart/mixed(text/plain,image/png)');
    expect(pyLeaves(p.body)[1].disposition).toBe('attachment');
  });
});

describe('SEND-5 threading headers', () => {
  it('SEND-5 sets In-Reply-To and References, folding a long References list', async () => {
    const refs = FIXTURES.thread.references ?? [];
    expect(postal.thread.inReplyTo).toBe('<CAF=abc+123@mail.example.com>');
    expect(pyHeader(py.thread, 'In-Reply-To')).toEqual(['<CAF=abc+123@mail.example.com>']);
    expect(fieldLines(raw.thread, 'References').length).toBeGreaterThan(10);
    const parsed = await parseMessage(raw.thread);
    if (isUnparseable(parsed)) throw new Error(parsed.error);
    expect(parsed.summary.references).toEqual(refs);
    expect(parsed.summary.inReplyTo).toBe('CAF=abc+123@mail.example.com');
    expect(pyHeader(py.thread, 'References')[0].split(/\s+/)).toEqual(refs.map((r) => `<${r}>`));
  });
});

describe('SEND-10 priority', () => {
  const cases = [
    ['receipt', 1, '1 (Highest)', 'high'],
    ['priorityHigh', 2, '2 (High)', 'high'],
    ['priorityNormal', 3, undefined, undefined],
    ['priorityLow', 4, '4 (Low)', 'low'],
    ['priorityLowest', 5, '5 (Lowest)', 'low'],
  ] as const;

  it.each(cases)(
    'SEND-10 %s reads back as priority %i',
    async (name, level, xPriority, importance) => {
      const parsed = await parseMessage(raw[name]);
      if (isUnparseable(parsed)) throw new Error(parsed.error);
      expect(parsed.summary.priority).toBe(level);
      expect(pyHeader(py[name], 'X-Priority')).toEqual(xPriority ? [xPriority] : []);
      expect(pyHeader(py[name], 'Importance')).toEqual(importance ? [importance] : []);
    },
  );
});

describe('SEND-11 read receipt request', () => {
  it('SEND-11 asks for a read receipt with Disposition-Notification-To', async () => {
    const parsed = await parseMessage(raw.receipt);
    if (isUnparseable(parsed)) throw new Error(parsed.error);
    expect(parsed.dispositionNotificationTo).toBe('jose.pena@ejemplo.es');
    expect(py.receipt.addresses['disposition-notification-to']).toEqual([
      ['José Peña', 'jose.pena@ejemplo.es'],
    ]);
    expect(fieldLines(raw.priorityNormal, 'Disposition-Notification-To')).toEqual([]);
  });
});

describe('SEND-6 forward as attachment', () => {
  it('SEND-6 attaches a forwarded .eml as message/rfc822 that parses as a message', () => {
    const [plain, fwd] = pyLeaves(py.forwardEml.body);
    expect(plain.contentType).toBe('text/plain');
    expect(fwd.contentType).toBe('message/rfc822');
    expect(fwd.transferEncoding).toBe('8bit');
    expect(fwd.innerSubject).toBe('Original');
    // RFC 2045 §6.4: the multipart around an 8bit part says 8bit too.
    expect(py.forwardEml.body.transferEncoding).toBe('8bit');
    const text = new TextDecoder().decode(raw.forwardEml);
    expect(text).toContain(new TextDecoder().decode(FORWARDED_EML));
  });
});

describe('SEND-3 body encodings', () => {
  it('SEND-3 keeps a text with 2,500-octet lines, bare CR and LF, "From " and "." lines intact', () => {
    const expected = norm(NASTY_TEXT);
    expect(norm(postal.nastyText.text)).toBe(expected);
    const [plain, html] = pyLeaves(py.nastyText.body);
    expect(norm(plain.text)).toBe(expected);
    expect(norm(html.text)).toBe(norm(FIXTURES.nastyText.html));
    expect(plain.transferEncoding).toBe('quoted-printable');
    // Lines some transports mangle ("From " for mbox, a lone "." for SMTP) are escaped.
    const text = new TextDecoder().decode(raw.nastyText);
    expect(text).toContain('\r\n=46rom the start of a line\r\n=2E\r\n=2E.two dots\r\n');
    expect(text).toContain('trailing spaces  =20\r\n\ttab line=09\r\n');
  });

  it('SEND-3 sends mostly non-Latin text as base64 and it decodes to the same text', () => {
    expect(py.nonLatin.body.transferEncoding).toBe('base64');
    expect(norm(py.nonLatin.body.text)).toBe(norm(FIXTURES.nonLatin.text));
    expect(norm(postal.nonLatin.text)).toBe(norm(FIXTURES.nonLatin.text));
    expect(py.nonLatin.subject).toBe('Привет, 世界');
  });

  it('SEND-3 sends short ASCII lines unencoded (7bit)', () => {
    expect(py.asciiOnly.body.transferEncoding).toBe('7bit');
    expect(norm(postal.asciiOnly.text)).toBe(norm(FIXTURES.asciiOnly.text));
  });

  it('SEND-3 encodes non-ASCII extra header values and folds long ones', () => {
    expect(pyHeader(py.extraHeaders, 'X-Mailer')).toEqual(['Buzón']);
    const long = FIXTURES.extraHeaders.extraHeaders?.[1][1];
    expect(pyHeader(py.extraHeaders, 'X-Long')).toEqual([long]);
    expect(
      postal.extraHeaders.headers.find((h) => h.key === 'x-long')?.value.replace(/\s+/g, ' '),
    ).toBe(long?.replace(/\s+/g, ' '));
    expect(fieldLines(raw.extraHeaders, 'X-Long').length).toBeGreaterThan(2);
  });
});
