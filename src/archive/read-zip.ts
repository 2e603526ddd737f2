// Opens a .zip of .eml files (IMPORT-1, ARCHIVE-2) without trusting anything in it.
// Order of defences: the file size; the central directory walked by us (entry count,
// encryption, methods) before JSZip allocates anything; each name through our sanitizer;
// declared sizes refused early; real bytes metered while inflating; CRC-32 at the end.
// Import this module lazily (dynamic import): it pulls JSZip into the bundle.
import JSZip from 'jszip';
import { EntryMeter, precheckArchive, precheckEntry } from './entry-meter.js';
import type { RunningTotals } from './entry-meter.js';
import { inflateEntry, loadedEntry, yieldToEventLoop } from './entry-inflate.js';
import type { LoadedEntry } from './entry-inflate.js';
import { ZipBudgetError, ZipEntryError, ZipFormatError, throwIfAborted } from './errors.js';
import { findMailRoot, isJunk, refuseNonMessage, underRoot } from './mail-root.js';
import type { NamedPath } from './mail-root.js';
import { resolveBudget, zipTooLargeMessage } from './zip-budget.js';
import type { ZipBudget } from './zip-budget.js';
import { DAMAGED_ZIP_MESSAGE, byteSourceFor, inspectZipDirectory } from './zip-directory.js';
import { printableName, sanitizeEntryPath } from './zip-names.js';

export interface MailZipEntryInfo {
  /** The entry's name exactly as the zip has it: the key for `read`. */
  path: string;
  /** Sanitized folder names under the mail root; [] = the root of mail/. */
  folderPath: string[];
  /** Sanitized file name (ends in .eml). */
  fileName: string;
  /** Compressed bytes, as the central directory declares. */
  compressedSize: number;
  /** Unpacked bytes, as the central directory declares (checked when read). */
  uncompressedSize: number;
}

export interface ZipRejection {
  /** The entry's name, with control and bidi characters shown as �: for display only. */
  name: string;
  reason: string;
}

export interface MailZip {
  /** The messages, sorted by path. */
  entries: MailZipEntryInfo[];
  /** Entries under the mail root that will not be read, with why (shown in the summary). */
  rejected: ZipRejection[];
  /** Entries outside the mail root or operating-system litter: skipped, not an error. */
  ignored: string[];
  /** Reads one message, with the per-entry budgets. Rejects with ZipEntryError if it cannot. */
  read(path: string, opts?: { signal?: AbortSignal }): Promise<Uint8Array>;
}

export interface OpenMailZipOptions {
  signal?: AbortSignal;
  /** Tighter (or, for special callers, looser) limits than the defaults in zip-budget.ts. */
  budget?: Partial<ZipBudget>;
}

export type MailZipItem =
  { entry: MailZipEntryInfo; bytes: Uint8Array } | { entry: MailZipEntryInfo; error: string };

export interface ReadMailZipOptions {
  signal?: AbortSignal;
  /** Called once the consumer is done with each item: `done` of `total` entries. */
  onEntry?: (done: number, total: number) => void;
}

interface Internals {
  budget: Readonly<ZipBudget>;
  loaded: Map<string, LoadedEntry>;
}

const internals = new WeakMap<MailZip, Internals>();

/** Declared bytes read between two turns of the event loop: ~10–20 ms of inflating. */
const YIELD_EVERY_BYTES = 2 * 1024 * 1024;

/** Each entry also counts as this many bytes, so thousands of tiny ones still yield. */
const ENTRY_YIELD_WEIGHT = 32 * 1024;

const DUPLICATE_REASON = 'Another entry has the same name; only the last of them can be read.';

function byPath(a: MailZipEntryInfo, b: MailZipEntryInfo): number {
  // Code-unit order: deterministic across locales, and cheap for 100k entries.
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

async function loadJsZip(bytes: Uint8Array): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (e) {
    throw new ZipFormatError(DAMAGED_ZIP_MESSAGE, { cause: e });
  }
}

