// Sending queued local changes (ARCHITECTURE.md § Sync, ADR 0012): due ops become one
// JMAP request (Mailbox/set, then Email/set), and each item's answer decides its op's
// fate — done, retried later with backoff, or refused (the user is told and the message
// goes back to the server's truth). Folder creates come first: a change that names a
// folder the server does not have yet waits for the next round.
import type { Invocation } from '../protocol/jmap-core.js';
import type { SetError, SetResponse } from '../protocol/jmap-methods.js';
import type { OpRecord } from '../store/records.js';
import { localToServer } from '../store/sync/apply-mailboxes.js';
import { applyEmailBatch } from '../store/sync/apply-emails.js';
import {
  deleteFolderIfEmpty,
  listMailboxRecords,
  opsMovingInto,
  subjectsOf,
} from '../store/sync/lookup.js';
import { getEmails as getRows } from '../store/repos/emails.js';
import { getBodyOrNull } from '../store/sync/bodies.js';
import {
  completeOps,
  dropOps,
  journalDestroy,
  listDueOps,
  rekeyEmail,
  retryOpsLater,
  setMailboxServerId,
} from '../store/sync/ops.js';
import type { Conflict } from '../store/sync/server-types.js';
import type { JmapClient } from './jmap-client.js';
import { MethodCallError, ServerError, unwrap } from './jmap-client.js';
import type { PullContext } from './pull-context.js';
import { getEmails, partialUsing } from './pull-query.js';
import { calls, plan, type Round } from './push-plan.js';

/** Ops per round: well under the proxy's maxObjectsInSet (500). */
const OPS_PER_ROUND = 200;
/** Rounds per push: creates then the changes that waited for them, with room to spare. */
const MAX_ROUNDS = 6;

/** Method errors that will not go away by retrying: the ops are refused. */
const PERMANENT_METHOD_ERRORS = new Set(['invalidArguments', 'forbidden', 'accountReadOnly']);

/**
 * `later`: the item belongs to another IMAP account whose server cannot be reached now
 * (protocol/jmap-partial.ts): sent again after a backoff, like a failed request.
 */
type Outcome = 'done' | 'refused' | 'gone' | 'later';

function outcomeOf(error: SetError): Outcome {
  if (error.type === 'notFound') return 'gone';
  return error.type === 'serverUnavailable' ? 'later' : 'refused';
}

function outcomes(res: SetResponse<unknown>): Map<string, { outcome: Outcome; error?: SetError }> {
  const out = new Map<string, { outcome: Outcome; error?: SetError }>();
  for (const id of Object.keys(res.created ?? {})) out.set(id, { outcome: 'done' });
  for (const id of Object.keys(res.updated ?? {})) out.set(id, { outcome: 'done' });
  for (const id of res.destroyed ?? []) out.set(id, { outcome: 'done' });
  const failed = { ...res.notCreated, ...res.notUpdated, ...res.notDestroyed } as Record<
    string,
    SetError
  >;
  for (const [id, error] of Object.entries(failed)) {
    out.set(id, { outcome: outcomeOf(error), error });
  }
  return out;
}

export interface PushResult {
  sent: number;
  /** Emails whose truth must be fetched again (refused or orphaned changes). */
  refetch: string[];
}

/**
 * Sends what is due. Network and server failures propagate (the caller decides: offline,
 * signed out, retry); per-item refusals become conflicts.
 */
