import { describe, expect, it } from 'vitest';
import { MAX_FILENAME_CHARS, sanitizeFilename } from '../../src/mail/filename.js';

describe('ATTACH-2 sanitizeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['/abs/evil.sh', 'evil.sh'],
    ['C:\\Windows\\System32\\evil.bat', 'evil.bat'],
    ['C:evil.exe', 'evil.exe'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['..%2f..%2fsecret.txt', 'secret.txt'],
    ['invoice\u202Egnp.exe', 'invoicegnp.exe'],
    ['re\u2066port\u2069.pdf', 'report.pdf'],
    ['nul\0byte.txt', 'nulbyte.txt'],
    ['tab\tand\nnewline.txt', 'tabandnewline.txt'],
    ['.bashrc', 'bashrc'],
    ['...', 'fallback.bin'],
    ['CON', '_CON'],
    ['lpt1.txt', '_lpt1.txt'],
    ['trailing. . ', 'trailing'],
    ['what?<is>"this"|*.txt', 'what__is__this___.txt'],
    ['résumé.pdf', 'résumé.pdf'],
  ])('%j becomes %j', (input, expected) => {
    expect(sanitizeFilename(input, 'fallback.bin')).toBe(expected);
  });

  it('is never empty, even when the fallback is hostile too', () => {
    expect(sanitizeFilename(null, 'attachment.pdf')).toBe('attachment.pdf');
    expect(sanitizeFilename('', '../')).toBe('attachment');
  });

  it('caps the length and keeps the extension', () => {
    const out = sanitizeFilename(`${'a'.repeat(300)}.pdf`, 'x');
    expect(out.length).toBe(MAX_FILENAME_CHARS);
    expect(out.endsWith('.pdf')).toBe(true);
  });
});
