import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SearchRequest, SearchResult, SearchService } from '../../state/types.js';
import type { BzSearchEvent } from '../events/bz-search.js';
import type { SnippetLoader } from '../list/snippet-cache.js';

/**
 * SEARCH-4: the list never shows more than this many results. The service caps already
 * (`capped` tells when more matched); the list keeps the promise even if one does not.
 */
export const MAX_SHOWN_RESULTS = 200;

interface SearchHost extends ReactiveControllerHost, HTMLElement {}

/**
 * Search mode for the app: listens for `bz-search` and `bz-search-clear` from anywhere in
 * the host, runs the search (a newer one aborts the older), and holds what the list pane
 * shows: the request, its result or error. The results header is loaded on the first
 * search, keeping it out of the start-up bundle.
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
        import('./bz-search-results.js'),
      ]);
      if (abort.signal.aborted) return;
      this.result = { ...result, ids: result.ids.slice(0, MAX_SHOWN_RESULTS) };
    } catch (err) {
      // An aborted search was replaced by a newer one (or search mode was left): normal.
      if (abort.signal.aborted) return;
      this.error = err;
      await import('./bz-search-results.js').catch(() => undefined);
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
