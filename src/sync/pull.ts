// Bringing the server's truth down (ARCHITECTURE.md § Sync): folders, then messages by
// bootstrap (a windowed listing, resumable) or by /changes from the stored state, with
// recovery when the server cannot calculate changes. Bodies come later (bodies.ts).
import type { Email, Mailbox } from '../protocol/jmap-mail.js';
import type { ChangesResponse, GetResponse } from '../protocol/jmap-methods.js';
import { applyMailboxList } from '../store/sync/apply-mailboxes.js';
import { applyEmailBatch } from '../store/sync/apply-emails.js';
import { listAllEmailIds, readState, writeState, writeStates } from '../store/sync/sync-state.js';
import type { ServerEmailPatch } from '../store/sync/apply-emails.js';
import { StateMismatchError } from '../store/sync/server-types.js';
import type { Invocation } from '../protocol/jmap-core.js';
import { BLOB_CAPABILITY } from '../protocol/jmap-blob.js';
import { belongsTo, unavailableAccountsOf } from '../protocol/jmap-partial.js';
import { fetchLean, startSlice } from './bootstrap-bytes.js';
import type { LeanRows, SliceRun } from './bootstrap-bytes.js';
import { toServerMailbox } from './convert.js';
import { MethodCallError, ServerError, unwrap } from './jmap-client.js';
import { windowStart, type PullContext } from './pull-context.js';
import {
  emails,
  getEmails,
  partialUsing,
  PROPERTIES,
  stateAndIds,
  stateAndIdsCalls,
  stateAndIdsFrom,
} from './pull-query.js';
import { recoverEmails, windowKey } from './pull-window.js';

/**
 * Ids per bootstrap slice when rows come with their bytes: the cursor is saved after
 * each, so a reload loses at most this much work (~10 MB of typical mail).
 */
const BYTES_SLICE = 2_000;
/**
 * The first slice is smaller: its lean rows are what the first byte download waits for
 * (the next slice's are asked for meanwhile), and 2,000 of them took ~180 ms at 10k where
 * 500 take a few tens, so the newest mail shows that much sooner.
 */
const FIRST_BYTES_SLICE = 500;
/** Changes per Email/changes call; more come with hasMoreChanges. */
const MAX_CHANGES = 2_000;
/**
 * What an "updated" message can have changed on the server (ids and bytes are
 * immutable): asking for just these lets the proxy fetch FLAGS alone.
 */
const PATCH_PROPERTIES = ['id', 'mailboxIds', 'keywords'];

/** The Email state and the listing a first download starts from (its cursor's). */
export interface FirstListing {
  state: string;
  ids: string[];
}

/** The answers to `changesCalls` from `since`: a page of /changes and its messages. */
export interface ChangesPage {
  since: string;
  responses: readonly Invocation[];
}

/** What the folders' request brought of the messages too, for `pullEmailChanges`. */
export interface EmailStart {
  /** Before a first download: its listing. */
  listing?: FirstListing;
  /** After it: the first page of changes since the stored state. */
  changes?: ChangesPage;
}

/** The accounts any of `responses` left out (their servers could not be reached). */
function leftOutBy(responses: readonly Invocation[]): string[] {
  return [...new Set(responses.flatMap(([, args]) => unavailableAccountsOf(args)))];
}

/**
 * Folders: the whole list when its state moved (folders are few). The same request asks
 * for the messages' first step too, one round trip less on the way to them: before a
 * first download the Email state and the listing's first page (`stateAndIds`), with one
 * folder listing on the server less; after it, the first page of /changes (a catch-up
 * after being offline is then one request). Returned for `pullEmailChanges`.
 */
