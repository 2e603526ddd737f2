// Reading many messages from the server: Email/get in chained chunks, the Email state,
// and Email/query listings by date.
import type { Invocation } from '../protocol/jmap-core.js';
import type { Email } from '../protocol/jmap-mail.js';
import { EMAIL_METADATA_PROPERTIES } from '../protocol/jmap-mail.js';
import type { GetResponse, QueryResponse } from '../protocol/jmap-methods.js';
import type { ServerEmail } from '../store/sync/server-types.js';
import { toServerEmail } from './convert.js';
import { unwrap } from './jmap-client.js';
import { isoDate, type PullContext } from './pull-context.js';

/** Ids per Email/get: the proxy's maxObjectsInGet (protocol/limits.ts). */
const GET_CHUNK = 500;
/** Email/get calls chained in one request: 4,000 rows a round trip, ~2 MB of JSON. */
const GETS_PER_REQUEST = 8;
/** Ids per Email/query page (the proxy's MAX_QUERY_LIMIT). */
const QUERY_PAGE = 10_000;

export const PROPERTIES = [...EMAIL_METADATA_PROPERTIES];

export function emails(list: readonly Email[]): ServerEmail[] {
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

/** The Email/query call for one page of ids received in [after, before), newest first. */
function queryCall(
  ctx: PullContext,
  position: number,
  after: number | undefined,
  before: number | undefined,
): Invocation {
  const filter: Record<string, string> = {};
  if (after !== undefined) filter['after'] = isoDate(after);
  if (before !== undefined) filter['before'] = isoDate(before);
  return [
    'Email/query',
    {
      accountId: ctx.accountId,
      ...(Object.keys(filter).length > 0 ? { filter } : {}),
      sort: [{ property: 'receivedAt', isAscending: false }],
      position,
      limit: QUERY_PAGE,
      calculateTotal: true,
    },
    'q',
  ];
}

/** Adds a page to `ids`; true when the listing is complete. */
function addPage(ids: string[], page: QueryResponse): boolean {
  ids.push(...page.ids);
  return page.ids.length === 0 || (page.total !== undefined && ids.length >= page.total);
}

/** Adds the pages from `ids.length` on to `ids`, until the listing is complete. */
async function pagesFrom(
  ctx: PullContext,
  ids: string[],
  after: number | undefined,
  before: number | undefined,
): Promise<string[]> {
  for (;;) {
    ctx.signal.throwIfAborted();
    const [name, args] = queryCall(ctx, ids.length, after, before);
    const page = await ctx.client.call<QueryResponse>(name, args, ctx.signal);
    if (addPage(ids, page)) return ids;
  }
}

/** Every id received in [after, before), newest first (either bound may be open). */
export function queryIds(
  ctx: PullContext,
  after: number | undefined,
  before?: number,
): Promise<string[]> {
  return pagesFrom(ctx, [], after, before);
}

/**
 * The Email state, then every id received since `after` (open: all), newest first. The
 * state is read first, in the same request as the first page, so /changes from it covers
 * whatever changes while the listing and the messages download — one round trip less
 * before a first sync can start.
 */
export async function stateAndIds(
  ctx: PullContext,
  after: number | undefined,
): Promise<{ state: string; ids: string[] }> {
  const responses = await ctx.client.request(stateAndIdsCalls(ctx, after), ctx.signal);
  return stateAndIdsFrom(ctx, after, responses);
}

/** The calls of `stateAndIds`' first request: the Email state, then the listing's first page. */
export function stateAndIdsCalls(ctx: PullContext, after: number | undefined): Invocation[] {
  return [
    ['Email/get', { accountId: ctx.accountId, ids: [], properties: ['id'] }, 's'],
    queryCall(ctx, 0, after, undefined),
  ];
}

/** `stateAndIds` from the answers to its calls (and the listing's further pages, if any). */
export async function stateAndIdsFrom(
  ctx: PullContext,
  after: number | undefined,
  [got, page]: readonly Invocation[],
): Promise<{ state: string; ids: string[] }> {
  const { state } = unwrap<GetResponse<Email>>(got, 'Email/get');
  const ids: string[] = [];
  if (addPage(ids, unwrap<QueryResponse>(page, 'Email/query'))) return { state, ids };
  return { state, ids: await pagesFrom(ctx, ids, after, undefined) };
}
