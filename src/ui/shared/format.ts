// Dates and sizes as lists show them (VIEW-4), in the interface's current language.

const DAY_MS = 24 * 60 * 60 * 1000;
/** "This week": within the last six days a weekday name is unambiguous. */
const WEEK_DAYS = 6;

/** The interface language; the app keeps `<html lang>` in step with the locale switch. */
export function currentLocale(): string {
  return document.documentElement.lang || navigator.language || 'en';
}

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
  if (t >= today && t < today + DAY_MS) {
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  }
  if (t >= today - WEEK_DAYS * DAY_MS && t < today) {
    return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric' }).format(date);
  }
  if (date.getFullYear() === new Date(now).getFullYear()) {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(date);
  }
  return new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: '2-digit',
  }).format(date);
}

/** The full date and time, for `title` on hover and the reader's header. */
export function formatFullDate(t: number, locale = currentLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(t),
  );
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
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}
