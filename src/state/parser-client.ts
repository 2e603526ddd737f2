// The browser's MailParser: a small pool of parse workers (workers/parse-worker.ts).
// Parsing never blocks the UI thread, and it never throws for bad mail: a crash, a
// timeout or an error inside a worker comes back as an UnparseableMessage.
import type {
  MailParser,
  MessageSummary,
  ParsedMessage,
  UnparseableMessage,
} from '../mail/types.js';
import type {
  ImportDigest,
  ParseOp,
  ParseRequest,
  ParseResponse,
  ParseResult,
  Summaries,
} from '../workers/parse-worker.js';
import { sha256Hex } from './hash.js';
import { PARSER_VERSION } from '../mail/version.js';
import { decodeLenient } from '../mail/text.js';
import { MAX_RAW_TEXT_CHARS } from '../mail/limits.js';
import { MAX_BODY_CHARS, TOKEN_JOINER } from '../search/index/body-limits.js';
import type { BodyReader } from '../search/index/doc-text.js';

/** The pool leaves one core for the UI and stops at four: parsing is bursty (import, sync). */
const MAX_WORKERS = 4;
/**
 * Requests handed to one worker at a time. During an import the main thread is busy
 * inflating the zip and writing, so it answers the worker late: with only 2 in flight the
 * worker idled and an import ran at 773 msg/s; 16 keeps it fed. The rest wait here, so
 * a request's timeout starts when a worker has it and a long import does not time out
 * in the queue (16 typical messages parse in a few ms, far below the timeout).
 */
const IN_FLIGHT_PER_WORKER = 16;
/**
 * A worker that holds a request this long is treated as stuck on a hostile message and
 * replaced. postal-mime parses a 50 MB message in a few seconds; a minute means trouble.
 */
const PARSE_TIMEOUT_MS = 60_000;

export interface WorkerParserOptions {
  /** Pool size; default min(hardwareConcurrency - 1, 4), at least 1. */
  workers?: number;
  /** Measurement only: let postal-mime use the browser's real Blob (see memory-blob.ts). */
  nativeBlob?: boolean;
}

export type { ImportDigest };

/**
 * A parser that also hashes a message for import (its dedupe key) where it summarizes it:
 * the worker parser, so the main thread, which inflates zips and writes, does not hash.
 */
export interface ImportParser extends MailParser {
  summarizeForImport(raw: Uint8Array): Promise<ImportDigest>;
}

export function isImportParser(p: MailParser): p is ImportParser {
  return typeof (p as Partial<ImportParser>).summarizeForImport === 'function';
}

interface Job {
  id: number;
  op: ParseOp;
  raw: Uint8Array;
  /** A batch job's messages (`index-tokens`, `summarize-batch`); `raw` is then empty. */
  raws?: readonly Uint8Array[];
  resolve(r: ParseResult): void;
  /** Set once the job was re-queued after its worker died for another job's sake. */
  retried: boolean;
  worker?: PoolWorker;
  /** When a worker got it (performance.now()), for the watchdog. */
  sentAt?: number;
}

interface PoolWorker {
  worker: Worker;
  jobs: Set<Job>;
}

function unparseable(raw: Uint8Array, error: string): UnparseableMessage {
  return {
    parserVersion: PARSER_VERSION,
    error,
    rawText: decodeLenient(raw.subarray(0, MAX_RAW_TEXT_CHARS)),
  };
}

/**
 * A batch's messages in one buffer: one allocation and one transfer instead of one per
 * message (allocating and copying 500 small buffers per batch showed in the page's profile
 * of a 10k bootstrap).
 */
function pack(raws: readonly Uint8Array[]): { data: ArrayBuffer; offsets: number[] } {
  const offsets = [0];
  let total = 0;
  for (const r of raws) offsets.push((total += r.byteLength));
  const data = new Uint8Array(total);
  raws.forEach((r, i) => data.set(r, offsets[i]));
  return { data: data.buffer, offsets };
}

/** How the search index reads bodies (search/index/doc-text.ts BodyReader). */
export interface IndexTextParser {
  indexText: BodyReader['text'];
  indexTokens: BodyReader['tokens'];
}

