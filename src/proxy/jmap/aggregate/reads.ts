// The reading methods over several backends (ADR 0016): a /get asks each backend for its
// own ids and prefixes what comes back; a /changes asks each backend from its part of the
// composite state; Email/query merges the backends' ordered rows.
import type { Args } from '../args.js';
import { checkAccount, getIds } from '../args.js';
import { blobGet } from '../blob-get.js';
import { emailChanges } from '../email-changes.js';
import { emailGet } from '../email-get.js';
import {
  newestFirst,
  parseQueryArgs,
  queryRows,
  queryWindow,
  type QueryRow,
} from '../email-query.js';
import { cannotCalculate, changesArgs, checkMax } from '../mailbox-changes.js';
import { threadChanges } from '../thread-changes.js';
import { threadGet } from '../thread-get.js';
import { UNAVAILABLE_ACCOUNTS } from '../../../protocol/jmap-partial.js';
import { digest } from '../../imap/ids.js';
import type { Backend, Backends } from './backends.js';
import { argsFor, groupIds, OWN, reach, splitId, whyDown, wireId, wireIds } from './backends.js';
import { composeState, NOT_LISTED, splitState } from './state.js';

type Method = (args: Args, ctx: Backend['ctx']) => Promise<Args>;

/** The Email state a backend last handed out (states are remembered in order). */
export function lastState(backend: Backend): string {
  return [...backend.cache.emailStates.keys()].at(-1) ?? '';
}

/** An Email as the client sees it: its ids, blob, thread and folders prefixed. */
export function wireEmail(key: string, e: Args): Args {
  if (key === OWN) return e;
  const out: Args = { ...e };
  for (const p of ['id', 'blobId', 'threadId'] as const)
    if (typeof e[p] === 'string') out[p] = wireId(key, e[p]);
  if (typeof e['mailboxIds'] === 'object' && e['mailboxIds'] !== null) {
    out['mailboxIds'] = Object.fromEntries(
      Object.entries(e['mailboxIds'] as Args).map(([k, v]) => [wireId(key, k), v]),
    );
  }
  return out;
}

const wireThread = (key: string, t: Args): Args =>
  key === OWN
    ? t
    : {
        ...t,
        id: wireId(key, String(t['id'])),
        ...('emailIds' in t ? { emailIds: wireIds(key, t['emailIds']) } : {}),
      };

const wireBlob = (key: string, blob: Args): Args =>
  key === OWN ? blob : { ...blob, id: wireId(key, String(blob['id'])) };

/**
 * A /get over the asked ids' backends. Only the backends named are asked, so a server
 * that is down fails only the calls that need it. `state` is composed from every
 * backend's state when the method answers one; an account whose server is down and was
 * asked nothing has the part NOT_LISTED, and is named in `unavailableAccounts` to a
 * client that reads it (protocol/jmap-partial.ts).
 */
async function partitionedGet(
  args: Args,
  b: Backends,
  method: Method,
  wire: (key: string, item: Args) => Args,
  ids: readonly string[],
  /**
   * Ids of an account whose server is down are neither found nor notFound but named in
   * `unavailableAccounts`, for a client that reads it (else the call fails).
   */
  idsMayWait = false,
): Promise<Args> {
  const groups = groupIds(ids);
  const found = new Map<string, Args>();
  const notFound = new Set<string>(ids.filter((id) => splitId(id).inner === null));
  const parts: { backend: Backend; state: string | undefined }[] = [];
  const leftOut: string[] = [];
  for (const backend of b.all) {
    const group = groups.get(backend.key);
    // Every backend is asked, with no ids if none are its: the state covers them all.
    const got = await reach(b, backend, () =>
      method(argsFor(backend, args, { ids: group?.inner ?? [] }), backend.ctx),
    );
    if (got === null) {
      if (group && !(idsMayWait && b.partial)) throw whyDown(b, backend);
      parts.push({ backend, state: NOT_LISTED });
      leftOut.push(backend.key);
      continue;
    }
    for (const item of got['list'] as Args[]) {
      const shown = wire(backend.key, item);
      found.set(String(shown['id']), shown);
    }
    for (const id of wireIds(backend.key, got['notFound'])) notFound.add(id);
    parts.push({ backend, state: typeof got['state'] === 'string' ? got['state'] : undefined });
  }
  for (const [key] of groups)
    if (!b.get(key)) for (const id of groups.get(key)?.wire ?? []) notFound.add(id);
  // A method that answers states answers the user's own (never left out).
  const stated = parts[0]?.state !== undefined;
  return {
    accountId: b.own.accountId,
    ...(stated
      ? { state: composeState(parts.map((p) => ({ backend: p.backend, state: p.state ?? '' }))) }
      : {}),
    list: ids.flatMap((id) => found.get(id) ?? []),
    notFound: ids.filter((id) => notFound.has(id) && !found.has(id)),
    ...leftOutOf(b, stated || idsMayWait ? leftOut : []),
  };
}

