import { describe, expect, it } from 'vitest';

import { isScriptIntact, readScriptChecksum } from '../../src/filters/checksum.js';
import { compileSieve, SieveInputError, SieveOptionsError } from '../../src/filters/sieve.js';
import type { SieveOptions } from '../../src/filters/sieve.js';
import { forwardWarnings } from '../../src/filters/sieve-settings.js';
import { comment, matchesPattern, multiline, quote } from '../../src/filters/sieve-text.js';
import { filter } from './support/messages.js';

const OPTIONS: SieveOptions = {
  junkFolder: 'Junk',
  trashFolder: 'Papelera',
  ownAddresses: ['me@example.org'],
};
const always = { field: 'subject', op: 'contains', negate: false, value: 'factura' } as const;
const text = (script: string) => script.replace(/\r\n/g, '\n');

describe('Sieve strings', () => {
  it('FILTER-3 escapes quotes and backslashes and keeps ${ from reaching a variable', () => {
    expect(quote('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
    expect(quote('"; discard; "')).toBe('"\\"; discard; \\""');
    expect(quote('${buzon_stop}')).toBe('"${dollar}{buzon_stop}"');
    expect(quote('$$ {x} $')).toBe('"$$ {x} $"');
    expect(matchesPattern('C:\\*')).toBe('C:\\\\*');
  });

  it('FILTER-3 writes long texts as text: with dot-stuffing and CRLF', () => {
    expect(multiline('uno\n.\n..dos\r\ntres')).toBe(
      'text:\r\nuno\r\n..\r\n...dos\r\ntres\r\n.\r\n',
    );
  });

  it('FILTER-3 keeps a comment on one line whatever the description holds', () => {
    expect(comment('a\r\n}\ndiscard;\u2028x')).toBe('# a  } discard; x');
  });
});

describe('Sieve script text', () => {
  it('FILTER-3 writes filters in order, leaves inactive ones out and files after every filter ran', () => {
    const first = filter(
      [always],
      [
        { type: 'tag', keyword: 'uno' },
        { type: 'move', folder: { path: 'Facturas' } },
      ],
    );
    const off = filter([always], [{ type: 'move', folder: { path: 'Nunca' } }], { active: false });
    const last = filter([always], [{ type: 'delete' }, { type: 'stop' }]);
    const { script } = compileSieve([first, off, last], null, null, OPTIONS);
    const s = text(script);
    expect(s).not.toContain('Nunca');
    expect(s.indexOf('addflag "uno"')).toBeLessThan(s.indexOf('set "buzon_stop" "1"'));
    expect(s).toContain('if string :is "${buzon_f1}" "1" {\n  fileinto "Facturas";\n}');
    expect(s).toContain('if string :is "${buzon_f3}" "1" {\n  fileinto "Papelera";\n}');
    // Filing comes after the last filter.
    expect(s.indexOf('fileinto "Facturas"')).toBeGreaterThan(s.indexOf('set "buzon_stop" "1"'));
  });

  it('FILTER-1 lists what only the app can do, with a reason, and compiles the rest', () => {
    const f = filter(
      [always],
      [
        { type: 'comment', text: 'nota' },
        { type: 'priority', priority: 1 },
        { type: 'reply', templateId: 'tpl' },
        { type: 'move', folder: { path: 'Facturas' } },
      ],
    );
    const appOnly = filter([always], [{ type: 'comment', text: 'solo app' }]);
    const { script, clientOnly } = compileSieve([f, appOnly], null, null, OPTIONS);
    expect(clientOnly.map((c) => [c.filterId, c.actionIndex, c.reason])).toEqual([
      [f.id, 0, 'comment'],
      [f.id, 1, 'priority'],
      [f.id, 2, 'reply'],
      [appOnly.id, 0, 'comment'],
    ]);
    expect(clientOnly.every((c) => c.message.length > 20)).toBe(true);
    expect(script).toContain('fileinto "Facturas"');
    expect(script).not.toContain('nota');
    expect(text(script)).toContain('# (only actions the app performs)');
  });

  it('FILTER-4 writes the away dates in the user zone, days and own addresses', () => {
    const { script, requires } = compileSieve(
      [],
      {
        enabled: true,
        start: '2025-07-01',
        end: '2025-07-31',
        subject: 'Fuera',
        text: 'Vuelvo en agosto.',
        days: 3,
        addresses: ['me@example.org', 'yo@example.org'],
      },
      null,
      { ...OPTIONS, zone: '+0200' },
    );
    expect(script).toContain('currentdate :zone "+0200" :value "ge" "date" "2025-07-01"');
    expect(script).toContain('currentdate :zone "+0200" :value "le" "date" "2025-07-31"');
    expect(script).toContain(
      'vacation :days 3 :subject "Fuera" :addresses ["me@example.org", "yo@example.org"]',
    );
    expect(requires).toEqual(expect.arrayContaining(['vacation', 'date', 'relational']));
    expect(() => compileSieve([], null, null, { ...OPTIONS, zone: 'Europe/Madrid' })).toThrow(
      SieveOptionsError,
    );
  });

  it('FILTER-5 warns about loops, refuses to forward to the user, and flags too many redirects', () => {
    const own = { enabled: true, to: 'Me@Example.org', keepCopy: true };
    const compiled = compileSieve([], null, own, OPTIONS);
    expect(compiled.warnings).toEqual(['loop-risk', 'own-address']);
    expect(compiled.script).not.toContain('redirect');
    expect(forwardWarnings({ enabled: true, to: 'a@b.example', keepCopy: false }, [])).toEqual([
      'loop-risk',
      'no-copy',
    ]);
    expect(forwardWarnings({ enabled: false, to: 'a@b.example', keepCopy: false }, [])).toEqual([]);
    const many = ['a', 'b', 'c', 'd'].map((n) =>
      filter([always], [{ type: 'forward', to: `${n}@example.net` }]),
    );
    expect(
      compileSieve(many, null, { enabled: true, to: 'e@example.net', keepCopy: true }, OPTIONS)
        .warnings,
    ).toContain('redirect-limit');
  });

  it('FILTER-3 refuses data the parser would refuse instead of writing it', () => {
    const badFolder = filter([always], [{ type: 'move', folder: { path: 'a\nb' } }]);
    expect(() => compileSieve([badFolder], null, null, OPTIONS)).toThrow(SieveInputError);
    const badFlag = filter([always], [{ type: 'tag', keyword: 'two words' }]);
    expect(() => compileSieve([badFlag], null, null, OPTIONS)).toThrow(SieveInputError);
    const badSubject = {
      enabled: true,
      start: null,
      end: null,
      subject: 'a\nBcc: x@y.z',
      text: '',
      days: 7,
      addresses: [],
    };
    expect(() => compileSieve([], badSubject, null, OPTIONS)).toThrow(SieveInputError);
    expect(() => compileSieve([], null, null, { ...OPTIONS, junkFolder: 'J\nunk' })).toThrow(
      SieveOptionsError,
    );
  });

  it('FILTER-3 carries a fingerprint the settings screen can compare with the installed script', () => {
    const a = compileSieve(
      [filter([always], [{ type: 'tag', keyword: 'x' }], { id: 'same' })],
      null,
      null,
      OPTIONS,
    );
    const b = compileSieve(
      [filter([always], [{ type: 'tag', keyword: 'y' }], { id: 'same' })],
      null,
      null,
      OPTIONS,
    );
    expect(readScriptChecksum(a.script)).toBe(a.checksum);
    expect(a.checksum).not.toBe(b.checksum);
    expect(isScriptIntact(a.script)).toBe(true);
    expect(isScriptIntact(a.script.replace('addflag "x"', 'addflag "z"'))).toBe(false);
    expect(readScriptChecksum('require "fileinto";')).toBeNull();
  });
});
