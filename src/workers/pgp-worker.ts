// The OpenPGP worker (PGP-1…5): every key operation runs here, off the page's thread, and
// openpgp is imported only when the first request arrives (pgp/pgp-runner.ts), so neither
// the start-up bundle nor this worker's own start pays for it. Unlocked keys and remembered
// passphrases live only in this worker's memory.
/// <reference lib="webworker" />
import { PgpError } from '../pgp/crypto/errors.js';
import { PgpRunner } from './pgp/pgp-runner.js';
import { transferables, type PgpRequest, type PgpResponse } from './pgp/protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new PgpRunner();

scope.onmessage = async (ev: MessageEvent<PgpRequest>) => {
  const req = ev.data;
  try {
    const result = await runner.run(req);
    const msg: PgpResponse = { id: req.id, ok: true, result };
    scope.postMessage(msg, transferables(result));
  } catch (err) {
    const msg: PgpResponse =
      err instanceof PgpError
        ? { id: req.id, ok: false, kind: err.kind, message: err.message }
        : {
            id: req.id,
            ok: false,
            kind: 'worker',
            message: err instanceof Error ? err.message : String(err),
          };
    scope.postMessage(msg);
  }
};
