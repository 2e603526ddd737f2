// Bringing the server's truth down (ARCHITECTURE.md § Sync): folders, then messages by
// bootstrap (a windowed listing, resumable) or by /changes from the stored state, with
// recovery when the server cannot calculate changes. Bodies come later (bodies.ts).
import type { Email, Mailbox } from '../protocol/jmap-mail.js';
import { EMAIL_METADATA_PROPERTIES } from '../protocol/jmap-mail.js';
import type { ChangesResponse, GetResponse, QueryResponse } from '../protocol/jmap-methods.js';
import type { BuzonDb } from '../store/db.js';
import { applyMailboxList } from '../store/sync/apply-mailboxes.js';
import {
  applyEmailBatch,
  clearState,
  evictOlderThan,
  listAllEmailIds,
  readState,
  writeState,
} from '../store/sync/apply-emails.js';
import type { Conflict, ServerEmail } from '../store/sync/server-types.js';
import type { ServerEmailPatch } from '../store/sync/apply-emails.js';
import { StateMismatchError } from '../store/sync/server-types.js';
import type { Invocation } from '../protocol/jmap-core.js';
import { BLOB_CAPABILITY } from '../protocol/jmap-blob.js';
import type { MailParser } from '../mail/types.js';
import { bootstrapSlice } from './bootstrap-bytes.js';
import { toServerEmail, toServerMailbox } from './convert.js';
import type { JmapClient } from './jmap-client.js';
import { MethodCallError, unwrap } from './jmap-client.js';

/** Ids per Email/get: the proxy's maxObjectsInGet (protocol/limits.ts). */
const GET_CHUNK = 500;
/** Email/get calls chained in one request: 4,000 rows a round trip, ~2 MB of JSON. */
const GETS_PER_REQUEST = 8;
/** Ids per Email/query page (the proxy's MAX_QUERY_LIMIT). */
const QUERY_PAGE = 10_000;
/**
 * Ids per bootstrap slice when rows come with their bytes: the cursor is saved after
 * each, so a reload loses at most this much work (~10 MB of typical mail).
 */
const BYTES_SLICE = 2_000;
/** Changes per Email/changes call; more come with hasMoreChanges. */
const MAX_CHANGES = 2_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PullContext {
  db: BuzonDb;
  client: JmapClient;
  accountId: string;
  now: () => number;
  /** null = everything. */
  windowDays: number | null;
  signal: AbortSignal;
  /**
   * Parses bytes that come with rows (the bootstrap with Blob/get); without it the
   * bootstrap fetches metadata rows and leaves bytes to the body queue.
   */
  parser?: MailParser;
  onProgress: (done: number, total: number) => void;
  onConflicts: (c: Conflict[]) => void;
}

const PROPERTIES = [...EMAIL_METADATA_PROPERTIES];
/**
 * What an "updated" message can have changed on the server (ids and bytes are
 * immutable): asking for just these lets the proxy fetch FLAGS alone.
 */
const PATCH_PROPERTIES = ['id', 'mailboxIds', 'keywords'];

