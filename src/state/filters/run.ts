// FILTER-1 "how many messages match" and FILTER-3 "run now on a folder": each message's
// stored bytes are parsed (the worker parser in the app) into the engine's view and the one
// filter is evaluated as the incoming path would (isSpam false: the user chose this mail).
// Progress is reported, the AbortSignal honoured between messages; what was done before a
// cancel stays done. Messages whose bytes are not on this device are skipped and counted.
import { runFilters } from '../../filters/engine.js';
import type { FilterOutcome } from '../../filters/engine.js';
import { filterMessageFromParsed } from '../../filters/message.js';
import type { Filter } from '../../filters/model.js';
import type { MailParser } from '../../mail/types.js';
import { isUnparseable } from '../../mail/types.js';
import type { BuzonDb } from '../../store/db.js';
import { getBodies } from '../../store/repos/emails.js';
import { folderEmailIds } from '../../store/repos/filter-writes.js';
import type { FilterRunProgress, FilterRunReport } from '../filter-types.js';

/**
 * Messages read per batch and between progress reports: one bulk read of bodies, and a
 * progress line that moves a few times a second without a re-render per message.
 */
export const RUN_BATCH = 25;

export interface RunOpts {
  signal?: AbortSignal;
  onProgress?: (p: FilterRunProgress) => void;
}

export interface MatchWalkDeps {
  db: BuzonDb;
  parser: Pick<MailParser, 'parse'>;
}

/** Calls `onMatch` for each message of the folder the filter's conditions hold for. */
export async function walkFolder(
  deps: MatchWalkDeps,
  filter: Filter,
  folderId: string,
  opts: RunOpts,
  onMatch: (emailId: string, outcome: FilterOutcome) => Promise<void>,
): Promise<FilterRunReport> {
  // The user runs this one filter now: its active flag is about incoming mail only.
  const one = [{ ...filter, active: true }];
  const ids = await folderEmailIds(deps.db, folderId);
  const report: FilterRunReport = { examined: 0, matched: 0, skipped: 0, cancelled: false };
  opts.onProgress?.({ done: 0, total: ids.length });
  for (let start = 0; start < ids.length; start += RUN_BATCH) {
    const batch = ids.slice(start, start + RUN_BATCH);
    const bodies = await getBodies(deps.db, batch);
    for (const [i, id] of batch.entries()) {
      if (opts.signal?.aborted) return { ...report, cancelled: true };
      report.examined++;
      const raw = bodies[i];
      if (!raw) {
        report.skipped++;
        continue;
      }
      const parsed = await deps.parser.parse(raw);
      if (isUnparseable(parsed)) {
        report.skipped++;
        continue;
      }
      const message = filterMessageFromParsed(parsed, { size: raw.byteLength, isSpam: false });
      const outcome = runFilters(one, message);
      if (outcome.matched.length === 0) continue;
      report.matched++;
      await onMatch(id, outcome);
    }
    opts.onProgress?.({ done: Math.min(start + RUN_BATCH, ids.length), total: ids.length });
  }
  if (opts.signal?.aborted) return { ...report, cancelled: true };
  return report;
}
