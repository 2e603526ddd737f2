// The MIME parse worker: receives raw bytes (transferred), parses them with the same
// code the Node tests run, and transfers the result back.
/// <reference lib="webworker" />
import { parseMessage, summarizeMessage } from '../mail/parse.js';
import { installMemoryBlob } from '../mail/memory-blob.js';
import type { MessageSummary, ParsedMessage, UnparseableMessage } from '../mail/types.js';
import { sha256Hex } from '../state/hash.js';
import { indexTextInline } from '../search/index/doc-text.js';

/**
 * `import`: summarize plus the content hash, so an import hashes off the main thread.
 * `index-text`: only the body text the search index keeps (a few KB instead of the parsed
 * message), for the search worker, which parses here while it adds the previous message.
 */
export type ParseOp = 'parse' | 'summarize' | 'import' | 'index-text';

/** What the `import` op returns. */
export interface ImportDigest {
  summary: MessageSummary | UnparseableMessage;
  contentHash: string;
}

export interface ParseRequest {
  id: number;
  op: ParseOp;
  raw: ArrayBuffer;
  /** Measurement only: keep the browser's real Blob (see bench notes in the report). */
  nativeBlob?: boolean;
}

/** What the `index-text` op returns. */
export interface IndexText {
  indexText: string;
}

export type ParseResponse =
  | {
      id: number;
      result: ParsedMessage | MessageSummary | UnparseableMessage | ImportDigest | IndexText;
    }
  | { id: number; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope & { Blob: unknown };
// postal-mime round-trips every decoded part through a Blob; keep those in memory.
let restoreBlob: (() => void) | null = installMemoryBlob(scope);

/** Every distinct ArrayBuffer in the result, so attachment bytes move instead of being copied. */
function transferables(result: unknown, seen = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (result instanceof Uint8Array) {
    if (result.buffer instanceof ArrayBuffer) seen.add(result.buffer);
  } else if (Array.isArray(result)) {
    for (const x of result) transferables(x, seen);
  } else if (result && typeof result === 'object') {
    for (const x of Object.values(result)) transferables(x, seen);
  }
  return [...seen];
}

async function digestAndSummarize(bytes: Uint8Array): Promise<ImportDigest> {
  // Hash first: summarizing does not change the bytes, and the digest runs natively.
  const contentHash = await sha256Hex(bytes);
  return { summary: await summarizeMessage(bytes), contentHash };
}

scope.onmessage = async (ev: MessageEvent<ParseRequest>) => {
  const { id, op, raw, nativeBlob } = ev.data;
  if (nativeBlob && restoreBlob) {
    restoreBlob();
    restoreBlob = null;
  }
  try {
    const bytes = new Uint8Array(raw);
    const result =
      op === 'parse'
        ? await parseMessage(bytes)
        : op === 'import'
          ? await digestAndSummarize(bytes)
          : op === 'index-text'
            ? { indexText: await indexTextInline(bytes) }
            : await summarizeMessage(bytes);
    const msg: ParseResponse = { id, result };
    scope.postMessage(msg, transferables(result));
  } catch (e) {
    const msg: ParseResponse = { id, error: e instanceof Error ? e.message : String(e) };
    scope.postMessage(msg);
  }
};