/** `unavailableAccounts` for a client that reads it, when some account was left out. */
function leftOutOf(b: Backends, leftOut: readonly string[]): Args {
  return b.partial && leftOut.length > 0 ? { [UNAVAILABLE_ACCOUNTS]: [...leftOut] } : {};
}

export async function aggregateEmailGet(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const ids = getIds(args);
  // Email/get without ids is refused by the facade itself; let it say so.
  if (ids === null) return emailGet(args, b.own);
  return partitionedGet(args, b, emailGet, wireEmail, ids);
}

export async function aggregateThreadGet(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const ids = getIds(args);
  if (ids === null) return threadGet(args, b.own);
  return partitionedGet(args, b, threadGet, wireThread, ids);
}

export async function aggregateBlobGet(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const ids = Array.isArray(args['ids']) ? (args['ids'] as string[]) : [];
  // Bodies of an account whose server is down wait (the client asks again later).
  return partitionedGet(args, b, blobGet, wireBlob, [...new Set(ids)], true);
}

/**
 * A /changes over every backend from its part of `sinceState`. Another account whose
 * server is down has no news: its part stays, so its changes come once it is back. A part
 * NOT_LISTED (the client's listing left that account out) answers cannotCalculateChanges
 * once its server answers again: the client lists again and fetches what it missed.
 */
async function compositeChanges(args: Args, b: Backends, method: Method): Promise<Args> {
  checkAccount(args, b.own);
  const { sinceState, maxChanges } = changesArgs(args);
  const parts = splitState(sinceState, b.all);
  if (!parts) throw cannotCalculate('the accounts of this mailbox changed since: resync');
  const out = { created: [] as string[], updated: [] as string[], destroyed: [] as string[] };
  const states: { backend: Backend; state: string }[] = [];
  for (const backend of b.all) {
    const since = parts.get(backend.key) as string;
    const got = await reach(b, backend, async () => {
      if (since !== NOT_LISTED)
        return method(argsFor(backend, args, { sinceState: since, maxChanges: null }), backend.ctx);
      await backend.ctx.mailboxes(); // throws while the server is still down
      throw cannotCalculate(`${backend.address ?? backend.key} is back: resync`);
    });
    if (got === null) {
      states.push({ backend, state: since });
      continue;
    }
    states.push({ backend, state: String(got['newState']) });
    for (const list of ['created', 'updated', 'destroyed'] as const)
      out[list].push(...wireIds(backend.key, got[list]));
  }
  checkMax(out.created.length + out.updated.length + out.destroyed.length, maxChanges);
  return {
    accountId: b.own.accountId,
    oldState: sinceState,
    newState: composeState(states),
    hasMoreChanges: false,
    ...out,
  };
}

export const aggregateEmailChanges = (args: Args, b: Backends) =>
  compositeChanges(args, b, emailChanges);
export const aggregateThreadChanges = (args: Args, b: Backends) =>
  compositeChanges(args, b, threadChanges);

/**
 * Email/query: in one folder, that folder's backend answers; over the whole mailbox the
 * backends' ordered rows are merged (newest first across servers, the user's own first
 * on equal dates), then windowed once. Another account whose server is down fails the
 * query, unless the client reads `unavailableAccounts` (protocol/jmap-partial.ts): then
 * the rows are the others', and it is named.
 */
export async function aggregateEmailQuery(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const query = parseQueryArgs(args);
  const inMailbox = query.filter.inMailbox;
  let only: Backend | undefined;
  if (inMailbox !== undefined) {
    const { key, inner } = splitId(inMailbox);
    only = b.get(key);
    if (only && inner === null) {
      // An account's top-level folder holds no mail of its own.
      return queryWindow(b.own.accountId, query, [], `q${digest('account-folder', key)}`);
    }
    if (only) query.filter = { ...query.filter, inMailbox: inner as string };
  }
  const rows: (QueryRow & { rank: number })[] = [];
  const states: string[] = [];
  const leftOut: string[] = [];
  for (const [rank, backend] of b.all.entries()) {
    if (only && backend !== only) continue;
    const got = await reach(b, backend, () => queryRows(backend.ctx, query));
    if (got === null) {
      if (only || !b.partial) throw whyDown(b, backend);
      leftOut.push(backend.key);
      states.push(`${backend.key}:${NOT_LISTED}`);
      continue;
    }
    states.push(`${backend.key}:${got.queryState}`);
    for (const r of got.rows) rows.push({ ...r, id: wireId(backend.key, r.id), rank });
  }
  rows.sort((x, y) => newestFirst(x, y) || x.rank - y.rank);
  if (query.ascending) rows.reverse();
  return {
    ...queryWindow(
      b.own.accountId,
      query,
      rows.map((r) => r.id),
      `q${digest('aggregate-query', ...states)}`,
    ),
    ...leftOutOf(b, leftOut),
  };
}
