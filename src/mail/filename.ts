// Attachment and entry names are hostile: they may carry paths, drive letters, control
// and bidi characters, or Windows device names. Every name is cleaned before it is shown
// or used to save a file.

/** Longest name we keep; common file systems allow 255 bytes, and UTF-8 needs up to 4 per character. */
export const MAX_FILENAME_CHARS = 120;
/** Longest extension kept when a long name is cut ("tar.gz" fits; a 40-char "extension" is not one). */
const MAX_EXTENSION_CHARS = 12;

// Windows device names are reserved with any extension: "CON.txt" opens the console.
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// C0/C1 controls, DEL, bidi embeddings/overrides/isolates/marks, zero-width and BOM.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
// Characters Windows forbids in names; also path separators everywhere.
const FORBIDDEN = /[<>:"/\\|?*]/g;

/** Decodes %2e / %2f style escapes so "..%2f..%2fetc" is seen as a path. */
function decodePercent(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Returns a safe, non-empty base name: no directories (`../../`, `/abs`, `C:\`,
 * backslashes, percent-encoded slashes), no control or bidi characters (the RLO trick
 * `invoice\u202Egnp.exe`), no leading dots, no trailing dots or spaces, no reserved
 * Windows device names, at most MAX_FILENAME_CHARS characters with the extension kept.
 */
export function sanitizeFilename(name: string | null, fallback: string): string {
  const cleaned = clean(name ?? '');
  if (cleaned) return cleaned;
  return clean(fallback) || 'attachment';
}

function clean(input: string): string {
  let name = decodePercent(input.normalize('NFC')).replace(INVISIBLE, '');
  // Keep only the last path segment, whatever the separator.
  const segments = name.split(/[/\\]+/);
  name = segments[segments.length - 1] ?? '';
  // A drive letter left without a separator ("C:evil.exe").
  name = name.replace(/^[a-zA-Z]:/, '');
  name = name.replace(FORBIDDEN, '_').replace(/\s+/g, ' ');
  // Leading dots hide a file (or make "..") and trailing dots/spaces are dropped by Windows.
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (RESERVED_WINDOWS.test(name)) name = `_${name}`;
  return capLength(name);
}

function capLength(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_FILENAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  const keepExt = ext.length > 1 && ext.length <= MAX_EXTENSION_CHARS + 1 ? ext : '';
  const stem = [...(keepExt ? name.slice(0, dot) : name)].slice(
    0,
    MAX_FILENAME_CHARS - keepExt.length,
  );
  return stem.join('').replace(/[.\s]+$/, '') + keepExt;
}
