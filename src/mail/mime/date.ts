// RFC 5322 §3.3 date-time, in the sender's local time with its offset, as mail clients do.
import { MimeBuildError } from './errors.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');

export function formatDate(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new MimeBuildError('The message date is not a valid date.');
  }
  const year = date.getFullYear();
  // RFC 5322 §3.3: a four-digit year, 1900 or later.
  if (year < 1900 || year > 9999) {
    throw new MimeBuildError(`The message date (year ${year}) is out of range.`);
  }
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const zone = `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return `${DAYS[date.getDay()]}, ${date.getDate()} ${MONTHS[date.getMonth()]} ${year} ${time} ${zone}`;
}