export function createWorkerParser(opts: WorkerParserOptions = {}): ImportParser &
  IndexTextParser &
  Required<Pick<MailParser, 'summarizeBatch'>> & {
    dispose(): void;
  } {
  const cores = typeof navigator !== 'undefined' ? (navigator.hardwareConcurrency ?? 2) : 2;
  const size = Math.max(1, opts.workers ?? Math.min(cores - 1, MAX_WORKERS));
  const queue: Job[] = [];
  const byId = new Map<number, Job>();
  let nextId = 1;
  let disposed = false;

  function finish(job: Job, result: ParseResult): void {
    job.worker?.jobs.delete(job);
    byId.delete(job.id);
    job.resolve(result);
  }

  function spawn(): PoolWorker {
    const pw: PoolWorker = {
      worker: new Worker(new URL('../workers/parse-worker.ts', import.meta.url), {
        type: 'module',
      }),
      jobs: new Set(),
    };
    pw.worker.onmessage = (ev: MessageEvent<ParseResponse>) => {
      const data = ev.data;
      const job = byId.get(data.id);
      if (!job) return;
      finish(
        job,
        'result' in data ? data.result : unparseable(job.raw, `Parser error: ${data.error}`),
      );
      pump();
    };
    // A worker that dies takes its jobs with it: we cannot tell which one killed it, so
    // each gets one more try on a fresh worker.
    pw.worker.onerror = (ev) => {
      ev.preventDefault();
      replace(pw, null, `The parser stopped: ${ev.message || 'worker error'}`);
    };
    return pw;
  }

  const pool: PoolWorker[] = Array.from({ length: size }, spawn);

  /**
   * One timer for the pool, not one per message (10,000 timers set and cleared per import
   * or index build): while jobs are out it looks every quarter of the timeout for a worker
   * whose oldest job has been out too long.
   */
  let watchdog: ReturnType<typeof setInterval> | null = null;
  function watch(): void {
    watchdog ??= setInterval(() => {
      const now = performance.now();
      let busy = false;
      for (const pw of [...pool]) {
        for (const job of pw.jobs) {
          busy = true;
          if (now - (job.sentAt ?? now) >= PARSE_TIMEOUT_MS) {
            replace(pw, job, 'Parsing took too long; the message may be malformed.');
            break;
          }
        }
      }
      if (!busy && watchdog !== null) {
        clearInterval(watchdog);
        watchdog = null;
      }
    }, PARSE_TIMEOUT_MS / 4);
  }

  function replace(pw: PoolWorker, culprit: Job | null, error: string): void {
    pw.worker.terminate();
    const victims = [...pw.jobs];
    pw.jobs.clear();
    for (const job of victims.reverse()) {
      job.worker = undefined;
      if (job === culprit || job.retried || disposed) finish(job, unparseable(job.raw, error));
      else {
        job.retried = true;
        queue.unshift(job);
      }
    }
    const i = pool.indexOf(pw);
    if (i >= 0 && !disposed) pool[i] = spawn();
    pump();
  }

  function dispatch(pw: PoolWorker, job: Job): void {
    job.worker = pw;
    pw.jobs.add(job);
    job.sentAt = performance.now();
    watch();
    // Copy, then transfer the copy: the caller's bytes stay valid and nothing is cloned twice.
    const copy = job.raw.slice();
    const batch = job.raws ? pack(job.raws) : undefined;
    const req: ParseRequest = {
      id: job.id,
      op: job.op,
      raw: copy.buffer,
      ...(batch ? { batch } : {}),
      nativeBlob: opts.nativeBlob,
    };
    pw.worker.postMessage(req, batch ? [copy.buffer, batch.data] : [copy.buffer]);
  }

  function pump(): void {
    while (queue.length && !disposed) {
      const pw = pool.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      if (pw.jobs.size >= IN_FLIGHT_PER_WORKER) return;
      const job = queue.shift();
      if (job) dispatch(pw, job);
    }
  }

  function run(op: ParseOp, raw: Uint8Array, raws?: readonly Uint8Array[]): Promise<ParseResult> {
    if (disposed) return Promise.resolve(unparseable(raw, 'The parser was shut down.'));
    return new Promise<ParseResult>((resolve) => {
      const job: Job = { id: nextId++, op, raw, raws, resolve, retried: false };
      byId.set(job.id, job);
      queue.push(job);
      pump();
    });
  }

  return {
    parse: (raw) => run('parse', raw) as Promise<ParsedMessage | UnparseableMessage>,
    summarize: (raw) => run('summarize', raw) as Promise<MessageSummary | UnparseableMessage>,
    async summarizeBatch(raws) {
      if (raws.length === 0) return [];
      // One part per worker, so a pool of several parses a batch side by side.
      const per = Math.ceil(raws.length / size);
      const parts: (readonly Uint8Array[])[] = [];
      for (let i = 0; i < raws.length; i += per) parts.push(raws.slice(i, i + per));
      const results = await Promise.all(
        parts.map((part) => run('summarize-batch', new Uint8Array(0), part)),
      );
      // A worker crashed or hung on a part, twice: the caller asks one by one.
      if (!results.every((r): r is Summaries => 'summaries' in r)) return null;
      return results.flatMap((r) => r.summaries);
    },
    async summarizeForImport(raw) {
      const r = await run('import', raw);
      if ('contentHash' in r) return r as ImportDigest;
      // The worker crashed, timed out or was shut down: the message is kept as unparseable
      // and hashed here.
      return { summary: r as UnparseableMessage, contentHash: await sha256Hex(raw) };
    },
    async indexText(raw) {
      const r = await run('index-text', raw);
      // Crashed, timed out or shut down: the start of the source, as for any unparseable.
      return 'indexText' in r
        ? r.indexText
        : (r as UnparseableMessage).rawText.slice(0, MAX_BODY_CHARS);
    },
    async indexTokens(raws) {
      if (raws.length === 0) return [];
      const r = await run('index-tokens', new Uint8Array(0), raws);
      // The worker crashed or hung on the batch, twice: none of it came back.
      if (!('indexTokens' in r)) return raws.map(() => null);
      return r.indexTokens.map((joined) => (joined === '' ? [] : joined.split(TOKEN_JOINER)));
    },
    dispose() {
      disposed = true;
      for (const job of [...byId.values()])
        finish(job, unparseable(job.raw, 'The parser was shut down.'));
      queue.length = 0;
      if (watchdog !== null) clearInterval(watchdog);
      for (const pw of pool) pw.worker.terminate();
    },
  };
}
