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

export async function emailState(ctx: PullContext): Promise<string> {
  const got = await ctx.client.call<GetResponse<Email>>(
    'Email/get',
    { accountId: ctx.accountId, ids: [], properties: ['id'] },
    ctx.signal,
  );
  return got.state;
}

/** Every id received in [after, before), newest first (either bound may be open). */
export async function queryIds(
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
