import type { ReactiveControllerHost } from 'lit';
import type { SearchSnippet } from '../../state/types.js';

/** Fetches the highlighted subject and snippet of found messages by id (SEARCH-6). */
export type SnippetLoader = (ids: string[]) => Promise<Record<string, SearchSnippet>>;

/**
 * The snippets of a result list's rows, asked for as rows come on screen. A result list
 * holds at most 200 ids, so everything fetched is kept until the next search (a new
 * loader).
 */
export class SnippetCache {
  private loader: SnippetLoader | null = null;
  private readonly got = new Map<string, SearchSnippet>();
  private readonly asked = new Set<string>();

  constructor(private readonly host: ReactiveControllerHost) {}

  setLoader(loader: SnippetLoader | null): void {
    if (loader === this.loader) return;
    this.loader = loader;
    this.got.clear();
    this.asked.clear();
  }

  get(id: string): SearchSnippet | undefined {
    return this.got.get(id);
  }

  ensure(ids: readonly string[]): void {
    const loader = this.loader;
    const wanted = ids.filter((id) => !this.asked.has(id));
    if (!loader || wanted.length === 0) return;
    for (const id of wanted) this.asked.add(id);
    loader(wanted).then(
      (found) => {
        if (loader !== this.loader) return;
        for (const [id, s] of Object.entries(found)) this.got.set(id, s);
        this.host.requestUpdate();
      },
      () => {
        // Rows then show their plain subject and no snippet: still a usable list.
      },
    );
  }
}
