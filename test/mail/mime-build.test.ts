// The MIME builder's headers and wire format, read back as a recipient would: postal-mime
// and Python's email package with the strict policy (which raises on any defect).
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, LONG_SUBJECT } from './mime/fixtures.js';
import { pyShape, type PyPart } from './mime/python-strict.js';
import {
  fieldLines,
  headerLines,
  mailboxes,
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

describe('SEND-1 recipients, subject and names', () => {
  const expectedTo: [string, string][] = [
    ['José Peña', 'jose@example.com'],
    ['Smith, John', 'john.smith@example.com'],
    ['Ana "la jefa" Ruiz', 'ana@xn--bcher-kva.example'],
    ['', 'bare@example.com'],
  ];

  it('SEND-1 shows From, Sender, To, Cc and Reply-To with Spanish names as sent', () => {
    const p = postal.addresses;
    expect(mailboxes(p.from)).toEqual([['José Peña', 'jose.pena@ejemplo.es']]);
    expect(mailboxes(p.sender)).toEqual([['Secretaría', 'secretaria@ejemplo.es']]);
    expect(mailboxes(p.to)).toEqual(expectedTo);
    expect(mailboxes(p.cc)).toEqual([
      ["María-José O'Neil Ibáñez de la Cruz y Fernández-Villaverde", 'mj@example.org'],
    ]);
    expect(mailboxes(p.replyTo)).toEqual([['Equipo Buzón', 'equipo@ejemplo.es']]);

    const a = py.addresses.addresses;
    expect(a.from).toEqual([['José Peña', 'jose.pena@ejemplo.es']]);
    expect(a.sender).toEqual([['Secretaría', 'secretaria@ejemplo.es']]);
    expect(a.to).toEqual(expectedTo);
    expect(a.cc).toEqual([
      ["María-José O'Neil Ibáñez de la Cruz y Fernández-Villaverde", 'mj@example.org'],
    ]);
    expect(a['reply-to']).toEqual([['Equipo Buzón', 'equipo@ejemplo.es']]);
  });

  it('SEND-1 keeps Bcc in the built message (the Sent copy); the proxy strips it before SMTP', () => {
    const bcc = [
      ['Oculto Núñez', 'hidden@example.net'],
      ['', 'bcc2@example.net'],
    ];
    expect(mailboxes(postal.addresses.bcc)).toEqual(bcc);
    expect(py.addresses.addresses.bcc).toEqual(bcc);
    expect(fieldLines(raw.addresses, 'Bcc').length).toBeGreaterThan(0);
  });

  it('SEND-1 writes the headers in the usual order', () => {
    const names = headerLines(raw.addresses)
      .filter((l) => !/^[ \t]/.test(l))
      .map((l) => l.slice(0, l.indexOf(':')));
    expect(names).toEqual([
      'Date',
      'From',
      'Sender',
      'To',
      'Cc',
      'Bcc',
      'Reply-To',
      'Subject',
      'Message-ID',
      'MIME-Version',
      'Content-Type',
      'Content-Transfer-Encoding',
    ]);
  });

  it('SEND-1 decodes a subject with accents and emoji exactly', () => {
    const subject = 'Presupuesto año 2026 ✔ — ¿qué tal? 🎉';
    expect(postal.addresses.subject).toBe(subject);
    expect(py.addresses.subject).toBe(subject);
  });

  it('SEND-1 folds a long subject within 76 columns and it decodes unchanged', () => {
    const lines = fieldLines(raw.longSubject, 'Subject');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    for (const word of lines.join(' ').match(/=\?[^?]+\?[BQ]\?[^?]*\?=/g) ?? []) {
      expect(word.length).toBeLessThanOrEqual(75);
    }
    expect(postal.longSubject.subject).toBe(LONG_SUBJECT);
    expect(py.longSubject.subject).toBe(LONG_SUBJECT);
  });

  it('SEND-1 keeps leading, trailing and repeated whitespace and a literal "=?…?=" in the subject', () => {
    expect(postal.spacedSubject.subject).toBe(FIXTURES.spacedSubject.subject);
    expect(py.spacedSubject.subject).toBe(FIXTURES.spacedSubject.subject);
    expect(postal.literalEncodedWord.subject).toBe(FIXTURES.literalEncodedWord.subject);
    expect(py.literalEncodedWord.subject).toBe(FIXTURES.literalEncodedWord.subject);
  });

  it('SEND-1 writes an empty subject as an empty Subject header', () => {
    expect(fieldLines(raw.emptySubject, 'Subject')).toEqual(['Subject:']);
    expect(postal.emptySubject.subject ?? '').toBe('');
    expect(py.emptySubject.subject).toBe('');
  });

  it('SEND-1 sends plain text alone as text/plain in UTF-8', () => {
    expect(pyShape(py.addresses.body)).toBe('text/plain');
    expect(py.addresses.body.params.charset).toBe('utf-8');
    expect(norm(postal.addresses.text)).toBe(norm(FIXTURES.addresses.text));
    expect(norm(py.addresses.body.text)).toBe(norm(FIXTURES.addresses.text));
  });
});

describe('wire format', () => {
  it('SEND-1 every built message uses CRLF only, lines of at most 998 octets, headers of at most 78', () => {
    for (const [name, bytes] of Object.entries(raw)) {
      let lineStart = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 10) expect(bytes[i - 1], `${name}: bare LF at ${i}`).toBe(13);
        if (bytes[i] === 13) expect(bytes[i + 1], `${name}: bare CR at ${i}`).toBe(10);
        if (bytes[i] === 10) {
          expect(i - 1 - lineStart, `${name}: line at ${lineStart}`).toBeLessThanOrEqual(998);
          lineStart = i + 1;
        }
      }
      expect(bytes.length - lineStart).toBe(0); // ends with CRLF
      for (const line of headerLines(bytes)) {
        expect(line.length, `${name}: ${line}`).toBeLessThanOrEqual(78);
        expect(line, `${name}: header is ASCII`).toMatch(/^[\x20-\x7e\t]*$/);
      }
    }
  });

  it("SEND-1 every built message passes Python's strict parser with no defect in any part or header", () => {
    const walk = (p: PyPart): PyPart[] => [p, ...(p.children ?? []).flatMap(walk)];
    for (const [name, m] of Object.entries(py)) {
      expect(m.defects, name).toEqual([]);
      for (const p of walk(m.body)) expect(p.defects, `${name} ${p.contentType}`).toEqual([]);
    }
  });
});
