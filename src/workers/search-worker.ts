// The search worker (ADR 0024): opens the shown account's database, builds the search
// index in the background and answers searches, so neither parsing nor index reads ever
// run on the page's thread.
/// <reference lib="webworker" />
import { installMemoryBlob } from '../mail/memory-blob.js';
import type { BodyReader } from '../search/index/doc-text.js';
import { createWorkerParser } from '../state/parser-client.js';
import { openDb } from '../store/db.js';
import { SearchRunner } from './search/search-runner.js';
import type { SearchWorkerRequest, SearchWorkerResponse } from './search/protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope & { Blob: unknown };
// postal-mime round-trips decoded parts through Blobs; keep them in memory (parse-worker.ts).
installMemoryBlob(scope);

/**
 * Messages are parsed by a parse worker of this worker's own, so on two cores parsing one
 * message overlaps adding the one before (ADR 0024); where a worker cannot start workers,
 * here.
 */
const PARSE_WORKERS = Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1));
let parser: ReturnType<typeof createWorkerParser> | null = null;
const workerParser = () => (parser ??= createWorkerParser({ workers: PARSE_WORKERS }));
/** Parsing in this thread: its code (postal-mime) loads only where it is needed. */
const inline = () => import('../search/index/inline-reader.js').then((m) => m.inlineBodyReader);
const reader: BodyReader =
  typeof Worker === 'function'
    ? {
        text: (raw) => workerParser().indexText(raw),
        tokens: (raws) => workerParser().indexTokens(raws),
      }
    : {
        text: async (raw) => (await inline()).text(raw),
        tokens: async (raws) => (await inline()).tokens(raws),
      };

/**
 * After a start, the look for new mail waits this long (or for the first answer): a search
 * typed right away is answered first instead of queuing behind a read of every key.
 */
const START_GRACE_MS = 3_000;

let runner: SearchRunner | null = null;
let opening: Promise<SearchRunner> | null = null;
const running = new Map<number, AbortController>();

function post(message: SearchWorkerResponse): void {
  scope.postMessage(message);
}

async function open(dbName: string, paused: boolean): Promise<SearchRunner> {
  const db = await openDb(dbName, {
    // The page upgrades the schema; this worker lets go and is started again.
    onVersionChange: () => runner?.stop(),
  });
  const r = new SearchRunner({
    db,
    reader,
    startGraceMs: START_GRACE_MS,
    onStatus: (status) => post({ type: 'status', status }),
  });
  await r.open();
  if (paused) r.pause();
  runner = r;
  void r.run();
  return r;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

scope.onmessage = async (ev: MessageEvent<SearchWorkerRequest>) => {
  const req = ev.data;
  if (req.type === 'open') {
    opening ??= open(req.dbName, req.paused);
    opening.catch((err: unknown) =>
      post({
        type: 'status',
        status: { indexed: 0, total: 0, running: false, error: errorText(err) },
      }),
    );
    return;
  }
  if (req.type === 'cancel') {
    running.get(req.id)?.abort();
    return;
  }
  const r = runner ?? (await opening?.catch(() => null)) ?? null;
  if (req.type === 'changed') return r?.changed(req.volume);
  if (req.type === 'pause') return r?.pause();
  if (req.type === 'resume') return r?.resume();
  if (!r) {
    post({ type: 'failed', id: req.id, error: 'The search index could not be opened.' });
    return;
  }
  const controller = new AbortController();
  running.set(req.id, controller);
  try {
    if (req.type === 'search') {
      const out = await r.search(req.text, req.folderId, req.utcOffsetMinutes, controller.signal);
      post({ type: 'searched', id: req.id, ...out });
    } else {
      const snippets = await r.snippets(req.text, req.ids, req.utcOffsetMinutes);
      post({ type: 'snippets', id: req.id, snippets });
    }
  } catch (err) {
    post({ type: 'failed', id: req.id, error: errorText(err) });
  } finally {
    running.delete(req.id);
  }
};