export async function pullMailboxes(ctx: PullContext): Promise<EmailStart> {
  const known = await readState(ctx.db, 'Mailbox');
  const since = await readState(ctx.db, 'Email');
  const first = since === null && (await readState(ctx.db, 'EmailBootstrap')) === null;
  const after = windowStart(ctx);
  // Another account whose server is down may be left out, and is named (jmap-partial.ts).
  const using = await partialUsing(ctx);
  const responses = await ctx.client.request(
    [
      [
        'Mailbox/get',
        { accountId: ctx.accountId, ids: null, properties: ['id', 'name', 'parentId', 'role'] },
        'm',
      ],
      ...(first ? stateAndIdsCalls(ctx, after) : since !== null ? changesCalls(ctx, since) : []),
    ],
    ctx.signal,
    using,
  );
  const got = unwrap<GetResponse<Mailbox>>(responses[0], 'Mailbox/get');
  // Read (and any further pages asked for) before the folders are written: a failure
  // leaves nothing half done.
  const listing = first ? await stateAndIdsFrom(ctx, after, responses.slice(1), using) : null;
  if (got.state !== known) await applyMailboxes(ctx, got);
  const leftOut = leftOutBy(responses);
  if (leftOut.length > 0) ctx.onLeftOut?.(leftOut);
  if (listing) return { listing: { state: listing.state, ids: listing.ids } };
  return since !== null ? { changes: { since, responses: responses.slice(1) } } : {};
}

async function applyMailboxes(ctx: PullContext, got: GetResponse<Mailbox>): Promise<void> {
  // Every mailbox has an Inbox: a list with no folder at all is a server that cannot see
  // the mailbox right now (a share being withdrawn, a broken backend), never a reason to
  // delete everything here. The pass fails; the next one asks again (and the sync
  // service checks whether a shared mailbox is still shared).
  if (got.list.length === 0)
    throw new ServerError(
      'The server lists no folders for this mailbox; nothing was changed here.',
      502,
    );
  // The folders of an account left out are not gone: its server is down (jmap-partial.ts).
  const leftOut = unavailableAccountsOf(got);
  const conflicts = await applyMailboxList(ctx.db, got.list.map(toServerMailbox), got.state, {
    keepUnlisted: (serverId) => belongsTo(serverId, leftOut),
  });
  if (conflicts.length > 0) ctx.onConflicts(conflicts);
}

/** The folder and keywords of "updated" messages (PATCH_PROPERTIES). */
function patches(list: readonly Partial<Email>[]): ServerEmailPatch[] {
  const out: ServerEmailPatch[] = [];
  for (const e of list) {
    const mailboxId = Object.keys(e.mailboxIds ?? {})[0];
    if (e.id === undefined || mailboxId === undefined) continue;
    out.push({ id: e.id, mailboxId, keywords: { ...(e.keywords ?? {}) } });
  }
  return out;
}

/** `ask` once `first` has settled (at once without it); a failure is the caller's to see. */
function afterLean<T>(first: Promise<unknown> | null, ask: () => Promise<T>): Promise<T> {
  if (!first) return ask();
  const later = first.then(ask, ask);
  later.catch(() => undefined);
  return later;
}

interface BootstrapCursor {
  state: string;
  ids: string[];
  done: number;
}

/**
 * The first download: the state first (so /changes later catches whatever changes while
 * this runs), then the window's rows newest first. The cursor is saved after every batch,
 * so a reload or a Cancel resumes where it stopped.
 */
export async function bootstrapEmails(
  ctx: PullContext,
  listing: FirstListing | null = null,
): Promise<void> {
  const saved = await readState(ctx.db, 'EmailBootstrap');
  let cursor: BootstrapCursor;
  if (saved) cursor = JSON.parse(saved) as BootstrapCursor;
  else {
    const { state, ids } = listing ?? (await stateAndIds(ctx, windowStart(ctx)));
    cursor = { state, ids, done: 0 };
    await writeState(ctx.db, 'EmailBootstrap', JSON.stringify(cursor));
  }
  for (let relists = 0; ; relists++) {
    try {
      cursor = await downloadFrom(ctx, cursor);
      break;
    } catch (err) {
      const again = relists < MAX_RELISTS ? await relistWithout(ctx, err) : null;
      if (!again) throw err;
      cursor = again;
      await writeState(ctx.db, 'EmailBootstrap', JSON.stringify(cursor));
    }
  }
  // One transaction, not three: at the end of a 10k bootstrap each waited ~20 ms for its
  // turn behind the last batch's commit.
  await writeStates(ctx.db, { Email: cursor.state, Window: windowKey(ctx.windowDays) }, [
    'EmailBootstrap',
  ]);
}

