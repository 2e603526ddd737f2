// The order a first build indexes messages in (ADR 0024): newest first across folders, so
// recent mail is searchable within seconds. Each folder's waiting messages are already
// newest first (its date index, read as keys only); folders are interleaved by runs: each
// run's first (newest) message is dated, and runs are taken newest first. Dating one
// message in RUN costs a few hundred row reads at 100k, where walking the date index's
// keys with a cursor for every message's date took seconds before the first batch.

/** Messages per run: the search runner's batch, so a batch is mostly one run. */
export const RUN = 50;

/**
 * `folders`: each folder's ids, newest first. `datesOf`: the received dates of some ids
 * (undefined for a message gone meanwhile). The ids of every folder, newest run first:
 * exact within a folder, and across folders to within one run.
 */
export async function newestFirstByRuns(
  folders: readonly (readonly string[])[],
  datesOf: (ids: readonly string[]) => Promise<(number | undefined)[]>,
): Promise<string[]> {
  const waiting = folders.filter((ids) => ids.length > 0);
  // One folder is in order already: nothing to date.
  if (waiting.length <= 1) return waiting.flat();
  const runs: { ids: readonly string[]; head: string }[] = [];
  for (const ids of waiting) {
    for (let at = 0; at < ids.length; at += RUN) {
      const run = ids.slice(at, at + RUN);
      runs.push({ ids: run, head: run[0] as string });
    }
  }
  const dates = await datesOf(runs.map((r) => r.head));
  const dated = runs.map((r, i) => ({ ...r, at: dates[i] ?? -Infinity }));
  // Stable: runs of one folder keep their order among equal dates.
  dated.sort((a, b) => b.at - a.at);
  return dated.flatMap((r) => r.ids);
}