export async function openMailZip(
  data: Uint8Array | Blob,
  opts: OpenMailZipOptions = {},
): Promise<MailZip> {
  const { signal } = opts;
  const budget = resolveBudget(opts.budget);
  throwIfAborted(signal);
  const source = byteSourceFor(data);
  if (source.size > budget.maxZipBytes)
    throw new ZipBudgetError(zipTooLargeMessage(source.size, budget));
  const facts = await inspectZipDirectory(source, budget);
  throwIfAborted(signal);
  const bytes = data instanceof Uint8Array ? data : await source.read(0, source.size);
  throwIfAborted(signal);
  const zip = await loadJsZip(bytes);
  throwIfAborted(signal);

  const rejected: ZipRejection[] = [];
  const ignored: string[] = [];
  const candidates: { raw: string; named: NamedPath; obj: JSZip.JSZipObject }[] = [];
  let loaded = 0;
  for (const obj of Object.values(zip.files)) {
    loaded++;
    if (obj.dir) continue; // folders are implied by the paths of their messages
    const raw = obj.unsafeOriginalName ?? obj.name;
    const named = sanitizeEntryPath(raw);
    if ('error' in named) rejected.push({ name: printableName(raw), reason: named.error });
    else if (isJunk(named)) ignored.push(printableName(raw));
    else candidates.push({ raw, named, obj });
  }
  // JSZip keys entries by name, so a repeated name hides the earlier entries with it.
  for (const name of facts.duplicateNames) {
    rejected.push({ name: printableName(name), reason: DUPLICATE_REASON });
  }
  const unexplained = facts.entryCount - loaded - facts.duplicateNames.length;
  if (unexplained > 0) {
    const name = `${unexplained} more ${unexplained === 1 ? 'entry' : 'entries'}`;
    rejected.push({ name, reason: DUPLICATE_REASON });
  }

  const root = findMailRoot(candidates.map((c) => c.named));
  const entries: MailZipEntryInfo[] = [];
  const loadedByPath: Internals['loaded'] = new Map();
  for (const { raw, named, obj } of candidates) {
    if (!underRoot(named, root)) {
      ignored.push(printableName(raw));
      continue;
    }
    const refusal = refuseNonMessage(named.fileName);
    if (refusal) {
      rejected.push({ name: printableName(raw), reason: refusal });
      continue;
    }
    const declared = loadedEntry(obj);
    loadedByPath.set(raw, declared);
    entries.push({
      path: raw,
      folderPath: named.folderPath.slice(root.length),
      fileName: named.fileName,
      compressedSize: declared.compressedSize,
      uncompressedSize: declared.uncompressedSize,
    });
  }
  entries.sort(byPath);

  const mailZip: MailZip = {
    entries,
    rejected,
    ignored,
    read: async (path, readOpts = {}) => {
      const found = loadedByPath.get(path);
      if (!found) {
        throw new ZipEntryError(`There is no message "${printableName(path)}" in this archive.`);
      }
      const refusal = precheckEntry(budget, found.compressedSize, found.uncompressedSize);
      if (refusal) throw new ZipEntryError(refusal);
      return inflateEntry(
        found,
        new EntryMeter(budget, found.compressedSize, null),
        readOpts.signal,
      );
    },
  };
  internals.set(mailZip, { budget, loaded: loadedByPath });
  return mailZip;
}

/**
 * Reads every message of an opened zip in path order, enforcing the archive-wide budgets
 * across entries. A message that cannot be read comes out as `{ entry, error }` and the
 * reading goes on; an archive-wide budget crossed throws ZipBudgetError (the messages
 * yielded before it are whole and may be kept); a cancel throws an AbortError.
 */
export async function* readMailZipEntries(
  zip: MailZip,
  opts: ReadMailZipOptions = {},
): AsyncGenerator<MailZipItem> {
  const inner = internals.get(zip);
  if (!inner) throw new ZipFormatError('This archive was not opened by openMailZip.');
  const { budget, loaded } = inner;
  const { signal, onEntry } = opts;
  throwIfAborted(signal);
  const refusals = zip.entries.map((e) =>
    precheckEntry(budget, e.compressedSize, e.uncompressedSize),
  );
  // Entries refused on their own headers do not count against the whole.
  const archiveRefusal = precheckArchive(
    budget,
    zip.entries.filter((_, i) => refusals[i] === null),
  );
  if (archiveRefusal) throw new ZipBudgetError(archiveRefusal);
  const totals: RunningTotals = { unpacked: 0, packed: 0 };
  const total = zip.entries.length;
  let sinceYield = 0;
  for (let i = 0; i < total; i++) {
    throwIfAborted(signal);
    const entry = zip.entries[i] as MailZipEntryInfo;
    const refusal = refusals[i];
    const found = loaded.get(entry.path);
    if (!found) throw new ZipFormatError(DAMAGED_ZIP_MESSAGE);
    let item: MailZipItem;
    if (refusal) {
      item = { entry, error: refusal };
    } else {
      try {
        const meter = new EntryMeter(budget, found.compressedSize, totals);
        item = { entry, bytes: await inflateEntry(found, meter, signal) };
      } catch (e) {
        if (!(e instanceof ZipEntryError)) throw e;
        item = { entry, error: e.message };
      }
    }
    yield item;
    onEntry?.(i + 1, total);
    // Inflating is synchronous; a consumer that only awaits promises would otherwise keep
    // the event loop (clicks on Cancel, rendering progress) waiting until the end.
    sinceYield += found.uncompressedSize + ENTRY_YIELD_WEIGHT;
    if (sinceYield >= YIELD_EVERY_BYTES) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
}
