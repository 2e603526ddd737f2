// The MIME parse worker: receives raw bytes (transferred), parses them with the same
// code the Node tests run, and transfers the result back.
/// <reference lib="webworker" />
import { parseMessage, summarizeMessage } from '../mail/parse.js';
import { installMemoryBlob } from '../mail/memory-blob.js';
import type { MessageSummary, ParsedMessage, UnparseableMessage } from '../mail/types.js';
import { sha256Hex } from '../state/hash.js';
import { TOKEN_JOINER } from '../search/index/body-limits.js';
import { indexTextInline } from '../search/index/inline-reader.js';
import { foldTokens } from '../search/query/normalize.js';

/**
 * `import`: summarize plus the content hash, so an import hashes off the main thread.
 * `index-text`: only the body text the search index keeps (a few KB instead of the parsed
 * message), for snippets. `index-tokens`: a batch (`raws`) of bodies, each as its folded
 * tokens, for the search worker's build, which adds one batch while the next is parsed here.
 * `summarize-batch`: a batch of messages summarized (a sync bootstrap's download batch): one
 * message each way instead of one per message.
 */
export type ParseOp =
  'parse' | 'summarize' | 'import' | 'index-text' | 'index-tokens' | 'summarize-batch';

/** What the `import` op returns. */
export interface ImportDigest {
  summary: MessageSummary | UnparseableMessage;
  contentHash: string;
}

export interface ParseRequest {
  id: number;
  op: ParseOp;
  raw: ArrayBuffer;
  /**
   * Batch ops only: the batch's messages packed in one buffer, message i at
   * offsets[i]…offsets[i + 1] (one copy and one transfer instead of one per message).
   */
  batch?: { data: ArrayBuffer; offsets: number[] };
  /** Measurement only: keep the browser's real Blob (see bench notes in the report). */
  nativeBlob?: boolean;
}

/** What the `index-text` op returns. */
export interface IndexText {
  indexText: string;
}

/** What the `index-tokens` op returns: each body's folded tokens joined by TOKEN_JOINER. */
export interface IndexTokens {
  indexTokens: string[];
}

/** What the `summarize-batch` op returns: each message's summary, in order. */
export interface Summaries {
  summaries: (MessageSummary | UnparseableMessage)[];
}

/** What any op returns. */
export type ParseResult =
  | ParsedMessage
  | MessageSummary
  | UnparseableMessage
  | ImportDigest
  | IndexText
  | IndexTokens
  | Summaries;

export type ParseResponse = { id: number; result: ParseResult } | { id: number; error: string };

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

/** The messages of a packed batch, as views of its one buffer. */
function unpack(batch: ParseRequest['batch']): Uint8Array[] {
  if (!batch) return [];
  const out: Uint8Array[] = [];
  for (let i = 0; i + 1 < batch.offsets.length; i++) {
    const start = batch.offsets[i] as number;
    out.push(new Uint8Array(batch.data, start, (batch.offsets[i + 1] as number) - start));
  }
  return out;
}

async function tokensOf(messages: readonly Uint8Array[]): Promise<IndexTokens> {
  const indexTokens: string[] = [];
  for (const bytes of messages) {
    indexTokens.push(foldTokens(await indexTextInline(bytes)).join(TOKEN_JOINER));
  }
  return { indexTokens };
}

async function summariesOf(messages: readonly Uint8Array[]): Promise<Summaries> {
  const summaries: (MessageSummary | UnparseableMessage)[] = [];
  // summarizeMessage turns a parser error into an UnparseableMessage: one bad message
  // never fails its batch. A crash or a hang does; the page then asks one by one.
  for (const bytes of messages) summaries.push(await summarizeMessage(bytes));
  return { summaries };
}

/**
 * Requests are handled one after another, in the order they came: parsing awaits inside,
 * and interleaved requests would all finish late — the search worker, which sends its next
 * batch before the current one is back, would wait for both.
 */
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (ev: MessageEvent<ParseRequest>) => {
  queue = queue.then(() => handle(ev.data));
};

async function handle(request: ParseRequest): Promise<void> {
  const { id, op, raw, batch, nativeBlob } = request;
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
            : op === 'index-tokens'
              ? await tokensOf(unpack(batch))
              : op === 'summarize-batch'
                ? await summariesOf(unpack(batch))
                : await summarizeMessage(bytes);
    const msg: ParseResponse = { id, result };
    // Summaries and tokens are text only: no bytes to look for in ten thousand objects.
    const textOnly = op === 'summarize-batch' || op === 'index-tokens';
    scope.postMessage(msg, textOnly ? [] : transferables(result));
  } catch (e) {
    const msg: ParseResponse = { id, error: e instanceof Error ? e.message : String(e) };
    scope.postMessage(msg);
  }
}
