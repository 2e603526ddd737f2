// Writes an archive of messages (ARCHIVE-1): `mail/<Folder>/<Sub>/<file>.eml`, Deflate,
// the raw bytes stored exactly. Names go through safeArchiveSegment so the archive reads
// back through openMailZip into the same folders; paths are unique case-insensitively,
// because two entries differing only in case overwrite each other when unpacked on
// Windows or macOS (and JSZip itself would silently keep only one of two equal names).
// Import this module lazily (dynamic import): it pulls JSZip into the bundle.
import JSZip from 'jszip';
import { safeArchiveSegment } from './archive-names.js';
import { ArchiveWriteError, abortError, formatBytes, throwIfAborted } from './errors.js';
import { MAX_ZIP_BYTES } from './zip-budget.js';
import { MAX_CLASSIC_ENTRIES, withZip64EndRecords } from './zip64-end.js';
import { MAX_FOLDER_DEPTH, MAX_SEGMENT_LENGTH } from './zip-names.js';

export { archiveFileName, emlFileName, safeArchiveSegment } from './archive-names.js';

export interface ArchiveMessage {
  /** Folder names from the mailbox root, e.g. ["Inbox"] or ["Work", "2025"]. */
  folderPath: string[];
  /** The .eml file name (see emlFileName); ".eml" is added when missing. */
  fileName: string;
  /** The raw RFC 5322 message, stored byte for byte. */
  bytes: Uint8Array;
  /** The entry's modification time (e.g. the message date); now when omitted. */
  date?: Date;
}

export interface WriteMailArchiveOptions {
  signal?: AbortSignal;
  /** Messages compressed so far; called as the zip is built, last with the total. */
  onProgress?: (done: number) => void;
}

/** The folder every archive keeps its mail in (IMPORT-1 reads the same). */
export const ARCHIVE_ROOT = 'mail';

/** Deflate level: 6 is zlib's default, within a few percent of 9's size on mail at half the time. */
const DEFLATE_LEVEL = 6;

/** Zip (DOS) timestamps cannot express dates before 1980. */
const EARLIEST_ZIP_DATE = Date.UTC(1980, 0, 1, 12);

function zipDate(date: Date | undefined): Date {
  if (!date || Number.isNaN(date.getTime())) return new Date();
  return date.getTime() < EARLIEST_ZIP_DATE ? new Date(EARLIEST_ZIP_DATE) : date;
}

function emlName(fileName: string): string {
  const safe = safeArchiveSegment(fileName);
  if (/\.eml$/iu.test(safe)) return safe;
  // Room for the ".eml" we add, so the name still fits the segment limit.
  return `${safeArchiveSegment(safe.slice(0, MAX_SEGMENT_LENGTH - 4))}.eml`;
}

function uniquePath(folder: string, fileName: string, used: Set<string>): string {
  let path = `${folder}/${fileName}`;
  const stem = fileName.slice(0, -'.eml'.length);
  for (let n = 2; used.has(path.toLowerCase()); n++) path = `${folder}/${stem} (${n}).eml`;
  used.add(path.toLowerCase());
  return path;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function generate(zip: JSZip, count: number, opts: WriteMailArchiveOptions): Promise<Uint8Array> {
  const { signal, onProgress } = opts;
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let current: string | null = null;
    let done = 0;
    let settled = false;
    const stream = zip.generateInternalStream({
      type: 'uint8array',
      compression: 'DEFLATE',
      compressionOptions: { level: DEFLATE_LEVEL },
    });
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        stream.pause();
        reject(err);
      } else {
        onProgress?.(count);
        resolve(concat(chunks));
      }
    };
    const onAbort = (): void => finish(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk, meta) => {
      if (settled) return;
      chunks.push(chunk);
      if (meta.currentFile && meta.currentFile !== current) {
        if (current !== null) onProgress?.(++done);
        current = meta.currentFile;
      }
    });
    stream.on('error', (e) =>
      finish(new ArchiveWriteError(`The archive could not be written: ${e.message}`, { cause: e })),
    );
    stream.on('end', () => finish(null));
    stream.resume();
  });
}

/** Builds the archive in memory and returns the .zip bytes. Cancels with an AbortError. */
export async function writeMailArchive(
  messages: AsyncIterable<ArchiveMessage> | Iterable<ArchiveMessage>,
  opts: WriteMailArchiveOptions = {},
): Promise<Uint8Array> {
  const zip = new JSZip();
  const used = new Set<string>();
  let count = 0;
  throwIfAborted(opts.signal);
  for await (const m of messages) {
    throwIfAborted(opts.signal);
    if (m.folderPath.length > MAX_FOLDER_DEPTH) {
      throw new ArchiveWriteError(
        `A folder is nested more than ${MAX_FOLDER_DEPTH} deep; archive its subfolders on their own.`,
      );
    }
    const folder = [ARCHIVE_ROOT, ...m.folderPath.map(safeArchiveSegment)].join('/');
    const path = uniquePath(folder, emlName(m.fileName), used);
    zip.file(path, m.bytes, { binary: true, createFolders: false, date: zipDate(m.date) });
    count++;
  }
  throwIfAborted(opts.signal);
  const bytes = await generate(zip, count, opts);
  if (bytes.length > MAX_ZIP_BYTES) {
    // Larger archives could not be opened again (by Buzón or, past 4 GiB, by JSZip's format).
    throw new ArchiveWriteError(
      `The archive would be ${formatBytes(bytes.length)}; Buzón opens archives up to ${formatBytes(MAX_ZIP_BYTES)}. Archive fewer messages at a time.`,
    );
  }
  return count > MAX_CLASSIC_ENTRIES ? withZip64EndRecords(bytes, count) : bytes;
}
