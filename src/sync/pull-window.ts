// The offline window changing, and recovery when the server cannot say what changed.
import { applyEmailBatch } from '../store/sync/apply-emails.js';
import {
  evictOlderThan,
  listAllEmailIds,
  readState,
  writeState,
} from '../store/sync/sync-state.js';
import { daysBefore, windowStart, type PullContext } from './pull-context.js';
import { belongsTo } from '../protocol/jmap-partial.js';
import { getEmails, partialQueryIds, stateAndIds } from './pull-query.js';

/** The window as stored: days, or "all". */
export function windowKey(days: number | null): string {
  return days === null ? 'all' : String(days);
}

/**
 * The user chose another offline window: a longer one downloads what it now covers
 * (rows now, bodies after), a shorter one lets older messages go from this device.
 */
export async function reconcileWindow(ctx: PullContext): Promise<void> {
  const want = windowKey(ctx.windowDays);
  const had = await readState(ctx.db, 'Window');
  if (had === want) return;
  const newStart = windowStart(ctx);
  const oldStart = had === null || had === 'all' ? undefined : daysBefore(ctx.now(), Number(had));
  const grows =
    had !== null && had !== 'all' && (newStart === undefined || newStart < (oldStart ?? 0));
  if (grows) {
    // Another account whose server is down is left out (jmap-partial.ts): the rest grows
    // now, and the window is written only once every account has been listed, so the next
    // pass lists again and fetches what is still missing.
    const listed = await partialQueryIds(ctx, newStart, 'any', oldStart);
    if (listed.leftOut.length > 0) ctx.onLeftOut?.(listed.leftOut);
    const have = listed.leftOut.length > 0 ? new Set(await listAllEmailIds(ctx.db)) : null;
    const ids = have ? listed.ids.filter((id) => !have.has(id)) : listed.ids;
    ctx.onProgress(0, ids.length);
    await getEmails(ctx, ids, async (list, notFound, done) => {
      const result = await applyEmailBatch(ctx.db, {
        upserts: list,
        destroyed: notFound,
        ...(newStart !== undefined ? { windowStart: newStart } : {}),
        now: ctx.now(),
      });
      if (result.conflicts.length > 0) ctx.onConflicts(result.conflicts);
      ctx.onProgress(done, ids.length);
    });
    if (have) return;
  } else if (had !== null && newStart !== undefined) {
    await evictOlderThan(ctx.db, newStart);
  }
  await writeState(ctx.db, 'Window', want);
}

/**
 * `cannotCalculateChanges`: list what the server has now, drop what it no longer has,
 * refresh the rest. Bodies and pending ops stay (a refreshed row keeps its body, and
 * the ops are replayed over the new truth). Mail of another account whose server is down
 * is not in the listing and stays as it is here (protocol/jmap-partial.ts): the state
 * written brings it up to date once that server is back.
 */
export async function recoverEmails(ctx: PullContext): Promise<void> {
  const { state, ids: serverIds, leftOut } = await stateAndIds(ctx, undefined);
  if (leftOut.length > 0) ctx.onLeftOut?.(leftOut);
  const present = new Set(serverIds);
  const localIds = (await listAllEmailIds(ctx.db)).filter((id) => !belongsTo(id, leftOut));
  const destroyed = localIds.filter((id) => !present.has(id));
  const start = windowStart(ctx);
  // Refresh what is here and still there, and add what the window now holds.
  const inWindow =
    start === undefined ? serverIds : (await partialQueryIds(ctx, start, leftOut)).ids;
  const wanted = [...new Set([...inWindow, ...localIds.filter((id) => present.has(id))])];
  await applyEmailBatch(ctx.db, { upserts: [], destroyed, now: ctx.now() });
  await getEmails(ctx, wanted, async (list, notFound) => {
    const result = await applyEmailBatch(ctx.db, {
      upserts: list,
      destroyed: notFound,
      ...(start !== undefined ? { windowStart: start } : {}),
      now: ctx.now(),
    });
    if (result.conflicts.length > 0) ctx.onConflicts(result.conflicts);
  });
  await writeState(ctx.db, 'Email', state);
}
