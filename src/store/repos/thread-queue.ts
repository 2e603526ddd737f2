// THREAD-1: the queue of new messages waiting to be threaded (ADR 0026). Writers only queue;
// the thread service drains the queue in batches (threads.ts drainThreadQueueStep). Kept
// apart from threads.ts so the writers on the start-up path do not load the threading code.
import type { BuzonDb } from '../db.js';
import type { ThreadQueueRecord } from '../records.js';

/** The messages of one queue entry. */
export function entryIds(entry: ThreadQueueRecord): string[] {
  return entry.ids ?? (entry.id === undefined ? [] : [entry.id]);
}

/**
 * Queues new messages for threading (ADR 0026), inside the caller's transaction (which
 * must include `threadQueue`). A batch is one entry: measured on the 10k bootstrap, one
 * entry per message was 10,000 of its ~42,000 IndexedDB requests.
 */
export async function queueForThreading(db: BuzonDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 1) await db.threadQueue.add({ id: ids[0] as string });
  else if (ids.length > 1) await db.threadQueue.add({ ids: [...ids] });
}