export async function pushOps(ctx: PullContext): Promise<PushResult> {
  const result: PushResult = { sent: 0, refetch: [] };
  for (let i = 0; i < MAX_ROUNDS; i++) {
    const due = await listDueOps(ctx.db, ctx.now(), OPS_PER_ROUND);
    if (due.length === 0) break;
    const mailboxes = await listMailboxRecords(ctx.db);
    const { round, orphans } = plan(due, mailboxes);
    if (orphans.length > 0) await refuse(ctx, orphans, 'its folder is gone', result);
    const request = calls(ctx.accountId, round);
    const importCall = await uploadImports(ctx, round, result);
    if (importCall) request.push(importCall);
    if (request.length === 0) break;
    // Changes for an account whose server is down wait; the others go now.
    const responses = await ctx.client.request(request, ctx.signal, await partialUsing(ctx));
    const sentNow = [...round.carriers.values()].flat();
    for (const [name, args, callId] of responses) {
      const carriersOf = (key: string) => round.carriers.get(key) ?? [];
      const mine = sentNow.filter((r) => callOf(r) === callId);
      let set: SetResponse<{ id: string }>;
      try {
        set = unwrap<SetResponse<{ id: string }>>([name, args, callId], name);
      } catch (err) {
        if (err instanceof MethodCallError && PERMANENT_METHOD_ERRORS.has(err.type)) {
          await refuse(ctx, mine, err.message, result);
        } else {
          await retryOpsLater(
            ctx.db,
            mine,
            err instanceof Error ? err.message : String(err),
            ctx.now(),
          );
        }
        continue;
      }
      for (const [key, { outcome, error }] of outcomes(set)) {
        const recs = carriersOf(key);
        if (outcome === 'done') {
          if (callId === 'm' && key.startsWith('c')) {
            const created = set.created?.[key];
            const target = recs[0]?.target;
            if (created?.id !== undefined && target !== undefined) {
              await setMailboxServerId(ctx.db, target, created.id);
            }
          }
          if (callId === 'i') await imported(ctx, recs, set.created?.[key]);
          await completeOps(ctx.db, recs);
          result.sent += recs.length;
        } else if (outcome === 'later') {
          await retryOpsLater(ctx.db, recs, error?.description ?? 'server unavailable', ctx.now());
        } else if (outcome === 'gone' && recs.every((r) => r.op.kind.endsWith('-destroy'))) {
          await completeOps(ctx.db, recs); // already deleted: what was asked is true
        } else {
          await refuse(ctx, recs, error?.description ?? error?.type ?? 'refused', result, outcome);
        }
      }
    }
    if (round.skipped === 0 && due.length < OPS_PER_ROUND) break;
  }
  if (result.refetch.length > 0) await refetchTruth(ctx, result.refetch);
  return result;
}

/** Which call of the request carries an op. */
function callOf(rec: OpRecord): 'm' | 'e' | 'i' {
  if (rec.op.kind === 'email-import' || rec.op.kind === 'email-replace') return 'i';
  return rec.op.kind.startsWith('mailbox-') ? 'm' : 'e';
}

/**
 * Uploads the bytes of this round's imports and returns the Email/import call for them.
 * A message whose bytes are missing or too big for the server is refused (it stays on
 * this device, and the user is told).
 */
