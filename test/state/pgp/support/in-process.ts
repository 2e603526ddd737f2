// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// The PGP worker in the test's own process: Node has no Worker, so the real client
// (createPgpClient) talks to the real PgpRunner through a stand-in that does what
// pgp-worker.ts does — structured-cloned requests in, results or typed error kinds out.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PgpError } from '../../../../src/pgp/crypto/errors.js';
import { createInlineParser } from '../../../../src/mail/parse.js';
import { createPgpClient, type PgpClient } from '../../../../src/state/pgp-client.js';
import { createPgpService } from '../../../../src/state/pgp/service.js';
import type { PgpService } from '../../../../src/state/pgp-types.js';
import type { KeyInfo } from '../../../../src/pgp/crypto/types.js';
import { openDb, type BuzonDb } from '../../../../src/store/db.js';
import { PgpRunner } from '../../../../src/workers/pgp/pgp-runner.js';
import type { PgpRequest, PgpResponse } from '../../../../src/workers/pgp/protocol.js';

class InProcessWorker {
  onmessage: ((ev: MessageEvent<PgpResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;

  constructor(readonly runner: PgpRunner) {}

  postMessage(req: PgpRequest): void {
    const copy = structuredClone(req);
    void this.runner.run(copy).then(
      (result) => this.reply({ id: copy.id, ok: true, result: structuredClone(result) }),
      (err: unknown) =>
        this.reply(
          err instanceof PgpError
            ? { id: copy.id, ok: false, kind: err.kind, message: err.message }
            : { id: copy.id, ok: false, kind: 'worker', message: String(err) },
        ),
    );
  }

  private reply(msg: PgpResponse): void {
    if (!this.terminated) this.onmessage?.({ data: msg } as MessageEvent<PgpResponse>);
  }

  terminate(): void {
    this.terminated = true;
  }
}

export interface PgpRig {
  db: BuzonDb;
  client: PgpClient;
  runner: PgpRunner;
  service: PgpService;
  /** How many workers were started (the lazy loader starts one on first use). */
  spawned: () => number;
}

export interface RigOptions {
  fetchWkd?: (address: string) => Promise<Uint8Array | null>;
  db?: BuzonDb;
}

/** A fresh device database, a client over an in-process runner, and the service over both. */
export async function pgpRig(opts: RigOptions = {}): Promise<PgpRig> {
  const db = opts.db ?? (await openDb('buzon-local', { indexedDB: new IDBFactory(), IDBKeyRange }));
  const runner = new PgpRunner();
  let spawned = 0;
  const client = createPgpClient(() => {
    spawned++;
    return new InProcessWorker(runner) as unknown as Worker;
  });
  const service = createPgpService({
    db,
    client,
    parser: createInlineParser(),
    ...(opts.fetchWkd ? { fetchWkd: opts.fetchWkd } : {}),
  });
  return { db, client, runner, service, spawned: () => spawned };
}

/** A spawn function for createPgpServiceLoader over its own in-process runner. */
export function inProcessSpawn(counter: { n: number }): () => Worker {
  const runner = new PgpRunner();
  return () => {
    counter.n++;
    return new InProcessWorker(runner) as unknown as Worker;
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  const got = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(got instanceof Error)) throw new Error(`Expected a rejection, got ${String(got)}`);
  return got;
}

/** The one key read from `input` (fails the test when there is none). */
export async function readOne(service: PgpService, input: string | Uint8Array): Promise<KeyInfo> {
  const [info] = await service.readKeys(input);
  if (!info) throw new Error('No key read');
  return info;
}
