// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// "A device" for sync tests: its own account database (fake-indexeddb), the real services
// a user drives, and the real sync engine talking to the real proxy over HTTP — with the
// session cookie and Origin a browser would send.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createInlineParser } from '../../../src/mail/parse.js';
import type { Services } from '../../../src/state/context.js';
import { createServices } from '../../../src/state/services.js';
import { openDb, type BuzonDb } from '../../../src/store/db.js';
import type { Conflict } from '../../../src/store/sync/server-types.js';
import { SyncEngine } from '../../../src/sync/engine.js';
import { JmapClient } from '../../../src/sync/jmap-client.js';
import { cookiePair, send } from '../../proxy/support/buzon.js';
import type { JmapAccount } from '../../proxy/support/jmap-account.js';
import { ALICE } from '../../proxy/support/jmap-account.js';

const noRender = {
  renderMail(): never {
    throw new Error('no DOM in Node tests');
  },
  renderPrintDocument(): never {
    throw new Error('no DOM in Node tests');
  },
};

export interface Device {
  db: BuzonDb;
  factory: IDBFactory;
  services: Services;
  engine: SyncEngine;
  client: JmapClient;
  /** The proxy session's cookie pair, as this device's requests send it. */
  cookie: string;
  conflicts: Conflict[];
  /** The user picks another offline window (read by the next pass). */
  setWindow(days: number | null): void;
  /** Makes the device's requests fail as if the network were down (true) or back (false). */
  setOffline(offline: boolean): void;
  /** Closes and reopens the database and a new engine: a reload. */
  reload(): Promise<Device>;
  close(): void;
}

export interface DeviceOptions {
  windowDays?: number | null;
  bodies?: boolean;
  factory?: IDBFactory;
  cookie?: string;
  name?: string;
  /** SPAM-1/FILTER-3: incremental sync queues incoming Inbox mail, as the app's own account does. */
  queueIncoming?: boolean;
  /** Wraps the device's fetch (e.g. to lose a response after the proxy acted on it). */
  wrapFetch?: (next: typeof fetch) => typeof fetch;
}

/** Signs in again (a new proxy session, as a second browser would). */
export async function signIn(account: JmapAccount): Promise<string> {
  const login = await send(account.buzon.origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: ALICE.user, password: ALICE.pass },
  });
  return cookiePair(login);
}

export async function openDevice(account: JmapAccount, opts: DeviceOptions = {}): Promise<Device> {
  const factory = opts.factory ?? new IDBFactory();
  const cookie = opts.cookie ?? (await signIn(account));
  const name = opts.name ?? 'buzon-account-test';
  const db = await openDb(name, { indexedDB: factory, IDBKeyRange, synced: true });
  const parser = createInlineParser();
  const services = createServices(db, { parser, render: noRender });
  let offline = false;
  const origin = account.buzon.origin;
  const client = new JmapClient({
    baseUrl: origin,
    headers: { Cookie: cookie, Origin: origin },
    fetch: (input, init) => {
      if (offline) return Promise.reject(new TypeError('fetch failed: network is down'));
      return (opts.wrapFetch ? opts.wrapFetch(fetch) : fetch)(input, init);
    },
  });
  const conflicts: Conflict[] = [];
  let windowDays = opts.windowDays === undefined ? null : opts.windowDays;
  const engine = new SyncEngine({
    db,
    client,
    parser,
    windowDays: () => windowDays,
    bodies: opts.bodies ?? true,
    queueIncoming: opts.queueIncoming ?? false,
    onConflicts: (c) => conflicts.push(...c),
  });
  const device: Device = {
    db,
    factory,
    services,
    engine,
    client,
    cookie,
    conflicts,
    setOffline: (v) => (offline = v),
    setWindow: (days) => (windowDays = days),
    reload: async () => {
      db.close();
      return openDevice(account, { ...opts, factory, cookie, name });
    },
    close: () => db.close(),
  };
  return device;
}

/**
 * Passes until the device's op queue is empty: a change can take more than one round (a
 * comment's folder is created one pass before its message; a move and its keywords).
 */
export const MAX_SYNC_PASSES = 4;

/** Syncs until nothing is left to send; fails with what is left after MAX_SYNC_PASSES. */
export async function syncUntilSent(d: Device): Promise<void> {
  for (let i = 0; i < MAX_SYNC_PASSES; i++) {
    const outcome = await d.engine.sync();
    if (outcome !== 'done') throw new Error(`a sync pass ended ${outcome}`);
    if ((await d.db.ops.count()) === 0) return;
  }
  throw new Error(
    `ops left after ${MAX_SYNC_PASSES} passes: ${JSON.stringify(await d.db.ops.toArray())}`,
  );
}
