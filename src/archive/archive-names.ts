// Names written into archives (ARCHIVE-1). Every name we write must read back through
// sanitizeEntryPath unchanged, so an archive round-trips to the same folders.
import { INVISIBLE, MAX_SEGMENT_LENGTH } from './zip-names.js';

/** Longest subject part of an .eml file name: enough to recognise a message in a file
 * manager, short enough that the path stays well within file-system limits. */
export const MAX_SUBJECT_IN_FILE_NAME = 60;

// Characters no file name may hold on Windows, macOS or Linux, plus % (so no name looks
// percent-encoded), controls, and invisible bidi/zero-width characters.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[<>:"/\\|?*%\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
}

/** Truncates by code points, never splitting a surrogate pair. */
function truncate(s: string, max: number): string {
  const points = Array.from(s);
  return points.length <= max ? s : points.slice(0, max).join('');
}

/** A name with unsafe characters replaced, spaces collapsed, and no leading/trailing dots or spaces. */
function cleanName(s: string): string {
  return s
    .normalize('NFC')
    .replace(UNSAFE, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/gu, '');
}

/**
 * The file name of a new archive, dated in local time so it sorts by when it was made:
 * `buzon-archive-2026-11-29-2315.zip`.
 */
export function archiveFileName(date: Date): string {
  return `buzon-archive-${localDate(date)}-${pad(date.getHours(), 2)}${pad(date.getMinutes(), 2)}.zip`;
}

/**
 * An .eml file name: `000042 2026-11-29 Meeting notes.eml`. The zero-padded index (unique
 * per archive, from the caller) makes the name unique in its folder and keeps file managers
 * in archive order; the subject is cleaned of anything a path or a file system would
 * misread. An invalid date is left out.
 */
export function emlFileName(index: number, subject: string, date: Date): string {
  const parts = [pad(Math.max(0, Math.trunc(index)), 6)];
  if (!Number.isNaN(date.getTime())) parts.push(localDate(date));
  const cleaned = cleanName(truncate(subject, MAX_SUBJECT_IN_FILE_NAME * 2));
  parts.push(truncate(cleaned, MAX_SUBJECT_IN_FILE_NAME).trim() || 'no subject');
  return `${parts.join(' ')}.eml`;
}

/** Cuts to at most `max` UTF-16 units (how sanitizeEntryPath counts), never inside a pair. */
function truncateUnits(s: string, max: number): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  // A high surrogate at the cut would leave half a character.
  return last >= 0xd800 && last <= 0xdbff ? s.slice(0, max - 1) : s.slice(0, max);
}

// What sanitizeEntryPath would refuse or change in a segment: separators, controls,
// invisible bidi/zero-width characters, and % before two hex digits (it reads as encoding).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PATH_SEPARATORS_AND_CONTROLS = /[/\\\u0000-\u001f\u007f-\u009f]/gu;

/**
 * A folder name made safe to write, changed as little as possible so that an archive
 * imports back into folders of the same names: separators and controls become "_",
 * invisible characters go, NFC, trimmed, at most MAX_SEGMENT_LENGTH. Characters only
 * Windows refuses (such as ":" or "?") are kept: Buzón reads them, and the archive is
 * first of all for Buzón; Windows' own unzip may refuse such a folder.
 */
export function safeArchiveSegment(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(PATH_SEPARATORS_AND_CONTROLS, '_')
    .replace(/%(?=[0-9a-f]{2})/giu, '_')
    .trim();
  const cut = truncateUnits(cleaned, MAX_SEGMENT_LENGTH).trim();
  return cut === '' || /^\.+$/u.test(cut) ? '_' : cut;
}
