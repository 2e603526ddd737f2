// Email/query (RFC 8621 §4.4) for the subset Buzón uses: filter by folder and received
// date, sort by receivedAt (newest first by default), window by position or anchor.
// Dates are compared exactly against INTERNALDATE from the index (IMAP SEARCH BEFORE/
// SINCE only know days), which also gives every result its stable id.
import { isId, isUtcDate } from '../../protocol/validate.js';
import type { IndexRow } from '../imap/cache.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { rowsOf } from './email-index.js';
import { invalidArguments, MethodError } from './errors.js';
import { queryState } from './state.js';

/**
 * Most ids one Email/query returns (the response says so in `limit`). The sync engine
 * pages by MAX_OBJECTS_IN_GET; this bounds a response to ~250 KB of ids.
 */
export const MAX_QUERY_LIMIT = 10_000;

const FILTER_KEYS = new Set(['inMailbox', 'before', 'after']);

export interface Filter {
  inMailbox?: string;
  before?: number;
  after?: number;
}

function parseFilter(value: unknown): Filter {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidArguments('"filter" must be an object');
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !FILTER_KEYS.has(k));
  if (unknown.length > 0) {
    throw new MethodError(
      'unsupportedFilter',
      `the proxy filters by inMailbox, before and after only, not ${unknown.join(', ')}`,
    );
  }
  const filter: Filter = {};
  if (raw['inMailbox'] !== undefined) {
    if (!isId(raw['inMailbox'])) throw invalidArguments('"inMailbox" must be a Mailbox id');
    filter.inMailbox = raw['inMailbox'];
  }
  for (const key of ['before', 'after'] as const) {
    if (raw[key] === undefined) continue;
    if (!isUtcDate(raw[key])) throw invalidArguments(`"${key}" must be a UTCDate`);
    filter[key] = Date.parse(raw[key]);
  }
  return filter;
}

function parseSort(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value)) throw invalidArguments('"sort" must be an array of comparators');
  if (value.length === 0) return false;
  const [first, ...rest] = value as unknown[];
  const comparator = first as { property?: unknown; isAscending?: unknown } | null;
  if (
    rest.length > 0 ||
    typeof comparator !== 'object' ||
    comparator === null ||
    comparator.property !== 'receivedAt'
  ) {
    throw new MethodError('unsupportedSort', 'the proxy sorts by receivedAt only');
  }
  if (comparator.isAscending !== undefined && typeof comparator.isAscending !== 'boolean') {
    throw invalidArguments('"isAscending" must be a boolean');
  }
  return comparator.isAscending === true;
}

function int(args: Args, name: string, fallback: number, min: number): number {
  const value = args[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalidArguments(`"${name}" must be an integer${min === 0 ? ' ≥ 0' : ''}`);
  }
  return value;
}

/** The arguments of an Email/query, checked. */
export interface QueryArgs {
  filter: Filter;
  ascending: boolean;
  position: number;
  anchorOffset: number;
  requested: number;
  anchor: string | null;
  calculateTotal: boolean;
}

export function parseQueryArgs(args: Args): QueryArgs {
  const anchor = args['anchor'];
  if (anchor !== undefined && anchor !== null && !isId(anchor))
    throw invalidArguments('"anchor" must be an Id');
  return {
    filter: parseFilter(args['filter']),
    ascending: parseSort(args['sort']),
    position: int(args, 'position', 0, Number.MIN_SAFE_INTEGER),
    anchorOffset: int(args, 'anchorOffset', 0, Number.MIN_SAFE_INTEGER),
    requested: int(args, 'limit', MAX_QUERY_LIMIT, 0),
    anchor: anchor ?? null,
    calculateTotal: args['calculateTotal'] === true,
  };
}

/** One result row: what the order is decided on. */
export interface QueryRow {
  id: string;
  receivedAt: number;
  uid: number;
}

/** Newest first; equal dates by UID, so the order is total and stable between calls. */
export const newestFirst = (a: QueryRow, b: QueryRow) =>
  b.receivedAt - a.receivedAt || b.uid - a.uid;

/** The rows the filter keeps, in the asked order, and the query state. */
export async function queryRows(
  ctx: JmapContext,
  query: Pick<QueryArgs, 'filter' | 'ascending'>,
): Promise<{ rows: QueryRow[]; queryState: string }> {
  const { filter, ascending } = query;
  const mailboxes = await ctx.mailboxes();
  const targets =
    filter.inMailbox === undefined ? mailboxes : mailboxes.filter((m) => m.id === filter.inMailbox);
  if (targets.length === 0)
    throw invalidArguments(`no mailbox with id ${JSON.stringify(filter.inMailbox)}`);

  let rows: IndexRow[] = [];
  for (const mailbox of targets) rows.push(...(await rowsOf(ctx, mailbox)));
  rows = rows.filter(
    (r) =>
      (filter.before === undefined || r.receivedAt < filter.before) &&
      (filter.after === undefined || r.receivedAt >= filter.after),
  );
  rows.sort(newestFirst);
  if (ascending) rows.reverse();
  return { rows, queryState: queryState(JSON.stringify([filter, ascending]), targets) };
}

/** The response for the whole ordered result `ids`: the asked window of it. */
export function queryWindow(
  accountId: string,
  query: QueryArgs,
  ids: readonly string[],
  state: string,
): Args {
  let position = query.position;
  if (query.anchor !== null) {
    const at = ids.indexOf(query.anchor);
    if (at < 0) throw new MethodError('anchorNotFound', 'the anchor is not in the results');
    position = Math.max(0, at + query.anchorOffset);
  } else if (position < 0) {
    position = Math.max(0, ids.length + position);
  }
  const limit = Math.min(query.requested, MAX_QUERY_LIMIT);
  const response: Args = {
    accountId,
    queryState: state,
    canCalculateChanges: false,
    position,
    ids: ids.slice(position, position + limit),
  };
  if (query.calculateTotal) response['total'] = ids.length;
  if (query.requested > MAX_QUERY_LIMIT) response['limit'] = MAX_QUERY_LIMIT;
  return response;
}

export async function emailQuery(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const query = parseQueryArgs(args);
  const { rows, queryState: state } = await queryRows(ctx, query);
  return queryWindow(
    ctx.accountId,
    query,
    rows.map((r) => r.id),
    state,
  );
}
