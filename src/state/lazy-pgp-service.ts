// PGP-1…5: the PgpService loads on first use (the keystore screen, the composer's options,
// a message that may carry OpenPGP, or incoming mail with an Autocrypt header), in a chunk
// of its own with the worker's client; the worker — and OpenPGP.js inside it — starts on
// the first call that needs it. One service per loader; a failed load is retried.
import type { PgpServiceDeps } from './pgp/deps.js';
import type { PgpService, PgpServiceLoader } from './pgp-types.js';

export interface LazyPgpServiceDeps extends Omit<PgpServiceDeps, 'client'> {
  /** Starts the PGP worker (main.ts: a module Worker of workers/pgp-worker.ts). */
  spawn: () => Worker;
}

export function createPgpServiceLoader(deps: LazyPgpServiceDeps): PgpServiceLoader {
  let loaded: Promise<PgpService> | undefined;
  const { spawn, ...rest } = deps;
  return () =>
    (loaded ??= Promise.all([import('./pgp/service.js'), import('./pgp-client.js')]).then(
      ([service, client]) =>
        service.createPgpService({ ...rest, client: client.createPgpClient(spawn) }),
      (err: unknown) => {
        loaded = undefined;
        throw err;
      },
    ));
}
