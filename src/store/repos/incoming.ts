// The incoming-mail queue (schema v11): read by the syncing tab to decide whether the
// processor needs loading at all.
import type { BuzonDb } from '../db.js';
import { storeCall } from '../errors.js';

/** Messages waiting for spam detection and filters. */
export function countIncoming(db: BuzonDb): Promise<number> {
  return storeCall(() => db.incomingQueue.count());
}
