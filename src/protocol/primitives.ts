// Checks and conversions for the RFC 8620 §1.2–1.4 primitive types, for the proxy (which
// mints ids and dates) and for input validation.

import type { Id, UTCDate } from './jmap-core.js';

/** RFC 8620 §1.2: 1–255 characters from the URL- and filename-safe base64 alphabet. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * RFC 8620 §1.4: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, upper-case letters. Non-zero
 * fractions are allowed; a zero fraction must be omitted, checked separately.
 */
const UTC_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** True if `value` is a well-formed JMAP Id (§1.2). */
export function isId(value: unknown): value is Id {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** True if `value` is a UTCDate (§1.4) denoting a real instant. */
export function isUtcDate(value: unknown): value is UTCDate {
  if (typeof value !== 'string' || !UTC_DATE_PATTERN.test(value)) return false;
  const fraction = /\.(\d+)Z$/.exec(value);
  if (fraction !== null && /^0+$/.test(fraction[1] as string)) return false;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  // Date.parse rolls 2024-02-30 over to March; a real date round-trips to the same day.
  return new Date(time).toISOString().slice(0, 19) === value.slice(0, 19);
}

/**
 * RFC 8620 §1.4: the UTCDate for a millisecond timestamp, with the fraction omitted when
 * it is zero (`2014-10-30T06:12:00Z`). Returns null for an invalid time.
 */
export function toUtcDate(time: number): UTCDate | null {
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  // RFC 3339 has four-digit years only; toISOString would write `+010000-…`.
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) return null;
  return date.toISOString().replace('.000Z', 'Z');
}
