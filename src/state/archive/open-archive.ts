// ARCHIVE-2: browse, read and search a .zip archive without importing it, and import
// from it through the same pipeline as IMPORT-1 (dedupe, progress, Cancel).
import type { MailZip } from '../../archive/read-zip.js';
import { loadZipReader } from './zip-modules.js';
import type { MessageSummary, ParsedMessage, UnparseableMessage } from '../../mail/types.js';
import { isUnparseable } from '../../mail/types.js';
import { htmlToPlainText } from '../../mail/text.js';
import { foldText } from '../../mail/folding.js';
import { errorMessage } from '../import/file-source.js';
import {
  runImport,
  type ImportCounter,
  type ImportDeps,
  type ImportSourceItem,
} from '../import/pipeline.js';
import type {
  ArchiveEntry,
  ImportRejection,
  ImportReport,
  JobOptions,
  OpenedArchive,
} from '../types.js';

/**
 * Entries summarised in parallel while opening. Why 50: keeps the parser busy while
 * holding only a bounded number of inflated messages in memory at once.
 */
const OPEN_BATCH_SIZE = 50;

function entryFrom(
  path: string,
  folderPath: string[],
  size: number,
  s: MessageSummary | UnparseableMessage,
): ArchiveEntry {
  if (isUnparseable(s)) {
    return { path, folderPath, subject: '', from: [], sentAt: null, size, hasAttachment: false };
  }
  return {
    path,
    folderPath,
    subject: s.subject,
    from: s.from,
    sentAt: s.sentAt,
    size,
    hasAttachment: s.hasAttachment,
  };
}

/** Everything a search matches in, folded: subject, names, addresses and body text. */
function searchText(parsed: ParsedMessage | UnparseableMessage): string {
  if (isUnparseable(parsed)) return foldText(parsed.rawText);
  const s = parsed.summary;
  const people = [...s.from, ...s.to, ...s.cc].map((a) => `${a.name} ${a.address}`);
  const bodies = parsed.parts.map((p) =>
    p.kind === 'text'
      ? p.text
      : p.kind === 'html'
        ? htmlToPlainText(p.html)
        : searchText(p.message),
  );
  return foldText([s.subject, ...people, ...bodies].join('\n'));
}

class ArchiveView implements OpenedArchive {
  private index: Map<string, string> | null = null;

  constructor(
    readonly name: string,
    readonly entries: ArchiveEntry[],
    readonly rejected: ImportRejection[],
    private readonly zip: MailZip,
    private readonly deps: ImportDeps,
  ) {}

  async readEntry(path: string): Promise<ParsedMessage | UnparseableMessage> {
    return this.deps.parser.parse(await this.zip.read(path));
  }

  /** SEARCH-1 lite: every word, folded, must occur somewhere in the message. */
  async search(query: string): Promise<ArchiveEntry[]> {
    const words = foldText(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return this.entries;
    const index = await this.buildIndex();
    return this.entries.filter((e) => {
      const text = index.get(e.path) ?? '';
      return words.every((w) => text.includes(w));
    });
  }

  /** Built on the first search only: browsing an archive should not pay for it. */
  private async buildIndex(): Promise<Map<string, string>> {
    if (this.index) return this.index;
    const index = new Map<string, string>();
    for (let i = 0; i < this.entries.length; i += OPEN_BATCH_SIZE) {
      const chunk = this.entries.slice(i, i + OPEN_BATCH_SIZE);
      const texts = await Promise.all(
        chunk.map(async (e) => searchText(await this.readEntry(e.path))),
      );
      chunk.forEach((e, j) => index.set(e.path, texts[j] ?? ''));
    }
    this.index = index;
    return index;
  }

  importEntries(paths?: readonly string[], opts: JobOptions = {}): Promise<ImportReport> {
    const wanted = paths ? new Set(paths) : null;
    const chosen = this.entries.filter((e) => !wanted || wanted.has(e.path));
    const counter: ImportCounter = { done: 0, total: chosen.length, label: '' };
    const zip = this.zip;
    const archiveName = this.name;
    async function* items(): AsyncGenerator<ImportSourceItem> {
      for (const e of chosen) {
        const name = `${archiveName}/${e.path}`;
        try {
          yield { kind: 'message', name, folderPath: e.folderPath, bytes: await zip.read(e.path) };
        } catch (err) {
          yield { kind: 'failure', name, reason: errorMessage(err) };
        }
      }
    }
    return runImport(this.deps, items(), counter, opts);
  }
}

export async function openArchive(
  deps: ImportDeps,
  file: Blob,
  name: string,
  opts: JobOptions = {},
): Promise<OpenedArchive> {
  const { openMailZip, readMailZipEntries } = await loadZipReader();
  const zip = await openMailZip(file, { signal: opts.signal });
  const entries: ArchiveEntry[] = [];
  const rejected: ImportRejection[] = zip.rejected.map((r) => ({ name: r.name, reason: r.reason }));
  const total = zip.entries.length;
  let pending: { path: string; folderPath: string[]; bytes: Uint8Array }[] = [];
  const flush = async (): Promise<void> => {
    const summaries = await Promise.all(pending.map((p) => deps.parser.summarize(p.bytes)));
    pending.forEach((p, i) => {
      const s = summaries[i];
      if (s) entries.push(entryFrom(p.path, p.folderPath, p.bytes.byteLength, s));
    });
    pending = [];
    opts.onProgress?.({ done: entries.length + rejected.length, total, label: name });
  };
  for await (const r of readMailZipEntries(zip, { signal: opts.signal })) {
    if ('error' in r) {
      rejected.push({ name: r.entry.path, reason: errorMessage(r.error) });
      continue;
    }
    pending.push({ path: r.entry.path, folderPath: r.entry.folderPath, bytes: r.bytes });
    if (pending.length >= OPEN_BATCH_SIZE) await flush();
  }
  await flush();
  return new ArchiveView(name, entries, rejected, zip, deps);
}
