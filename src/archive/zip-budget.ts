// What a zip may cost us. Archives come from anywhere (a download, a stranger's mail),
// so every cost is bounded before or while it is paid. Sizes declared in a zip's headers
// can lie: the declared values only let us refuse early; the limits are enforced on the
// real bytes as they come out of the inflater (see entry-meter.ts).
import { MAX_MESSAGE_BYTES } from '../mail/limits.js';
import { formatBytes } from './errors.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * Largest zip file we open. JSZip cannot stream from a Blob: it holds the whole file in one
 * ArrayBuffer. 2 GiB is what a desktop Chromium tab allocates reliably in one buffer; phones
 * may fail earlier, and then the allocation error is reported as is.
 */
export const MAX_ZIP_BYTES = 2 * GiB;

/**
 * Most entries (files and folders) in one zip. JSZip builds three objects per entry at
 * load time, about 1 KiB each in total, so 150,000 entries cost ~150 MiB before anything is
 * inflated. That covers a 100,000-message mailbox (the size Buzón is built for) with room.
 * Checked on the central directory ourselves before JSZip sees the file.
 */
export const MAX_ZIP_ENTRIES = 150_000;

/** Largest single message: the app-wide limit (ACCOUNT-1: a message over 50 MB is not accepted). */
export const MAX_ENTRY_BYTES = MAX_MESSAGE_BYTES;

/**
 * Most bytes one archive may unpack to. Mail deflates 2–4×, so an honest zip of the largest
 * size we open (2 GiB) unpacks to well under this; a bomb stops long before it fills a disk.
 */
export const MAX_TOTAL_UNCOMPRESSED_BYTES = 10 * GiB;

/**
 * Most an entry may expand. Text mail deflates 3–10×, HTML newsletters with long runs of
 * whitespace rarely beyond 50×; Deflate's ceiling is ~1032×, which only crafted data reaches.
 */
export const MAX_ENTRY_RATIO = 200;

/**
 * Small entries may exceed the ratio (a 1 KiB mail of blank lines is harmless): the ratio
 * counts only once an entry has produced this much. Bounds a single bomb's waste to ~1 MiB.
 */
export const ENTRY_RATIO_GRACE_BYTES = 1 * MiB;

/**
 * Most the archive as a whole may expand. Stops the bomb made of many small entries, each
 * under the per-entry grace, which the per-entry ratio alone would let through.
 */
export const MAX_TOTAL_RATIO = 100;

/** The archive-wide ratio counts only once this much has been unpacked in total. */
export const TOTAL_RATIO_GRACE_BYTES = 64 * MiB;

/** All limits together, so tests and special callers can tighten them. */
export interface ZipBudget {
  maxZipBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxEntryRatio: number;
  entryRatioGraceBytes: number;
  maxTotalRatio: number;
  totalRatioGraceBytes: number;
}

export const DEFAULT_ZIP_BUDGET: Readonly<ZipBudget> = Object.freeze({
  maxZipBytes: MAX_ZIP_BYTES,
  maxEntries: MAX_ZIP_ENTRIES,
  maxEntryBytes: MAX_ENTRY_BYTES,
  maxTotalBytes: MAX_TOTAL_UNCOMPRESSED_BYTES,
  maxEntryRatio: MAX_ENTRY_RATIO,
  entryRatioGraceBytes: ENTRY_RATIO_GRACE_BYTES,
  maxTotalRatio: MAX_TOTAL_RATIO,
  totalRatioGraceBytes: TOTAL_RATIO_GRACE_BYTES,
});

export function resolveBudget(overrides?: Partial<ZipBudget>): Readonly<ZipBudget> {
  return overrides ? Object.freeze({ ...DEFAULT_ZIP_BUDGET, ...overrides }) : DEFAULT_ZIP_BUDGET;
}

// User-facing reasons, one place so the pre-checks and the streaming checks say the same.

export function entryTooLargeReason(budget: ZipBudget): string {
  return `Larger than ${formatBytes(budget.maxEntryBytes)}, the limit for one message.`;
}

export function entryRatioReason(budget: ZipBudget): string {
  return `Expands more than ${budget.maxEntryRatio} times when unpacked, which only a "zip bomb" does; not opened.`;
}

export function totalTooLargeMessage(budget: ZipBudget): string {
  return `This archive unpacks to more than ${formatBytes(budget.maxTotalBytes)}, the most Buzón opens at once. Split it into smaller archives.`;
}

export function totalRatioMessage(budget: ZipBudget): string {
  return `This archive expands more than ${budget.maxTotalRatio} times when unpacked, which only a "zip bomb" does. It was not opened any further.`;
}

/** `atLeast`: the count stopped at the limit, so the real number may be higher. */
export function tooManyEntriesMessage(count: number, atLeast: boolean, budget: ZipBudget): string {
  const shown = `${atLeast ? 'more than ' : ''}${count.toLocaleString('en')}`;
  return `This archive has ${shown} entries; Buzón opens at most ${budget.maxEntries.toLocaleString('en')} at once. Split it into smaller archives.`;
}

export function zipTooLargeMessage(size: number, budget: ZipBudget): string {
  return `This archive is ${formatBytes(size)}; Buzón opens archives up to ${formatBytes(budget.maxZipBytes)}.`;
}
