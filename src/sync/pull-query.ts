// Reading many messages from the server: Email/get in chained chunks, the Email state,
// and Email/query listings by date.
import type { Invocation } from '../protocol/jmap-core.js';
import type { Email } from '../protocol/jmap-mail.js';
import { EMAIL_METADATA_PROPERTIES } from '../protocol/jmap-mail.js';
import type { GetResponse, QueryResponse } from '../protocol/jmap-methods.js';
import { PARTIAL_CAPABILITY, unavailableAccountsOf } from '../protocol/jmap-partial.js';
import type { ServerEmail } from '../store/sync/server-types.js';
import { toServerEmail } from './convert.js';
import { ServerError, unwrap } from './jmap-client.js';
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

/**
 * PARTIAL_CAPABILITY when the server offers it (protocol/jmap-partial.ts): a listing of
 * the whole mailbox may then leave out another account whose server is down, and says so.
 */
export async function partialUsing(ctx: PullContext): Promise<string[]> {
  const session = await ctx.client.session();
  return PARTIAL_CAPABILITY in session.capabilities ? [PARTIAL_CAPABILITY] : [];
}

/** A listing being read page by page. */
interface Listing {
  ids: string[];
  /** The accounts its first page left out; every later page must leave out the same. */
  leftOut: string[] | null;
  /**
   * The accounts it may leave out at all (those the state it pairs with left out too), or
   * any when it pairs with no state.
   */
  readonly allowed: readonly string[] | 'any';
  readonly using: readonly string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * Adds a page to the listing; true when it is complete. A page that leaves out other
 * accounts than the listing's first page, or than its state, would pair rows and state
 * that disagree (positions shift, mail is never fetched): the pass fails and the next one
 * lists again.
 */
function addPage(listing: Listing, page: QueryResponse): boolean {
  const leftOut = unavailableAccountsOf(page);
  const fits =
    listing.leftOut === null
      ? listing.allowed === 'any' || leftOut.every((a) => listing.allowed.includes(a))
      : sameSet(leftOut, listing.leftOut);
  if (!fits)
    throw new ServerError(
      'An account’s server went away or came back while the mailbox was listed; it is listed again.',
      503,
    );
  listing.leftOut ??= leftOut;
  listing.ids.push(...page.ids);
  return page.ids.length === 0 || (page.total !== undefined && listing.ids.length >= page.total);
}

/** Adds the pages from `listing.ids.length` on, until the listing is complete. */
async function pagesFrom(
  ctx: PullContext,
  listing: Listing,
  after: number | undefined,
  before: number | undefined,
): Promise<Listing> {
  for (;;) {
    ctx.signal.throwIfAborted();
    const [name, args] = queryCall(ctx, listing.ids.length, after, before);
    const page = await ctx.client.call<QueryResponse>(name, args, ctx.signal, listing.using);
    if (addPage(listing, page)) return listing;
  }
}

/** What a listing of the whole mailbox found, and the accounts it left out. */
export interface PartialIds {
  ids: string[];
  /** Other accounts whose servers could not be reached: their mail is not in `ids`. */
  leftOut: string[];
}

/**
 * Every id received in [after, before), newest first, leaving out no account but those in
 * `allowed` (protocol/jmap-partial.ts): what a recovery lists alongside its state (its
 * accounts left out), or what the offline window grows by ('any').
 */
export async function partialQueryIds(
  ctx: PullContext,
  after: number | undefined,
  allowed: readonly string[] | 'any',
  before?: number,
): Promise<PartialIds> {
  const using = allowed.length > 0 ? await partialUsing(ctx) : [];
  const listing = await pagesFrom(ctx, { ids: [], leftOut: null, allowed, using }, after, before);
  return { ids: listing.ids, leftOut: listing.leftOut ?? [] };
}

/** The Email state and a listing made with it. */
export interface StateAndIds extends PartialIds {
  state: string;
}

/**
 * The Email state, then every id received since `after` (open: all), newest first. The
 * state is read first, in the same request as the first page, so /changes from it covers
 * whatever changes while the listing and the messages download — one round trip less
 * before a first sync can start. Other accounts whose servers are down are left out of
 * both (protocol/jmap-partial.ts): the state brings their mail once they are back.
 */
export async function stateAndIds(
  ctx: PullContext,
  after: number | undefined,
): Promise<StateAndIds> {
  const using = await partialUsing(ctx);
  const responses = await ctx.client.request(stateAndIdsCalls(ctx, after), ctx.signal, using);
  return stateAndIdsFrom(ctx, after, responses, using);
}

/** The calls of `stateAndIds`' first request: the Email state, then the listing's first page. */
export function stateAndIdsCalls(ctx: PullContext, after: number | undefined): Invocation[] {
  return [
    ['Email/get', { accountId: ctx.accountId, ids: [], properties: ['id'] }, 's'],
    queryCall(ctx, 0, after, undefined),
  ];
}

/**
 * `stateAndIds` from the answers to its calls, asked with `using` (and the listing's
 * further pages, if any).
 */
export async function stateAndIdsFrom(
  ctx: PullContext,
  after: number | undefined,
  [got, page]: readonly Invocation[],
  using: readonly string[],
): Promise<StateAndIds> {
  const stateOf = unwrap<GetResponse<Email>>(got, 'Email/get');
  const listing: Listing = {
    ids: [],
    leftOut: null,
    allowed: unavailableAccountsOf(stateOf),
    using,
  };
  if (!addPage(listing, unwrap<QueryResponse>(page, 'Email/query')))
    await pagesFrom(ctx, listing, after, undefined);
  return { state: stateOf.state, ids: listing.ids, leftOut: listing.leftOut ?? [] };
}
