// The PgpService (PGP-1…5), put together from its parts: the keystore, key discovery (WKD,
// Autocrypt), the composer's check and protection, and the reader's inspect and decrypt.
// Loaded lazily with the worker's client (lazy-pgp-service.ts); openpgp itself runs only
// in the worker.
import type { PgpService } from '../pgp-types.js';
import { autocryptOps } from './autocrypt-out.js';
import { decryptMessage } from './decrypt.js';
import type { PgpContext, PgpServiceDeps } from './deps.js';
import { discoveryOps } from './discovery.js';
import { inspectMessage } from './inspect.js';
import { keystoreOps } from './keystore.js';
import { protectOps } from './protect.js';

export type { PgpServiceDeps };

export function createPgpService(deps: PgpServiceDeps): PgpService {
  const ctx: PgpContext = { ...deps, now: deps.now ?? Date.now, mailDb: deps.mailDb ?? deps.db };
  return {
    ...keystoreOps(ctx),
    ...discoveryOps(ctx),
    ...protectOps(ctx),
    ...autocryptOps(ctx),
    inspect: (raw, where) => inspectMessage(ctx, raw, where),
    decrypt: (raw, index, unlock, where) => decryptMessage(ctx, raw, index, unlock, where),
  };
}
