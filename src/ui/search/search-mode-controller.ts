import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SearchRequest, SearchResult, SearchService } from '../../state/types.js';
import type { BzSearchEvent } from '../events/bz-search.js';
import type { SnippetLoader } from '../list/snippet-cache.js';
import { whenIdle } from '../shared/idle.js';

const loadResultsView = () => import('./bz-search-results.js');

/**
 * SEARCH-4: the list never shows more than this many results. The service caps already
 * (`capped` tells when more matched); the list keeps the promise even if one does not.
 */
export const MAX_SHOWN_RESULTS = 200;

/** The results view is loaded within this long after the start even on a busy page. */
const RESULTS_VIEW_IDLE_MS = 5_000;

interface SearchHost extends ReactiveControllerHost, HTMLElement {}

/**
 * Search mode for the app: listens for `bz-search` and `bz-search-clear` from anywhere in
 * the host, runs the search (a newer one aborts the older), and holds what the list pane
 * shows: the request, its result or error. The results header stays out of the start-up
 * bundle: it is loaded once the page is idle after the start, or by the first search if
 * that comes sooner. Measured (10k, interleaved orders): loaded by the first search, the
 * chunk's evaluation and the search mode's first render held the page's thread while the
 * worker answered, so the first answer arrived 15–20 ms after the next ones (25–28 ms
 * against 9–14 ms); loaded at idle, the first answer takes what the next ones do.
 */
export class SearchModeController implements ReactiveController {
  request: SearchRequest | null = null;
  result: SearchResult | null = null;
  error: unknown = null;
  /** SEARCH-6: snippets of the found rows on screen; a new function per search. */
  snippets: SnippetLoader | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly host: SearchHost,
    private readonly service: () => SearchService | undefined,
    /** Called as a search starts (the app shows the list pane on a phone). */
    private readonly onStart?: () => void,
  ) {
    host.addController(this);
  }

  private readonly onSearch = (e: BzSearchEvent) => void this.run(e.request);
  private readonly onClear = () => this.clear();

  hostConnected(): void {
    this.host.addEventListener('bz-search', this.onSearch);
    this.host.addEventListener('bz-search-clear', this.onClear);
    whenIdle(() => void loadResultsView().catch(() => undefined), RESULTS_VIEW_IDLE_MS);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('bz-search', this.onSearch);
    this.host.removeEventListener('bz-search-clear', this.onClear);
    this.abort?.abort();
  }

  /** The found ids the list shows (empty while searching), or null outside search mode. */
  get ids(): readonly string[] | null {
    if (!this.request) return null;
    return this.result?.ids ?? NO_IDS;
  }

  async run(request: SearchRequest): Promise<void> {
    const service = this.service();
    if (!service) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.request = request;
    this.result = null;
    this.error = null;
    this.snippets = (ids) => service.snippets(request, ids);
    this.onStart?.();
    this.host.requestUpdate();
    try {
      const [result] = await Promise.all([
        service.search(request, abort.signal),
        loadResultsView(),
      ]);
      if (abort.signal.aborted) return;
      this.result = { ...result, ids: result.ids.slice(0, MAX_SHOWN_RESULTS) };
    } catch (err) {
      // An aborted search was replaced by a newer one (or search mode was left): normal.
      if (abort.signal.aborted) return;
      this.error = err;
      await loadResultsView().catch(() => undefined);
    }
    this.host.requestUpdate();
  }

  clear(): void {
    this.abort?.abort();
    this.abort = null;
    this.request = null;
    this.result = null;
    this.error = null;
    this.snippets = null;
    this.host.requestUpdate();
  }
}

const NO_IDS: readonly string[] = Object.freeze([]);
