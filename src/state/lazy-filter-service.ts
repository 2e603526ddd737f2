// FILTER-1…5: the FilterService loads on first use (the filters dialog opening, or the
// incoming-mail processor), in a chunk of its own with the engine and the Sieve compiler,
// so none of it enters the start-up bundle. One service per database; a failed load is
// retried on the next call.
import type { FilterServerDeps, FilterServiceDeps } from './filters/service.js';
import type { FilterService, FilterServiceLoader } from './filter-types.js';

export type { FilterServerDeps, FilterServiceDeps };

/** The service's deps, with the server part (the proxy's /sieve client) loaded with it. */
export interface LazyFilterServiceDeps extends Omit<FilterServiceDeps, 'server'> {
  server?: () => Promise<FilterServerDeps>;
}

export function createFilterServiceLoader(deps: LazyFilterServiceDeps): FilterServiceLoader {
  let loaded: Promise<FilterService> | undefined;
  const { server: loadServer, ...rest } = deps;
  return () =>
    (loaded ??= Promise.all([import('./filters/service.js'), loadServer?.()]).then(
      ([m, server]) => m.createFilterService({ ...rest, ...(server ? { server } : {}) }),
      (err: unknown) => {
        loaded = undefined;
        throw err;
      },
    ));
}