async function uploadImports(
  ctx: PullContext,
  round: Round,
  result: PushResult,
): Promise<Invocation | null> {
  if (round.imports.length === 0) return null;
  const sid = localToServer(await listMailboxRecords(ctx.db));
  const emails: Record<string, unknown> = {};
  for (const rec of round.imports) {
    const target = await importTarget(ctx, rec, sid);
    if (!target) continue; // its folder is not on the server yet: a later round
    const raw = await getBodyOrNull(ctx.db, rec.target);
    let blobId: string;
    try {
      if (!raw) throw new ServerError('its bytes are not on this device', 404);
      blobId = await ctx.client.upload(raw, 'message/rfc822', ctx.signal);
    } catch (err) {
      if (!(err instanceof ServerError) || err.status >= 500) throw err;
      await refuse(ctx, [rec], err.message, result);
      continue;
    }
    const key = `i${rec.seq}`;
    emails[key] = {
      blobId,
      mailboxIds: { [target.mailboxId]: true },
      keywords: target.keywords,
      receivedAt: new Date(target.receivedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    round.carriers.set(key, [rec]);
  }
  if (Object.keys(emails).length === 0) return null;
  return ['Email/import', { accountId: ctx.accountId, emails }, 'i'];
}

/** Where an import or a replacement goes on the server, with its keywords and date. */
async function importTarget(
  ctx: PullContext,
  rec: OpRecord,
  sid: ReadonlyMap<string, string>,
): Promise<{ mailboxId: string; keywords: Record<string, true>; receivedAt: number } | null> {
  const op = rec.op;
  if (op.kind === 'email-import') {
    const mailboxId = sid.get(op.mailboxId);
    return mailboxId ? { mailboxId, keywords: op.keywords, receivedAt: op.receivedAt } : null;
  }
  const [row] = await getRows(ctx.db, [rec.target]);
  const mailboxId = row ? sid.get(row.mailboxId) : undefined;
  if (!row || !mailboxId) return null;
  const keywords = Object.fromEntries(Object.keys(row.keywords).map((k) => [k, true as const]));
  return { mailboxId, keywords, receivedAt: row.receivedAt };
}

/** An import the server took: the row takes the server's id (or, gone meanwhile, is deleted there). */
async function imported(
  ctx: PullContext,
  recs: readonly OpRecord[],
  created: { id?: string; blobId?: string; threadId?: string } | undefined,
): Promise<void> {
  const rec = recs[0];
  if (!rec || created?.id === undefined) return;
  const previous = rec.target;
  const kept = await rekeyEmail(
    ctx.db,
    previous,
    created.id,
    { blobId: created.blobId ?? created.id, threadId: created.threadId ?? created.id },
    ctx.now(),
  );
  if (!kept) await journalDestroy(ctx.db, created.id);
  // A replacement (ATTACH-4): the old server message goes; already gone is fine.
  if (rec.op.kind === 'email-replace') {
    await ctx.client.call(
      'Email/set',
      { accountId: ctx.accountId, destroy: [previous] },
      ctx.signal,
    );
  }
}

/** The server said no for good: drop the ops, tell the user, go back to the truth. */
async function refuse(
  ctx: PullContext,
  recs: readonly OpRecord[],
  detail: string,
  result: PushResult,
  outcome: Outcome = 'refused',
): Promise<void> {
  if (recs.length === 0) return;
  await dropOps(
    ctx.db,
    recs.map((r) => r.seq as number),
  );
  const emailIds = recs.filter((r) => r.op.kind.startsWith('email-')).map((r) => r.target);
  const subjects = await subjectsOf(ctx.db, emailIds);
  const mailboxes = new Map((await listMailboxRecords(ctx.db)).map((m) => [m.id, m.name]));
  const conflicts: Conflict[] = recs.map((r) => ({
    kind:
      outcome === 'gone'
        ? r.op.kind.startsWith('email-')
          ? 'deleted-elsewhere'
          : 'folder-gone'
        : 'refused',
    target: r.target,
    label: r.op.kind.startsWith('email-')
      ? (subjects.get(r.target) ?? '')
      : (mailboxes.get(r.target) ?? ''),
    detail,
  }));
  ctx.onConflicts(conflicts);
  result.refetch.push(...emailIds);
  for (const r of recs) {
    if (r.op.kind !== 'mailbox-create') continue;
    // Messages moved into a folder the server will not have go back where they are.
    const moves = await opsMovingInto(ctx.db, r.target);
    await dropOps(
      ctx.db,
      moves.map((m) => m.seq as number),
    );
    result.refetch.push(...moves.map((m) => m.target));
    await refetchTruth(
      ctx,
      moves.map((m) => m.target),
    );
    await deleteFolderIfEmpty(ctx.db, r.target);
  }
}

/** Messages whose local change was refused show the server's truth again. */
async function refetchTruth(ctx: PullContext, ids: readonly string[]): Promise<void> {
  await getEmails(ctx, [...new Set(ids)], async (list, notFound) => {
    await applyEmailBatch(ctx.db, { upserts: list, destroyed: notFound, now: ctx.now() });
  });
}

export type { JmapClient };
