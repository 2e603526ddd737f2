// An honest SearchService for the search UI's tests: it runs the real (pure) query
// language over a small fixed set of documents built from the mailbox's real rows, and
// records every call the UI makes. Not the engine: no index, no worker, no persistence.
import { highlight, matches, parseQuery, snippet } from '../../../src/search/query/index.js';
import type { SearchDoc } from '../../../src/search/query/index.js';
import type { Observer, Subscribable } from '../../../src/state/observable.js';
import type {
  IndexingStatus,
  MessageRow,
  SavedSearch,
  SearchRequest,
  SearchResult,
  SearchService,
  SearchSnippet,
} from '../../../src/state/types.js';

/** The service's own cap (SEARCH-4). */
const CAP = 200;

export interface FakeDoc {
  id: string;
  doc: SearchDoc;
}

/** What search knows of a list row: its subject, addresses, preview as body, flags. */
export function docOf(row: MessageRow): FakeDoc {
  return {
    id: row.id,
    doc: {
      subject: row.subject,
      from: row.from,
      to: row.to,
      cc: [],
      body: row.preview,
      keywords: row.seen ? ['$seen'] : [],
      mailboxId: row.folderId,
      hasAttachment: row.hasAttachment,
      receivedAt: row.receivedAt,
      size: row.size,
      priority: row.priority,
    },
  };
}

class Subject<T> implements Subscribable<T> {
  private readonly observers = new Set<Observer<T>>();
  constructor(public value: T) {}
  subscribe(o: Observer<T>) {
    this.observers.add(o);
    queueMicrotask(() => this.observers.has(o) && o.next(this.value));
    return { unsubscribe: () => void this.observers.delete(o) };
  }
  set(value: T): void {
    this.value = value;
    for (const o of this.observers) o.next(value);
  }
}

export class FakeSearchService implements SearchService {
  docs: FakeDoc[] = [];
  /** Messages "not indexed yet", told with each result. */
  pending = 0;
  readonly calls: { request: SearchRequest; signal: AbortSignal | undefined }[] = [];
  readonly snippetCalls: string[][] = [];
  readonly recentList: SearchRequest[] = [];
  pauses = 0;
  resumes = 0;
  /** While set, searches wait for it (or for their abort) before answering. */
  gate: Promise<void> | null = null;
  readonly saved = new Subject<SavedSearch[]>([]);
  readonly indexing = new Subject<IndexingStatus>({
    indexed: 0,
    total: 0,
    running: false,
    error: null,
  });

  async search(request: SearchRequest, signal?: AbortSignal): Promise<SearchResult> {
    this.calls.push({ request, signal });
    this.recentList.unshift(request);
    if (this.gate) {
      const gate = this.gate;
      await new Promise<void>((resolve, reject) => {
        void gate.then(resolve);
        signal?.addEventListener('abort', () =>
          reject(new DOMException('The search was replaced', 'AbortError')),
        );
      });
    }
    const { query, warnings } = parseQuery(request.text);
    const found = this.docs
      .filter((d) => request.folderId === null || d.doc.mailboxId === request.folderId)
      .filter((d) => matches(query, d.doc))
      .map((d) => d.id);
    return {
      request,
      ids: found.slice(0, CAP),
      capped: found.length > CAP,
      warnings,
      pending: this.pending,
    };
  }

  async snippets(request: SearchRequest, ids: string[]): Promise<Record<string, SearchSnippet>> {
    this.snippetCalls.push(ids);
    const { query } = parseQuery(request.text);
    const out: Record<string, SearchSnippet> = {};
    for (const d of this.docs) {
      if (!ids.includes(d.id)) continue;
      out[d.id] = { subject: highlight(d.doc.subject, query), body: snippet(d.doc.body, query) };
    }
    return out;
  }

  async recent(): Promise<SearchRequest[]> {
    return [...this.recentList];
  }

  observeSaved(): Subscribable<SavedSearch[]> {
    return this.saved;
  }

  async saveSearch(name: string, request: SearchRequest): Promise<SavedSearch> {
    const s = { id: `saved-${this.saved.value.length + 1}`, name, request };
    this.saved.set([...this.saved.value, s]);
    return s;
  }

  async removeSavedSearch(id: string): Promise<void> {
    this.saved.set(this.saved.value.filter((s) => s.id !== id));
  }

  observeIndexing(): Subscribable<IndexingStatus> {
    return this.indexing;
  }

  pauseIndexing(): void {
    this.pauses++;
    this.indexing.set({ ...this.indexing.value, running: false });
  }

  resumeIndexing(): void {
    this.resumes++;
    this.indexing.set({ ...this.indexing.value, running: true });
  }
}
