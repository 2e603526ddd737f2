// Our own sanitizer for zip entry names. A name is hostile input: it may try to climb out
// of the folder it is unpacked into (`../`, absolute paths, `C:\`), hide that behind
// percent-encoding, smuggle NUL or control characters, or disguise itself with bidi
// overrides. A name that cannot be made safe is refused with a reason; nothing is guessed.

/** Longest entry name we read, in UTF-16 units. Real mail exports stay far below; 1,024 is
 * the common file-system path limit and bounds the work spent on a single name. */
export const MAX_ENTRY_NAME_LENGTH = 1024;

/** Longest folder or file name, in UTF-16 units: the usual file-system limit per name. */
export const MAX_SEGMENT_LENGTH = 255;

/** Deepest folder nesting accepted. Mail clients rarely nest beyond ten; 32 leaves room and
 * keeps the folder tree (and its indentation) usable. */
export const MAX_FOLDER_DEPTH = 32;

export type SanitizedPath = { folderPath: string[]; fileName: string } | { error: string };

// C0 controls, DEL and C1 controls: never part of a real file name.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// Bidi embeddings, overrides and isolates, marks, and zero-width characters: invisible,
// and able to make "invoice\u202Egpj.eml" read as "invoicelme.jpg".
export const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
const DRIVE = /^[a-z]:/iu;
// Decoding a name at most this many times catches double encoding (%252e) without looping.
const MAX_PERCENT_DECODES = 3;

function percentDecodeOnce(s: string): string {
  return s.replace(/%([0-9a-f]{2})/giu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * True when the name hides a separator, a control character or a dot segment behind
 * percent-encoding, possibly encoded twice (%252e). A zip reader does not decode names, but
 * a later tool or a URL might, so such a name is refused rather than passed on.
 */
function hidesTraversal(raw: string): boolean {
  if (/%(25)*(2f|5c)/iu.test(raw)) return true;
  let s = raw;
  for (let i = 0; i < MAX_PERCENT_DECODES && s.includes('%'); i++) {
    const decoded = percentDecodeOnce(s);
    if (decoded === s) break;
    s = decoded;
    if (CONTROL.test(s)) return true;
    if (s.split(/[/\\]/u).some((seg) => seg === '.' || seg === '..')) return true;
  }
  return false;
}

/** A name as it may be shown in a message: controls and bidi characters made visible as �. */
export function printableName(raw: string): string {
  const shown = Array.from(raw.replace(INVISIBLE, '\ufffd'), (ch) =>
    CONTROL.test(ch) ? '\ufffd' : ch,
  ).join('');
  return shown.length > 200 ? `${shown.slice(0, 199)}…` : shown;
}

/** Cleans one path segment; returns null when nothing sensible remains. */
function cleanSegment(seg: string): string | null {
  const cleaned = seg.replace(INVISIBLE, '').normalize('NFC').trim();
  if (cleaned === '' || /^\.+$/u.test(cleaned)) return null;
  return cleaned;
}

/**
 * Splits a raw zip entry name into safe folder names and a file name. `folderPath` is the
 * whole path before the file name (a leading `mail` included: the caller picks the root).
 * Backslashes count as separators (Windows tools write them); empty and `.` segments are
 * dropped; names are NFC-normalized (macOS writes NFD), trimmed, and stripped of bidi and
 * zero-width characters. Refused: absolute paths, drive letters, `..`, percent-encoded
 * dots, slashes or controls, NUL and other controls, over-long names, too-deep folders.
 */
export function sanitizeEntryPath(raw: string): SanitizedPath {
  if (raw.length === 0) return { error: 'The entry has no name.' };
  if (raw.length > MAX_ENTRY_NAME_LENGTH) {
    return { error: `The entry name is longer than ${MAX_ENTRY_NAME_LENGTH} characters.` };
  }
  if (CONTROL.test(raw))
    return { error: 'The entry name contains control characters (such as NUL).' };
  const path = raw.replace(/\\/gu, '/');
  if (path.startsWith('/')) return { error: 'The entry has an absolute path.' };
  if (DRIVE.test(path)) return { error: 'The entry name starts with a drive letter.' };
  if (hidesTraversal(raw))
    return { error: 'The entry name hides path characters in percent-encoding.' };
  const rawSegments = path.split('/');
  if (rawSegments.some((s) => s === '..'))
    return { error: 'The entry name climbs out of its folder ("..").' };
  const kept = rawSegments.filter((s) => s !== '' && s !== '.');
  const last = rawSegments[rawSegments.length - 1] ?? '';
  if (kept.length === 0 || last === '' || last === '.')
    return { error: 'The entry is a folder, not a file.' };
  const segments: string[] = [];
  for (const seg of kept) {
    const cleaned = cleanSegment(seg);
    if (cleaned === null) return { error: 'The entry name has an empty or dots-only part.' };
    if (cleaned.length > MAX_SEGMENT_LENGTH) {
      return { error: `A part of the entry name is longer than ${MAX_SEGMENT_LENGTH} characters.` };
    }
    segments.push(cleaned);
  }
  const fileName = segments.pop() as string;
  if (segments.length > MAX_FOLDER_DEPTH) {
    return { error: `The entry is nested more than ${MAX_FOLDER_DEPTH} folders deep.` };
  }
  return { folderPath: segments, fileName };
}