/** New listings in one first download when other accounts' servers keep going away. */
const MAX_RELISTS = 3;

/**
 * Another account's server went away during the first download, after the listing named
 * its mail (its rows or bytes cannot be had now): the mailbox is listed again, without
 * that account (protocol/jmap-partial.ts), and the download goes on with what is not here
 * yet. The new state brings that account's mail once its server is back. Null when that
 * is not what happened (no account is left out now): the error stands.
 */
async function relistWithout(ctx: PullContext, err: unknown): Promise<BootstrapCursor | null> {
  if (!(err instanceof MethodCallError) || err.type !== 'serverUnavailable') return null;
  ctx.signal.throwIfAborted();
  const fresh = await stateAndIds(ctx, windowStart(ctx));
  if (fresh.leftOut.length === 0) return null;
  ctx.onLeftOut?.(fresh.leftOut);
  const here = new Set(await listAllEmailIds(ctx.db));
  return { state: fresh.state, ids: fresh.ids.filter((id) => !here.has(id)), done: 0 };
}

/** Downloads the cursor's ids from where it stopped; the cursor once all are here. */
async function downloadFrom(ctx: PullContext, from: BootstrapCursor): Promise<BootstrapCursor> {
  let cursor = from;
  const total = cursor.ids.length;
  ctx.onProgress(cursor.done, total);
  /** Saves how far the download got (a reload or Cancel resumes there). */
  const setDone = async (done: number) => {
    cursor = { ...cursor, done };
    await writeState(ctx.db, 'EmailBootstrap', JSON.stringify(cursor));
    ctx.onProgress(done, total);
  };
  const session = await ctx.client.session();
  if (ctx.parser && BLOB_CAPABILITY in session.capabilities) {
    // Rows and bytes together, one write per message (bootstrap-bytes.ts).
    const parser = ctx.parser;
    const sliceAt = (start: number) =>
      cursor.ids.slice(start, start + (start === 0 ? FIRST_BYTES_SLICE : BYTES_SLICE));
    // The next slice's lean rows are asked for as this slice starts, and its bytes once
    // this slice's last batch has its own (bootstrap-bytes.ts): downloads follow one
    // another across slices while the page writes.
    let next: SliceRun | null = null;
    while (cursor.done < total) {
      ctx.signal.throwIfAborted();
      const start = cursor.done;
      const slice = sliceAt(start);
      // A slice started here (the first): the next one's lean rows wait for its own, which
      // the first download waits for.
      const lean: Promise<LeanRows> | null = next ? null : fetchLean(ctx, slice);
      const run: SliceRun = next ?? startSlice(ctx, parser, slice, lean ?? undefined);
      const after = start + slice.length;
      const nextIds = after < total ? sliceAt(after) : null;
      const nextLean: Promise<LeanRows> | null = nextIds
        ? afterLean(lean, () => fetchLean(ctx, nextIds))
        : null;
      const nextRun: Promise<SliceRun> | null =
        nextIds && nextLean
          ? run.downloaded.then(() => startSlice(ctx, parser, nextIds, nextLean))
          : null;
      nextRun?.catch(() => undefined);
      let stored = 0;
      await run.finish((n) => {
        stored += n;
        ctx.onProgress(start + stored, total);
      });
      next = nextRun ? await nextRun : null;
      // The whole slice is done: ids that vanished meanwhile are gone for good. After the
      // last one, the cursor goes with the states written by the caller.
      if (after < total) await setDone(after);
      else {
        cursor = { ...cursor, done: after };
        ctx.onProgress(after, total);
      }
    }
  } else {
    const base = cursor.done;
    await getEmails(ctx, cursor.ids.slice(base), async (list, notFound, done) => {
      const result = await applyEmailBatch(ctx.db, {
        upserts: list,
        destroyed: notFound,
        expectNew: true,
        now: ctx.now(),
      });
      if (result.conflicts.length > 0) ctx.onConflicts(result.conflicts);
      await setDone(base + done);
    });
  }
  return cursor;
}

