// SEARCH-1…6 on the page: a thin client of the search worker (workers/search-worker.ts),
// which builds the index and answers searches off the page's thread; recent searches
// (settings) and saved searches (smart folders) are kept here. The worker starts when the
// page is idle after the first paint, so it never competes with the first rows.
import type { BuzonDb } from '../store/db.js';
import {
  deleteSavedSearch,
  observeMailVolume,
  observeSavedSearches,
  putSavedSearch,
} from '../store/repos/saved-searches.js';
import { listSettingValues, putSettingValues } from '../store/repos/settings.js';
import type { SearchWorkerRequest, SearchWorkerResponse } from '../workers/search/protocol.js';
import type { Subscribable } from './observable.js';
import { mapSubscribable } from './subscribable.js';
import { ValueSubject } from './subscribable.js';
import type {
  IndexingStatus,
  SavedSearch,
  SearchRequest,
  SearchResult,
  SearchService,
  SearchSnippet,
} from './types.js';

/** SEARCH-4: how many recent searches are offered to reopen. */
const RECENT_SEARCHES = 10;
const RECENT_KEY = 'search.recent';
/** New mail arrives in bursts during a sync: one look for work per burst. */
const CHANGE_DEBOUNCE_MS = 1_000;

export interface SearchServiceDeps {
  db: BuzonDb;
  /** Starts the worker (the page passes `new Worker(...)`; tests a stand-in). */
  worker: () => Worker;
  /** Opens with building the index paused (`?index=paused`: a benchmark of something else). */
  startPaused?: boolean;
  now?: () => number;
  random?: () => string;
}

type Pending = { resolve(v: SearchWorkerResponse): void; reject(e: Error): void };

export class SearchUnavailableError extends Error {
  override name = 'SearchUnavailableError';
}

/** The service plus what only the composition root calls. */
export interface BackgroundSearchService extends SearchService {
  /** Starts the worker, which builds the index in the background. */
  start(): void;
}

export function createSearchService(deps: SearchServiceDeps): BackgroundSearchService {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? (() => crypto.randomUUID());
  const status = new ValueSubject<IndexingStatus>({
    indexed: 0,
    total: 0,
    running: false,
    error: null,
  });
  const waiting = new Map<number, Pending>();
  let worker: Worker | null = null;
  let serial = 0;
  let changeTimer: ReturnType<typeof setTimeout> | null = null;

  function post(message: SearchWorkerRequest): void {
    start().postMessage(message);
  }

  function start(): Worker {
    if (worker) return worker;
    performance.mark('bz-index-start');
    const w = deps.worker();
    worker = w;
    w.onmessage = (ev: MessageEvent<SearchWorkerResponse>) => {
      const msg = ev.data;
      if (msg.type === 'status') {
        const s = msg.status;
        // User Timing for the benchmark (and any profiler): when the index caught up.
        if (!s.running && s.total > 0 && s.indexed >= s.total && !status.value.error)
          performance.mark('bz-indexed', { detail: { indexed: s.indexed } });
        return status.set(s);
      }
      const p = waiting.get(msg.id);
      if (!p) return;
      waiting.delete(msg.id);
      if (msg.type === 'failed') p.reject(new SearchUnavailableError(msg.error));
      else p.resolve(msg);
    };
    w.onerror = () => {
      for (const p of waiting.values()) p.reject(new SearchUnavailableError('Search stopped.'));
      waiting.clear();
    };
    w.postMessage({
      type: 'open',
      dbName: db.name,
      paused: deps.startPaused ?? false,
    } satisfies SearchWorkerRequest);
    // New mail (sync, import): the index looks for work after the burst.
    let volume: string | null = null;
    observeMailVolume(db).subscribe({
      next: (now) => {
        // Reading a message re-runs the query with the same answer: nothing to look for.
        if (now === volume) return;
        volume = now;
        if (changeTimer) clearTimeout(changeTimer);
        changeTimer = setTimeout(() => post({ type: 'changed', volume: now }), CHANGE_DEBOUNCE_MS);
      },
    });
    return w;
  }

  function ask(
    build: (id: number) => SearchWorkerRequest,
    signal?: AbortSignal,
  ): Promise<SearchWorkerResponse> {
    const id = ++serial;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      waiting.set(id, { resolve, reject });
      signal?.addEventListener(
        'abort',
        () => {
          waiting.delete(id);
          post({ type: 'cancel', id });
          reject(signal.reason as Error);
        },
        { once: true },
      );
      post(build(id));
    });
  }

  /** Dates typed in a query are the user's local midnights. */
  const offset = () => -new Date().getTimezoneOffset();

  async function remember(request: SearchRequest): Promise<void> {
    const values = await listSettingValues(db);
    const before = (values.get(RECENT_KEY) as SearchRequest[] | undefined) ?? [];
    const same = (r: SearchRequest) => r.text === request.text && r.folderId === request.folderId;
    const next = [request, ...before.filter((r) => !same(r))].slice(0, RECENT_SEARCHES);
    await putSettingValues(db, { [RECENT_KEY]: next });
  }

  return {
    start: () => void start(),
    async search(request, signal): Promise<SearchResult> {
      const text = request.text.trim();
      if (!text) return { request, ids: [], capped: false, warnings: [], pending: 0 };
      const started = performance.now();
      const got = await ask(
        (id) => ({
          type: 'search',
          id,
          text,
          folderId: request.folderId,
          utcOffsetMinutes: offset(),
        }),
        signal,
      );
      if (got.type !== 'searched') throw new SearchUnavailableError('Unexpected answer.');
      performance.measure('bz-search', { start: started, detail: { text, found: got.ids.length } });
      void remember({ text, folderId: request.folderId }).catch(() => undefined);
      return {
        request,
        ids: got.ids,
        capped: got.capped,
        warnings: got.warnings,
        pending: got.pending,
      };
    },
    async snippets(request, ids): Promise<Record<string, SearchSnippet>> {
      if (ids.length === 0 || !request.text.trim()) return {};
      const got = await ask((id) => ({
        type: 'snippets',
        id,
        text: request.text,
        ids: [...ids],
        utcOffsetMinutes: offset(),
      }));
      return got.type === 'snippets' ? got.snippets : {};
    },
    async recent() {
      const values = await listSettingValues(db);
      return (values.get(RECENT_KEY) as SearchRequest[] | undefined) ?? [];
    },
    observeSaved(): Subscribable<SavedSearch[]> {
      return mapSubscribable(observeSavedSearches(db), (rows) =>
        rows.map((r) => ({
          id: r.id,
          name: r.name,
          request: { text: r.text, folderId: r.folderId },
        })),
      );
    },
    async saveSearch(name, request) {
      const id = random();
      await putSavedSearch(db, {
        id,
        name: name.trim(),
        text: request.text,
        folderId: request.folderId,
        createdAt: now(),
      });
      return { id, name: name.trim(), request };
    },
    removeSavedSearch: (id) => deleteSavedSearch(db, id),
    observeIndexing: () => status,
    pauseIndexing: () => post({ type: 'pause' }),
    resumeIndexing: () => post({ type: 'resume' }),
  };
}
