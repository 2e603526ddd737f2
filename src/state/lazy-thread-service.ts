// The ThreadService as the app starts with it: the real one (thread-service.ts, with the
// threads view's reads and the backfill) loads on first use, in a chunk of its own, so the
// start-up bundle stays within its budget. The threads view is off by default.
import type { BuzonDb } from '../store/db.js';
import { deferredSubscribable } from './subscribable.js';
import type { ThreadService } from './types.js';

type AsyncKey = Exclude<
  keyof ThreadService,
  'observeThreadKeys' | 'observeFirstThreadRows' | 'observeThreadingStatus'
>;

export function createLazyThreadService(db: BuzonDb): ThreadService {
  let real: Promise<ThreadService> | null = null;
  const load = (): Promise<ThreadService> =>
    (real ??= import('./thread-service.js').then((m) => m.createThreadService(db)));
  const later =
    <K extends AsyncKey>(key: K) =>
    (...args: Parameters<ThreadService[K]>) =>
      load().then((s) =>
        Reflect.apply(s[key] as (...a: unknown[]) => unknown, s, args),
      ) as ReturnType<ThreadService[K]>;
  return {
    observeThreadKeys: (q) => deferredSubscribable(async () => (await load()).observeThreadKeys(q)),
    observeFirstThreadRows: (q, limit) =>
      deferredSubscribable(async () => (await load()).observeFirstThreadRows(q, limit)),
    observeThreadingStatus: () =>
      deferredSubscribable(async () => (await load()).observeThreadingStatus()),
    getFirstThreadRows: later('getFirstThreadRows'),
    getThreadRows: later('getThreadRows'),
    openThread: later('openThread'),
    setThreadSeen: later('setThreadSeen'),
    threadMessageIds: later('threadMessageIds'),
    ensureThreaded: later('ensureThreaded'),
  };
}
