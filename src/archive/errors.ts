// Typed errors of the archive layer. Messages are plain English meant for the user:
// the import summary and the archive viewer show them as they are.

/** The file is not a zip, is damaged, or uses a zip feature Buzón does not read. */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** The archive as a whole is over a budget (size, entry count, unpacked bytes, ratio). */
export class ZipBudgetError extends Error {
  override name = 'ZipBudgetError';
}

/** One entry cannot be read; the rest of the archive still can. */
export class ZipEntryError extends Error {
  override name = 'ZipEntryError';
}

/** Writing an archive failed because of what was asked of it (not an I/O problem). */
export class ArchiveWriteError extends Error {
  override name = 'ArchiveWriteError';
}

/**
 * The error every cancelled archive job rejects with. A DOMException named 'AbortError',
 * as fetch() and the rest of the platform use, so callers treat all cancels alike.
 */
export function abortError(): DOMException {
  return new DOMException('The operation was cancelled.', 'AbortError');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/** Sizes in user messages: binary units, one decimal, e.g. "50 MiB". */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
