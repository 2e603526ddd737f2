import { describe, expect, it } from 'vitest';
import {
  MAX_ENTRY_NAME_LENGTH,
  MAX_FOLDER_DEPTH,
  MAX_SEGMENT_LENGTH,
  printableName,
  sanitizeEntryPath,
} from '../../src/archive/zip-names.js';

function refused(raw: string): string {
  const r = sanitizeEntryPath(raw);
  if (!('error' in r)) throw new Error(`expected "${raw}" to be refused, got ${JSON.stringify(r)}`);
  return r.error;
}

describe('sanitizeEntryPath', () => {
  it.each([
    ['mail/Inbox/1.eml', ['mail', 'Inbox'], '1.eml'],
    ['mail/1.eml', ['mail'], '1.eml'],
    ['1.eml', [], '1.eml'],
    ['mail\\Sent\\Work\\a.eml', ['mail', 'Sent', 'Work'], 'a.eml'],
    ['mail//Inbox/./b.eml', ['mail', 'Inbox'], 'b.eml'],
    ['mail/ Inbox /c.eml', ['mail', 'Inbox'], 'c.eml'],
    ['mail/Bandeja de entrada/ñ.eml', ['mail', 'Bandeja de entrada'], 'ñ.eml'],
    // macOS writes decomposed (NFD) names; they are composed so folders merge.
    ['mail/Entwu\u0308rfe/d.eml', ['mail', 'Entw\u00fcrfe'], 'd.eml'],
    // Bidi overrides and zero-width characters are removed: what is shown is what it is.
    ['mail/Inbox/invoice\u202egpj.eml', ['mail', 'Inbox'], 'invoicegpj.eml'],
    ['mail/In\u200bbox/e.eml', ['mail', 'Inbox'], 'e.eml'],
    // A percent sign that hides nothing is an ordinary character.
    ['mail/100% done/f.eml', ['mail', '100% done'], 'f.eml'],
    ['mail/a%2eb/g.eml', ['mail', 'a%2eb'], 'g.eml'],
    ['mail/Re: plans/h.eml', ['mail', 'Re: plans'], 'h.eml'],
  ])('IMPORT-1 accepts %j as folders %j and file %j', (raw, folders, file) => {
    expect(sanitizeEntryPath(raw)).toEqual({ folderPath: folders, fileName: file });
  });

  it.each([
    ['/etc/passwd', /absolute/],
    ['/mail/Inbox/1.eml', /absolute/],
    ['\\\\server\\share\\1.eml', /absolute/],
    ['\\mail\\1.eml', /absolute/],
    ['C:\\Windows\\1.eml', /drive letter/],
    ['c:/mail/1.eml', /drive letter/],
    ['C:1.eml', /drive letter/],
    ['../1.eml', /climbs/],
    ['mail/../../1.eml', /climbs/],
    ['mail\\..\\..\\1.eml', /climbs/],
    ['mail/%2e%2e/%2e%2e/1.eml', /percent-encoding/],
    ['mail/%2E%2E/1.eml', /percent-encoding/],
    ['mail/%252e%252e/1.eml', /percent-encoding/],
    ['mail%2f..%2f1.eml', /percent-encoding/],
    ['mail/..%5c1.eml', /percent-encoding/],
    ['mail/%00/1.eml', /percent-encoding/],
    ['mail/Inbox/1.eml\u0000.txt', /control characters/],
    ['mail/In\u0007box/1.eml', /control characters/],
    ['mail/Inbox/\u0085.eml', /control characters/],
    ['mail/.../1.eml', /dots-only/],
    ['mail/\u202e/1.eml', /empty/],
    ['mail/Inbox/', /folder/],
    ['mail/Inbox/.', /folder/],
    ['', /no name/],
  ])('IMPORT-1 refuses %j', (raw, reason) => {
    expect(refused(raw)).toMatch(reason);
  });

  it('IMPORT-1 refuses names and depths over the named limits', () => {
    expect(refused(`mail/${'a'.repeat(MAX_ENTRY_NAME_LENGTH)}.eml`)).toMatch(/longer than 1024/);
    expect(refused(`mail/${'b'.repeat(MAX_SEGMENT_LENGTH + 1)}/1.eml`)).toMatch(/longer than 255/);
    const deep = Array.from({ length: MAX_FOLDER_DEPTH + 1 }, (_, i) => `f${i}`).join('/');
    expect(refused(`${deep}/1.eml`)).toMatch(/nested more than 32/);
    const ok = Array.from({ length: MAX_FOLDER_DEPTH }, (_, i) => `f${i}`).join('/');
    expect(sanitizeEntryPath(`${ok}/1.eml`)).toMatchObject({ fileName: '1.eml' });
  });

  it('IMPORT-1 shows refused names with their hidden characters made visible', () => {
    expect(printableName('mail/a\u0000b\u202e.eml')).toBe('mail/a\ufffdb\ufffd.eml');
    expect(printableName('x'.repeat(500))).toHaveLength(200);
  });
});
