// The SearchService as the app starts with it: the worker's client (search-service.ts)
// loads when the page is idle or on the first search, in a chunk of its own, so the
// start-up bundle stays within its budget.
import type { BackgroundSearchService, SearchServiceDeps } from './search-service.js';
import { deferredSubscribable } from './subscribable.js';

type AsyncKey = Exclude<
  keyof BackgroundSearchService,
  'observeSaved' | 'observeIndexing' | 'pauseIndexing' | 'resumeIndexing' | 'start'
>;

export function createLazySearchService(deps: SearchServiceDeps): BackgroundSearchService {
  let real: Promise<BackgroundSearchService> | null = null;
  const load = (): Promise<BackgroundSearchService> =>
    (real ??= import('./search-service.js').then((m) => m.createSearchService(deps)));
  const later =
    <K extends AsyncKey>(key: K) =>
    (...args: Parameters<BackgroundSearchService[K]>) =>
      load().then((s) =>
        Reflect.apply(s[key] as (...a: unknown[]) => unknown, s, args),
      ) as ReturnType<BackgroundSearchService[K]>;
  const run = (key: 'start' | 'pauseIndexing' | 'resumeIndexing') => () =>
    void load().then((s) => s[key]());
  return {
    search: later('search'),
    snippets: later('snippets'),
    recent: later('recent'),
    saveSearch: later('saveSearch'),
    removeSavedSearch: later('removeSavedSearch'),
    observeSaved: () => deferredSubscribable(async () => (await load()).observeSaved()),
    observeIndexing: () => deferredSubscribable(async () => (await load()).observeIndexing()),
    start: run('start'),
    pauseIndexing: run('pauseIndexing'),
    resumeIndexing: run('resumeIndexing'),
  };
}
