// The one import path (IMPORT-1, ARCHIVE-2 "import from it"): messages arrive one by one
// from a source (files, a zip, an opened archive), are parsed a batch at a time in
// parallel, deduplicated by content hash, and written one transaction per batch. A batch
// holds whole messages only, so a crash, a Cancel or a full disk leaves whole messages.
import { MAX_MESSAGE_BYTES } from '../../mail/limits.js';
import type { MailParser, MessageSummary, UnparseableMessage } from '../../mail/types.js';
import type { BuzonDb } from '../../store/db.js';
import { StorageFullError } from '../../store/errors.js';
import { newId } from '../../store/ids.js';
import { INBOX_ID } from '../../store/folder-rules.js';
import { putNewMessages, type NewMessage } from '../../store/repos/emails.js';
import { newEmailRecord } from '../email-rows.js';
import { sha256Hex } from '../hash.js';
import { isImportParser } from '../parser-client.js';
import type { ImportReport, JobOptions } from '../types.js';
import { FolderResolver } from './folder-resolver.js';

/**
 * Messages parsed in parallel and written per transaction, once the first batches are in.
 * Why 2,000: every committed write wakes the open folder's live queries, which re-read
 * the folder's whole id list and compete with the import for the same two cores, so the
 * work they add grows with (messages imported)² / batch size. Measured on a 10k zip in
 * Chromium with Inbox open, in CPU seconds (renderer + browser process) per import:
 * batches of 500: 19.5 s, 1,000: 17.6 s, 2,000: 15.9 s. A batch of 2,000 typical messages
 * (~8 MB) is written in well under a second, so Cancel still answers quickly, and memory
 * stays bounded (see IMPORT_BATCH_BYTES).
 */
export const IMPORT_BATCH_SIZE = 2000;

/**
 * The first batches are smaller, so the first messages (and the progress bar, which counts
 * messages stored) show within a moment of starting, and the count moves early on.
 */
export const FIRST_IMPORT_BATCH_SIZE = 100;
export const SECOND_IMPORT_BATCH_SIZE = 500;

/** The size of the batch after `flushed` batches. */
function batchSize(flushed: number): number {
  if (flushed === 0) return FIRST_IMPORT_BATCH_SIZE;
  if (flushed === 1) return SECOND_IMPORT_BATCH_SIZE;
  return IMPORT_BATCH_SIZE;
}

/** A batch is also written once it holds this many bytes, so big messages do not pile up. */
export const IMPORT_BATCH_BYTES = 32 * 1024 * 1024;

/**
 * Batches read ahead of the write in progress. Two keep the parser and the disk busy
 * while the next batch is read; more would only hold more messages in memory.
 */
const MAX_BATCHES_IN_FLIGHT = 2;

const MIB = 1024 * 1024;

export type ImportSourceItem =
  | { kind: 'message'; name: string; folderPath: readonly string[] | null; bytes: Uint8Array }
  | { kind: 'failure'; name: string; reason: string };

/** Counts shared with the source, which learns the total as it opens archives. */
export interface ImportCounter {
  done: number;
  total: number;
  label: string;
}

export interface ImportDeps {
  db: BuzonDb;
  parser: MailParser;
  now: () => number;
}

/** The disk filled during an import: what was imported before stays, and the report says so. */
export class ImportStorageFullError extends StorageFullError {
  override name = 'ImportStorageFullError';
  constructor(
    readonly report: ImportReport,
    options?: ErrorOptions,
  ) {
    super(
      `The browser ran out of space after importing ${report.imported} messages. Those are kept, whole; free space (empty Trash, archive or delete mail) and import again: messages already imported are skipped.`,
      options,
    );
  }
}

export function isAbortError(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError'
  );
}

type MessageItem = Extract<ImportSourceItem, { kind: 'message' }>;

interface Prepared {
  it: MessageItem;
  hash: string;
  summary: MessageSummary | UnparseableMessage;
}

/** A reason to refuse a message before parsing it, or null. */
function refusal(bytes: Uint8Array): string | null {
  if (bytes.byteLength === 0) return 'The file is empty.';
  if (bytes.byteLength > MAX_MESSAGE_BYTES) {
    return `The message is ${(bytes.byteLength / MIB).toFixed(1)} MB; messages over ${MAX_MESSAGE_BYTES / MIB} MB are not accepted.`;
  }
  return null;
}

