// Turns the user's files into import items: .zip archives through src/archive (entries
// are hostile: that module sanitizes names and enforces budgets), single .eml files to
// Inbox, anything else rejected with a reason.
import { loadZipReader } from '../archive/zip-modules.js';
import { MAX_MESSAGE_BYTES } from '../../mail/limits.js';
import type { ImportCounter, ImportSourceItem } from './pipeline.js';
import { isAbortError } from './pipeline.js';

const MIB = 1024 * 1024;

/** Local file headers start with "PK\x03\x04" (APPNOTE 4.3.7); an empty zip with "PK\x05\x06". */
async function looksLikeZip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05);
}

function isEmlName(name: string, type: string): boolean {
  return /\.eml$/i.test(name) || type === 'message/rfc822';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function* zipItems(
  file: Blob,
  zipName: string,
  counter: ImportCounter,
  signal?: AbortSignal,
): AsyncGenerator<ImportSourceItem> {
  const { openMailZip, readMailZipEntries } = await loadZipReader();
  let zip;
  try {
    zip = await openMailZip(file, { signal });
  } catch (err) {
    if (isAbortError(err)) throw err;
    yield { kind: 'failure', name: zipName, reason: errorMessage(err) };
    return;
  }
  // The zip counted as one unit until its entries were known.
  counter.total += zip.entries.length + zip.rejected.length - 1;
  for (const r of zip.rejected)
    yield { kind: 'failure', name: `${zipName}/${r.name}`, reason: r.reason };
  for await (const r of readMailZipEntries(zip, { signal })) {
    const name = `${zipName}/${r.entry.path}`;
    if ('error' in r) yield { kind: 'failure', name, reason: errorMessage(r.error) };
    else yield { kind: 'message', name, folderPath: r.entry.folderPath, bytes: r.bytes };
  }
}

export async function* fileItems(
  files: readonly File[],
  counter: ImportCounter,
  signal?: AbortSignal,
): AsyncGenerator<ImportSourceItem> {
  for (const file of files) {
    if (signal?.aborted) return;
    if (await looksLikeZip(file)) {
      yield* zipItems(file, file.name, counter, signal);
    } else if (isEmlName(file.name, file.type)) {
      // Checked before reading, so a huge file is refused without loading it.
      if (file.size > MAX_MESSAGE_BYTES) {
        yield {
          kind: 'failure',
          name: file.name,
          reason: `The message is ${(file.size / MIB).toFixed(1)} MB; messages over ${MAX_MESSAGE_BYTES / MIB} MB are not accepted.`,
        };
        continue;
      }
      yield {
        kind: 'message',
        name: file.name,
        folderPath: null,
        bytes: new Uint8Array(await file.arrayBuffer()),
      };
    } else if (/\.zip$/i.test(file.name)) {
      yield {
        kind: 'failure',
        name: file.name,
        reason: 'This file is not a zip archive, or it is damaged.',
      };
    } else {
      yield { kind: 'failure', name: file.name, reason: 'Not an .eml message or a .zip archive.' };
    }
  }
}
