// RFC 5322 § 3.3 dates, with the obsolete forms of § 4.3 that real archives still carry
// (two- and three-digit years, named zones). JavaScript's Date.parse reads
// "29 Jul 102" as the year 102; RFC 5322 says that is 2002.

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** obs-zone (RFC 5322 § 4.3) in minutes east of UTC; military zones count as UTC, as the RFC advises. */
const NAMED_ZONES: Record<string, number> = {
  ut: 0,
  gmt: 0,
  z: 0,
  edt: -4 * 60,
  est: -5 * 60,
  cdt: -5 * 60,
  cst: -6 * 60,
  mdt: -6 * 60,
  mst: -7 * 60,
  pdt: -7 * 60,
  pst: -8 * 60,
};

const DATE_RE =
  /^\s*(?:[a-z]{3,},?\s*)?(\d{1,2})\s*[-\s]\s*([a-z]{3})[a-z]*\.?\s*[-\s]\s*(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([+-]\d{4}|[a-z]{1,5})?/i;

/** RFC 5322 § 4.3: a two-digit year below 50 is 20xx, otherwise 19xx; three digits add 1900. */
export function expandObsoleteYear(year: string): number {
  const n = Number(year);
  if (year.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  if (year.length === 3) return 1900 + n;
  return n;
}

/** The Date header as epoch ms, or null when it cannot be read. */
export function parseMailDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const m = DATE_RE.exec(value);
  if (m) {
    const [, day, mon, year, hh, mm, ss, zone] = m;
    const month = MONTHS[(mon ?? '').toLowerCase()];
    if (month !== undefined) {
      let offset = 0;
      if (zone && /^[+-]\d{4}$/.test(zone)) {
        const sign = zone.startsWith('-') ? -1 : 1;
        offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
      } else if (zone) {
        offset = NAMED_ZONES[zone.toLowerCase()] ?? 0;
      }
      const utc = Date.UTC(
        expandObsoleteYear(year ?? ''),
        month,
        Number(day),
        Number(hh),
        Number(mm),
        Number(ss ?? 0),
      );
      const t = utc - offset * 60_000;
      if (Number.isFinite(t)) return t;
    }
  }
  // Not RFC 5322 at all (ISO dates and other mailers' inventions): let the engine try.
  const loose = Date.parse(value);
  return Number.isFinite(loose) ? loose : null;
}
