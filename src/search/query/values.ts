// Operator values that are not text: dates (`before:` `after:`), sizes (`larger:`
// `smaller:`) and priorities. Each parser returns null for a value it cannot read, so
// the query parser can warn and fall back to a plain word instead of throwing.

import type { PriorityLevel } from './ast.js';

export interface DateOptions {
  /**
   * The user's offset from UTC in minutes, east positive (Madrid in winter = 60). When
   * set, dates are midnights at that fixed offset (tests and a worker told the page's
   * offset); when omitted, midnights in this runtime's own time zone, DST included.
   */
  utcOffsetMinutes?: number;
}

/** A calendar date as written: month and day are filled in (1) when the value gave only a year or a month. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  /** How much was written: `2026`, `2026-03` or `2026-03-01`. */
  precision: 'year' | 'month' | 'day';
}

/** ISO prefixes; `/` and `.` are accepted as separators too, as people type them. */
const DATE_RE = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/;

/** Years outside this range are typos (`before:0226`), not searches of real mail. */
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseCalendarDate(value: string): CalendarDate | null {
  const m = DATE_RE.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  const precision = m[3] !== undefined ? 'day' : m[2] !== undefined ? 'month' : 'year';
  return { year, month, day, precision };
}

/** Epoch ms of midnight starting the given day, in the user's time zone (see DateOptions). */
export function localMidnight(date: CalendarDate, options: DateOptions = {}): number {
  if (options.utcOffsetMinutes !== undefined) {
    return Date.UTC(date.year, date.month - 1, date.day) - options.utcOffsetMinutes * 60_000;
  }
  return new Date(date.year, date.month - 1, date.day).getTime();
}

/** `2026-03-01` → midnight starting that day; `2026-03` → 1 March; `2026` → 1 January. */
export function parseDateValue(value: string, options: DateOptions = {}): number | null {
  const date = parseCalendarDate(value);
  return date ? localMidnight(date, options) : null;
}

/** Formats a calendar day as `YYYY-MM-DD` (what a date input holds). */
export function formatCalendarDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day before `value`'s first day, as `YYYY-MM-DD`; null when unreadable. */
export function dayBefore(value: string): string | null {
  const date = parseCalendarDate(value);
  if (!date) return null;
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day - 1));
  return formatCalendarDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The day after a `YYYY-MM-DD` day; null when unreadable. */
export function dayAfter(value: string): string | null {
  const date = parseCalendarDate(value);
  if (!date) return null;
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return formatCalendarDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Binary units, as the app shows sizes (ui/shared/format.ts). */
export const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 * 1024,
  g: 1024 * 1024 * 1024,
};

/** `5M`, `5MB`, `200k`, `1.5M`, `1,5M` (Spanish decimal comma), `1000` (bytes). */
const SIZE_RE = /^(\d+(?:[.,]\d+)?)([kmg]?)(?:i?b)?$/i;

/** A size as written: the number and its unit letter (`''` for bytes). */
export interface SizeParts {
  amount: number;
  unit: '' | 'K' | 'M' | 'G';
}

export function parseSizeParts(value: string): SizeParts | null {
  const m = SIZE_RE.exec(value.trim());
  if (!m) return null;
  const amount = Number((m[1] ?? '').replace(',', '.'));
  const unit = (m[2] ?? '').toUpperCase();
  if (!Number.isFinite(amount) || (unit !== '' && unit !== 'K' && unit !== 'M' && unit !== 'G'))
    return null;
  return { amount, unit };
}

export function parseSizeValue(value: string): number | null {
  const parts = parseSizeParts(value);
  if (!parts) return null;
  const bytes = Math.round(parts.amount * (SIZE_UNITS[parts.unit.toLowerCase()] ?? 1));
  return Number.isSafeInteger(bytes) ? bytes : null;
}

const PRIORITY_WORDS: Readonly<Record<string, PriorityLevel>> = {
  high: 'high',
  normal: 'normal',
  low: 'low',
  '1': 'high',
  '2': 'high',
  '3': 'normal',
  '4': 'low',
  '5': 'low',
};

/** `high`/`normal`/`low` (any case), or an X-Priority number 1–5. */
export function parsePriorityValue(value: string): PriorityLevel | null {
  return PRIORITY_WORDS[value.trim().toLowerCase()] ?? null;
}
