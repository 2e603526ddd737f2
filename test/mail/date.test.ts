import { describe, expect, it } from 'vitest';
import { expandObsoleteYear, parseMailDate } from '../../src/mail/date.js';

describe('Date header (RFC 5322 § 3.3 and § 4.3)', () => {
  it('VIEW-4 reads a standard date with a numeric zone', () => {
    expect(parseMailDate('Thu, 22 Aug 2002 07:36:16 -0400')).toBe(
      Date.UTC(2002, 7, 22, 11, 36, 16),
    );
  });

  it('VIEW-4 reads obsolete two- and three-digit years as RFC 5322 says (not the year 102)', () => {
    expect(expandObsoleteYear('02')).toBe(2002);
    expect(expandObsoleteYear('99')).toBe(1999);
    expect(expandObsoleteYear('102')).toBe(2002);
    expect(new Date(parseMailDate('Sat, 29 Jul 102 14:01:02 +0000') ?? 0).getUTCFullYear()).toBe(
      2002,
    );
  });

  it('VIEW-4 reads named zones, no seconds, no weekday', () => {
    expect(parseMailDate('1 Jan 2020 10:00 PST')).toBe(Date.UTC(2020, 0, 1, 18, 0, 0));
    expect(parseMailDate('1 Jan 2020 10:00:00 GMT')).toBe(Date.UTC(2020, 0, 1, 10, 0, 0));
  });

  it('falls back to the engine for ISO dates and gives null for nonsense', () => {
    expect(parseMailDate('2021-03-04T05:06:07Z')).toBe(Date.UTC(2021, 2, 4, 5, 6, 7));
    expect(parseMailDate('not a date')).toBeNull();
    expect(parseMailDate(null)).toBeNull();
  });
});