export function windowStart(ctx: Pick<PullContext, 'now' | 'windowDays'>): number | undefined {
  return ctx.windowDays === null ? undefined : ctx.now() - ctx.windowDays * DAY_MS;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Folders: the whole list when its state moved (folders are few). */
export async function pullMailboxes(ctx: PullContext): Promise<void> {
  const known = await readState(ctx.db, 'Mailbox');
  const got = await ctx.client.call<GetResponse<Mailbox>>(
    'Mailbox/get',
    { accountId: ctx.accountId, ids: null, properties: ['id', 'name', 'parentId', 'role'] },
    ctx.signal,
  );
  if (got.state === known) return;
  const conflicts = await applyMailboxList(ctx.db, got.list.map(toServerMailbox), got.state);
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

function emails(list: readonly Email[]): ServerEmail[] {
  return list.map(toServerEmail).filter((e): e is ServerEmail => e !== null);
}

/** Email/get of many ids, GETS_PER_REQUEST chunks per round trip. */
export async function getEmails(
  ctx: PullContext,
  ids: readonly string[],
  each: (list: ServerEmail[], notFound: string[], done: number) => Promise<void>,
): Promise<void> {
  const perRequest = GET_CHUNK * GETS_PER_REQUEST;
  for (let start = 0; start < ids.length; start += perRequest) {
    ctx.signal.throwIfAborted();
    const slice = ids.slice(start, start + perRequest);
    const calls: Invocation[] = [];
    for (let i = 0; i < slice.length; i += GET_CHUNK) {
      calls.push([
        'Email/get',
        { accountId: ctx.accountId, ids: slice.slice(i, i + GET_CHUNK), properties: PROPERTIES },
        `g${i}`,
      ]);
    }
    const responses = await ctx.client.request(calls, ctx.signal);
    const list: Email[] = [];
    const notFound: string[] = [];
    for (const r of responses) {
      const got = unwrap<GetResponse<Email>>(r, 'Email/get');
      list.push(...got.list);
      notFound.push(...got.notFound);
    }
    await each(emails(list), notFound, start + slice.length);
  }
}

async function emailState(ctx: PullContext): Promise<string> {
  const got = await ctx.client.call<GetResponse<Email>>(
    'Email/get',
    { accountId: ctx.accountId, ids: [], properties: ['id'] },
    ctx.signal,
  );
  return got.state;
}

/** Every id received in [after, before), newest first (either bound may be open). */
async function queryIds(
  ctx: PullContext,
  after: number | undefined,
  before?: number,
): Promise<string[]> {
  const ids: string[] = [];
  const filter: Record<string, string> = {};
  if (after !== undefined) filter['after'] = isoDate(after);
  if (before !== undefined) filter['before'] = isoDate(before);
  for (;;) {
    ctx.signal.throwIfAborted();
    const page = await ctx.client.call<QueryResponse>(
      'Email/query',
      {
        accountId: ctx.accountId,
        ...(Object.keys(filter).length > 0 ? { filter } : {}),
        sort: [{ property: 'receivedAt', isAscending: false }],
        position: ids.length,
        limit: QUERY_PAGE,
        calculateTotal: true,
      },
      ctx.signal,
    );
    ids.push(...page.ids);
    if (page.ids.length === 0 || (page.total !== undefined && ids.length >= page.total)) break;
  }
  return ids;
}

/** The window as stored: days, or "all". */
function windowKey(days: number | null): string {
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
  const oldStart = had === null || had === 'all' ? undefined : ctx.now() - Number(had) * DAY_MS;
  const grows =
    had !== null && had !== 'all' && (newStart === undefined || newStart < (oldStart ?? 0));
  if (grows) {
    const ids = await queryIds(ctx, newStart, oldStart);
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
  } else if (had !== null && newStart !== undefined) {
    await evictOlderThan(ctx.db, newStart);
  }
  await writeState(ctx.db, 'Window', want);
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
export async function bootstrapEmails(ctx: PullContext): Promise<void> {
  const saved = await readState(ctx.db, 'EmailBootstrap');
  let cursor: BootstrapCursor;
  if (saved) cursor = JSON.parse(saved) as BootstrapCursor;
  else {
    const state = await emailState(ctx);
    cursor = { state, ids: await queryIds(ctx, windowStart(ctx)), done: 0 };
    await writeState(ctx.db, 'EmailBootstrap', JSON.stringify(cursor));
  }
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
    while (cursor.done < total) {
      ctx.signal.throwIfAborted();
      const start = cursor.done;
      const slice = cursor.ids.slice(start, start + BYTES_SLICE);
      let stored = 0;
      await bootstrapSlice(ctx, parser, slice, (n) => {
        stored += n;
        ctx.onProgress(start + stored, total);
      });
      // The whole slice is done: ids that vanished meanwhile are gone for good.
      await setDone(start + slice.length);
    }
  } else {
    const base = cursor.done;
    await getEmails(ctx, cursor.ids.slice(base), async (list, notFound, done) => {
      const result = await applyEmailBatch(ctx.db, {
        upserts: list,
        destroyed: notFound,
        now: ctx.now(),
      });
      if (result.conflicts.length > 0) ctx.onConflicts(result.conflicts);
      await setDone(base + done);
    });
  }
  await writeState(ctx.db, 'Email', cursor.state);
  await writeState(ctx.db, 'Window', windowKey(ctx.windowDays));
  await clearState(ctx.db, 'EmailBootstrap');
}

/**
 * `cannotCalculateChanges`: list what the server has now, drop what it no longer has,
 * refresh the rest. Bodies and pending ops stay (a refreshed row keeps its body, and
 * the ops are replayed over the new truth).
 */
export async function recoverEmails(ctx: PullContext): Promise<void> {
  const state = await emailState(ctx);
  const serverIds = await queryIds(ctx, undefined);
  const present = new Set(serverIds);
  const localIds = await listAllEmailIds(ctx.db);
  const destroyed = localIds.filter((id) => !present.has(id));
  const start = windowStart(ctx);
  // Refresh what is here and still there, and add what the window now holds.
  const inWindow = start === undefined ? serverIds : await queryIds(ctx, start);
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

/** Incremental: /changes from the stored state until the server has no more. */
export async function pullEmailChanges(ctx: PullContext): Promise<void> {
  const start = windowStart(ctx);
  for (;;) {
    ctx.signal.throwIfAborted();
    const since = await readState(ctx.db, 'Email');
    if (since === null) return bootstrapEmails(ctx);
    const ref = (path: string) => ({ resultOf: 'c', name: 'Email/changes', path });
    const responses: Invocation[] = await ctx.client.request(
      [
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
      ],
      ctx.signal,
    );
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
