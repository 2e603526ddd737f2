// Where a message went when its id changed (schema v15, ADR 0012). A message written here
// first (a draft, a template, an import) has a local id until the server takes it and
// names it; ATTACH-4's replacement gets a new server id too. The row moves to the new id in
// one transaction (store/sync/ops.ts rekeyEmail), and that can happen while the reader has
// the old id open or a click on the old row is on its way. Each move leaves a note here so
// those readers follow it instead of finding nothing.
import type { BuzonDb } from '../db.js';
import { NotFoundError, storeCall } from '../errors.js';

// Why a week: a note only has to outlive what still holds the old id (an open reader, a
// selection, a click in flight: seconds to hours); a week covers a laptop left open
// over a weekend and keeps the table small after a large import reaches the server.
const RENAME_MEMORY_MS = 7 * 24 * 3600_000;
// Why a bound: an id can move more than once (a local draft taken by the server, then
// replaced by ATTACH-4), never in a loop; the bound guards against a corrupt table.
const MAX_HOPS = 8;

export interface EmailRenameRecord {
  /** The id the message had. */
  from: string;
  /** The id it has now (or had next, when it moved again). */
  to: string;
  /** When it moved (ms), for forgetting old notes. */
  at: number;
}

/**
 * Notes that message `from` is now `to`, inside the caller's transaction (which must
 * include `emailRenames`), and forgets notes older than a week.
 */
export async function noteRenamed(
  db: BuzonDb,
  from: string,
  to: string,
  at: number,
): Promise<void> {
  await db.emailRenames
    .where('at')
    .below(at - RENAME_MEMORY_MS)
    .delete();
  await db.emailRenames.put({ from, to, at });
}

/** The ids these messages have now, for those that moved (chains followed to the end). */
export async function renamedIds(
  db: BuzonDb,
  ids: readonly string[],
): Promise<Map<string, string>> {
  return storeCall(async () => {
    const now = new Map<string, string>();
    let moving = [...new Set(ids)].map((id) => [id, id] as [string, string]);
    for (let hop = 0; hop < MAX_HOPS && moving.length > 0; hop++) {
      const notes = await db.emailRenames.bulkGet(moving.map(([, current]) => current));
      moving = moving.flatMap(([first], i): [string, string][] => {
        const to = notes[i]?.to;
        if (to === undefined) return [];
        now.set(first, to);
        return [[first, to]];
      });
    }
    return now;
  });
}

/** The id message `id` has now: itself unless it moved. */
export async function currentEmailId(db: BuzonDb, id: string): Promise<string> {
  return (await renamedIds(db, [id])).get(id) ?? id;
}

/**
 * Runs `read` on message `id`, and once more on its current id when the message was not
 * found because it moved meanwhile (a click on a row whose id changed on its way).
 */
export async function followingRenames<T>(
  db: BuzonDb,
  id: string,
  read: (id: string) => Promise<T>,
): Promise<T> {
  try {
    return await read(id);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    const now = await currentEmailId(db, id);
    if (now === id) throw err;
    return read(now);
  }
}
