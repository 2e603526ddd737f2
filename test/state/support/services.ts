// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// Services over a fresh fake-indexeddb database per test, with the REAL parser. The
// renderer needs a DOM, which Node has not; these tests never render, so a stand-in that
// throws keeps any accidental use loud.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createInlineParser } from '../../../src/mail/parse.js';
import type { Services } from '../../../src/state/context.js';
import { createServices } from '../../../src/state/services.js';
import type { Folder } from '../../../src/state/types.js';
import { openDb, type BuzonDb } from '../../../src/store/db.js';

export interface Harness {
  db: BuzonDb;
  services: Services;
  clock: { now: number };
  factory: IDBFactory;
}

const noRender = {
  renderMail(): never {
    throw new Error('renderMail needs a DOM; not available in Node tests.');
  },
  renderPrintDocument(): never {
    throw new Error('renderPrintDocument needs a DOM; not available in Node tests.');
  },
};

export async function openTestDb(
  factory = new IDBFactory(),
  name = 'buzon-test',
): Promise<BuzonDb> {
  return openDb(name, { indexedDB: factory, IDBKeyRange });
}

export async function harness(start = Date.UTC(2025, 5, 1)): Promise<Harness> {
  const factory = new IDBFactory();
  const db = await openTestDb(factory);
  const clock = { now: start };
  const services = createServices(db, {
    parser: createInlineParser(),
    render: noRender,
    now: () => clock.now,
  });
  return { db, services, clock, factory };
}

/** The current value of a Subscribable, taken once. */
export function first<T>(src: {
  subscribe(o: { next(v: T): void; error?(e: unknown): void }): { unsubscribe(): void };
}): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const sub = src.subscribe({
      next: (v) => {
        if (done) return;
        done = true;
        resolve(v);
        queueMicrotask(() => sub.unsubscribe());
      },
      error: reject,
    });
  });
}

export async function folders(s: Services): Promise<Folder[]> {
  return first(s.folders.observeFolders());
}

export async function folderByPath(s: Services, path: string): Promise<Folder> {
  const f = (await folders(s)).find((x) => x.path === path);
  if (!f) throw new Error(`No folder ${path}`);
  return f;
}

export function emlFile(name: string, bytes: Uint8Array): File {
  return new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'message/rfc822' });
}
