// Dates and sizes as lists show them (VIEW-4), in the interface's current language.

const DAY_MS = 24 * 60 * 60 * 1000;
/** "This week": within the last six days a weekday name is unambiguous. */
const WEEK_DAYS = 6;

/** The interface language; the app keeps `<html lang>` in step with the locale switch. */
export function currentLocale(): string {
  return document.documentElement.lang || navigator.language || 'en';
}

/**
 * Formatters by locale and style, made once: building an Intl formatter costs far more than
 * formatting with one, and a list formats two dates and a size per row on every render
 * (~0.25 s of the page's thread over a 10k bootstrap before they were kept).
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: string, style: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(style)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, style);
    formatters.set(key, f);
  }
  return f;
}

function numberFormat(
  locale: string,
  digits: number,
  style: 'decimal' | 'percent' = 'decimal',
): Intl.NumberFormat {
  const key = `n|${locale}|${digits}|${style}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, style });
    formatters.set(key, f);
  }
  return f;
}

/**
 * A count as the interface language writes it ("1,234"). Measured at start-up: building a
 * NumberFormat for the Outbox button's "0" cost 58 ms of the page's thread on this
 * project's machine, so counts share one formatter per locale like dates and sizes do.
 */
export function formatCount(n: number, locale = currentLocale()): string {
  return numberFormat(locale, 0).format(n);
}

/** A ratio as a whole percentage ("90 %" or "90%", as the language writes it). */
export function formatPercent(ratio: number, locale = currentLocale()): string {
  return numberFormat(locale, 0, 'percent').format(ratio);
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
const WEEKDAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric' };
const DAY_MONTH: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const NUMERIC: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: '2-digit' };
const FULL: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * VIEW-4 short dates: the time for today, "Mon 3" for this week, "3 Mar" for this year,
 * dd/mm/yy (locale order) before that.
 */
export function formatShortDate(
  t: number,
  now: number = Date.now(),
  locale = currentLocale(),
): string {
  const today = startOfDay(now);
  const date = new Date(t);
  if (t >= today && t < today + DAY_MS) return dateFormat(locale, TIME).format(date);
  if (t >= today - WEEK_DAYS * DAY_MS && t < today) return dateFormat(locale, WEEKDAY).format(date);
  if (date.getFullYear() === new Date(now).getFullYear()) {
    return dateFormat(locale, DAY_MONTH).format(date);
  }
  return dateFormat(locale, NUMERIC).format(date);
}

/** The full date and time, for `title` on hover and the reader's header. */
export function formatFullDate(t: number, locale = currentLocale()): string {
  return dateFormat(locale, FULL).format(new Date(t));
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;
/** Binary steps, as file managers show sizes. */
const STEP = 1024;

export function formatSize(bytes: number, locale = currentLocale()): string {
  let value = bytes;
  let unit = 0;
  while (value >= STEP && unit < UNITS.length - 1) {
    value /= STEP;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${numberFormat(locale, digits).format(value)} ${UNITS[unit]}`;
}