/** A page of /changes since `since`, with the new messages whole and the updated ones' patches. */
function changesCalls(ctx: PullContext, since: string): Invocation[] {
  const ref = (path: string) => ({ resultOf: 'c', name: 'Email/changes', path });
  return [
    [
      'Email/changes',
      { accountId: ctx.accountId, sinceState: since, maxChanges: MAX_CHANGES },
      'c',
    ],
    [
      'Email/get',
      { accountId: ctx.accountId, '#ids': ref('/created'), properties: PROPERTIES },
      'n',
    ],
    [
      'Email/get',
      { accountId: ctx.accountId, '#ids': ref('/updated'), properties: PATCH_PROPERTIES },
      'u',
    ],
  ];
}

/**
 * Incremental: /changes from the stored state until the server has no more, starting
 * from the page `pullMailboxes` brought when it is from that state. Without a state, the
 * first download (from the listing `pullMailboxes` brought, if any).
 */
export async function pullEmailChanges(
  ctx: PullContext,
  { listing, changes: brought }: EmailStart = {},
): Promise<void> {
  const start = windowStart(ctx);
  let page = brought ?? null;
  for (;;) {
    ctx.signal.throwIfAborted();
    const since = await readState(ctx.db, 'Email');
    if (since === null) return bootstrapEmails(ctx, listing ?? null);
    // Another tab may have moved the state since that page was asked for.
    const responses: readonly Invocation[] =
      page?.since === since
        ? page.responses
        : await ctx.client.request(changesCalls(ctx, since), ctx.signal);
    page = null;
    let changes: ChangesResponse;
    try {
      changes = unwrap<ChangesResponse>(responses[0], 'Email/changes');
    } catch (err) {
      if (err instanceof MethodCallError && err.type === 'cannotCalculateChanges') {
        return recoverEmails(ctx);
      }
      throw err;
    }
    const created = unwrap<GetResponse<Email>>(responses[1], 'Email/get');
    const updated = unwrap<GetResponse<Email>>(responses[2], 'Email/get');
    try {
      const result = await applyEmailBatch(ctx.db, {
        upserts: emails(created.list),
        patches: patches(updated.list),
        destroyed: [...changes.destroyed, ...created.notFound, ...updated.notFound],
        oldState: changes.oldState,
        newState: changes.newState,
        ...(start !== undefined ? { windowStart: start } : {}),
        incoming: ctx.queueIncoming === true,
        now: ctx.now(),
      });
      // Updated messages not on this device (never synced): fetch them whole; the window
      // decides whether they are kept.
      if (result.unknown.length > 0) {
        await getEmails(ctx, result.unknown, async (list, notFound) => {
          const more = await applyEmailBatch(ctx.db, {
            upserts: list,
            destroyed: notFound,
            ...(start !== undefined ? { windowStart: start } : {}),
            now: ctx.now(),
          });
          if (more.conflicts.length > 0) ctx.onConflicts(more.conflicts);
        });
      }
      if (result.conflicts.length > 0) ctx.onConflicts(result.conflicts);
    } catch (err) {
      // Another tab applied these changes first: read the state again and carry on.
      if (err instanceof StateMismatchError) continue;
      throw err;
    }
    if (!changes.hasMoreChanges) return;
  }
}