export async function runImport(
  deps: ImportDeps,
  source: AsyncIterable<ImportSourceItem>,
  counter: ImportCounter,
  opts: JobOptions = {},
): Promise<ImportReport> {
  const { db, parser, now } = deps;
  const report: ImportReport = { imported: 0, duplicates: 0, rejected: [], cancelled: false };
  const folders = new FolderResolver(db, now);
  await folders.load();
  const progress = (): void => opts.onProgress?.({ ...counter });
  let batch: MessageItem[] = [];
  let batchBytes = 0;
  let flushed = 0;

  // Why a pipeline: reading the source (zip inflation, on this thread), parsing (the
  // worker pool) and writing (IndexedDB) use different resources. Each batch is parsed
  // as soon as it is read, while reading goes on; writes stay in order, one at a time.
  // Awaiting each batch's parse before reading on made the import run at the sum of the
  // three costs (measured: 773 msg/s for 10k messages in Chromium).
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  /** Batches read but not yet written; bounded so a fast reader cannot fill memory. */
  const pending: Promise<void>[] = [];
  const settle = async (): Promise<void> => {
    await writing;
    if (writeError !== null) throw writeError;
  };

  const toRecords = async (prepared: Prepared[]): Promise<NewMessage[]> => {
    const fresh: NewMessage[] = [];
    const inBatch = new Set<string>();
    const at = now();
    for (const p of prepared) {
      if (inBatch.has(p.hash)) {
        report.duplicates++;
        continue;
      }
      inBatch.add(p.hash);
      const folder = await folders.resolve(p.it.folderPath);
      const email = newEmailRecord({
        id: newId(),
        mailboxId: folder.id,
        raw: p.it.bytes,
        contentHash: p.hash,
        summary: p.summary,
        now: at,
        // The user's own mail (sent, drafts, templates) arrives read; received mail unread.
        seen: folder.role === 'sent' || folder.role === 'drafts' || folder.role === 'templates',
      });
      if (folder.inTrash) {
        // Mail archived from Trash comes back into Trash and expires from now (DELETE-3).
        email.trashedAt = at;
        email.originMailboxId = INBOX_ID;
      }
      fresh.push({ email, raw: p.it.bytes });
    }
    return fresh;
  };

  const write = async (items: MessageItem[], prepared: Promise<Prepared[]>): Promise<void> => {
    try {
      const ready = await prepared;
      // A Cancel drops batches not yet written, whole; a failed write stops the rest.
      if (opts.signal?.aborted || writeError !== null) return;
      const fresh = await toRecords(ready);
      // putNewMessages checks the hashes against the store inside its own transaction.
      const added = await putNewMessages(db, fresh);
      report.imported += added;
      report.duplicates += fresh.length - added;
      counter.done += items.length;
      progress();
    } catch (err) {
      // Kept, not thrown: the chain of writes must never reject (see settle()).
      writeError ??= err;
    }
  };

  // The worker parser hashes where it parses (off this thread); any other parser is helped here.
  const prepare = async (it: MessageItem): Promise<Prepared> => {
    if (isImportParser(parser)) {
      const { summary, contentHash } = await parser.summarizeForImport(it.bytes);
      return { it, hash: contentHash, summary };
    }
    return { it, hash: await sha256Hex(it.bytes), summary: await parser.summarize(it.bytes) };
  };

  const flush = async (): Promise<void> => {
    const items = batch;
    batch = [];
    batchBytes = 0;
    flushed++;
    if (items.length === 0) return;
    const prepared = Promise.all(items.map(prepare));
    writing = writing.then(() => write(items, prepared));
    pending.push(writing);
    if (pending.length > MAX_BATCHES_IN_FLIGHT) await pending.shift();
    if (writeError !== null) throw writeError;
  };

  progress();
  try {
    for await (const item of source) {
      if (opts.signal?.aborted) break;
      counter.label = item.name;
      if (item.kind === 'failure') {
        report.rejected.push({ name: item.name, reason: item.reason });
        counter.done++;
        continue;
      }
      const why = refusal(item.bytes);
      if (why) {
        report.rejected.push({ name: item.name, reason: why });
        counter.done++;
        continue;
      }
      batch.push(item);
      batchBytes += item.bytes.byteLength;
      if (batch.length >= batchSize(flushed) || batchBytes >= IMPORT_BATCH_BYTES) await flush();
    }
    if (!opts.signal?.aborted) await flush();
    await settle();
  } catch (err) {
    // Let a write already started finish (whole batch) before reporting.
    await writing;
    if (err instanceof StorageFullError) throw new ImportStorageFullError(report, { cause: err });
    if (!isAbortError(err)) throw err;
  }
  report.cancelled = opts.signal?.aborted === true;
  progress();
  return report;
}
