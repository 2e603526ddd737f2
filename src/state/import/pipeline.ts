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
import type { ImportReport, JobOptions } from '../types.js';
import { FolderResolver } from './folder-resolver.js';

/**
 * Messages parsed in parallel and written per transaction. Why 100: large enough that
 * per-transaction overhead vanishes (IndexedDB commits cost ~ms each) and the parser
 * worker stays busy; small enough that a Cancel answers quickly and a batch of 100
 * typical messages (a few MB) is cheap to hold in memory.
 */
export const IMPORT_BATCH_SIZE = 100;

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

  // Why one write in flight while the next batch parses: parsing (a worker) and writing
  // (IndexedDB) use different resources, so overlapping them brings an import close to
  // the slower of the two limits instead of their sum. Writes stay in order, one at a time.
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
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

  const flush = async (): Promise<void> => {
    const items = batch;
    batch = [];
    if (items.length === 0) return;
    const prepared = await Promise.all(
      items.map(async (it) => ({
        it,
        hash: await sha256Hex(it.bytes),
        summary: await parser.summarize(it.bytes),
      })),
    );
    await settle();
    // A Cancel during parsing drops this batch whole rather than writing part of it.
    if (opts.signal?.aborted) return;
    const fresh = await toRecords(prepared);
    // putNewMessages checks the hashes against the store inside its own transaction.
    writing = putNewMessages(db, fresh).then(
      (added) => {
        report.imported += added;
        report.duplicates += fresh.length - added;
        counter.done += items.length;
        progress();
      },
      (err: unknown) => {
        writeError = err;
      },
    );
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
      if (batch.length >= IMPORT_BATCH_SIZE) await flush();
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
