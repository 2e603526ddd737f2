// The SpamService as the app starts with it: a loader. The real one (spam-service.ts, with
// the tokenizer, the classifier and its model) loads on the first mark or the first incoming
// message, in a chunk of its own, so the start-up bundle stays within its budget.
import type { SpamServiceDeps } from './spam-service.js';
import type { SpamService, SpamServiceLoader } from './spam-types.js';

/** One service per database; a failed load is retried on the next call. */
export function createSpamServiceLoader(deps: SpamServiceDeps): SpamServiceLoader {
  let loaded: Promise<SpamService> | undefined;
  return () =>
    (loaded ??= import('./spam-service.js').then(
      (m) => m.createSpamService(deps),
      (err: unknown) => {
        loaded = undefined;
        throw err;
      },
    ));
}
