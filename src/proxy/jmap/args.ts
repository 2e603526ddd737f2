// Checks shared by the methods: the account, `ids` and `properties` of a /get (RFC 8620
// §5.1). Ids are validated as Ids (§1.2) before they are looked up anywhere.
import { MAX_OBJECTS_IN_GET } from '../../protocol/limits.js';
import { isId } from '../../protocol/validate.js';
import type { JmapContext } from './context.js';
import { invalidArguments, MethodError } from './errors.js';

export type Args = Record<string, unknown>;

export function checkAccount(args: Args, ctx: JmapContext): void {
  const accountId = args['accountId'];
  if (typeof accountId !== 'string') throw invalidArguments('"accountId" is required');
  if (accountId !== ctx.accountId) {
    throw new MethodError('accountNotFound', `no account ${JSON.stringify(accountId)}`);
  }
}

/** `ids`: null/absent (all) or an array of valid Ids, at most maxObjectsInGet. */
export function getIds(args: Args): string[] | null {
  const ids = args['ids'];
  if (ids === undefined || ids === null) return null;
  if (!Array.isArray(ids) || !ids.every(isId))
    throw invalidArguments('"ids" must be null or an array of Ids');
  if (ids.length > MAX_OBJECTS_IN_GET) {
    throw new MethodError('requestTooLarge', `at most ${MAX_OBJECTS_IN_GET} ids per /get`);
  }
  return [...new Set(ids)];
}

/** `properties`: null/absent (all known) or names from `known`; `id` is always returned. */
export function getProperties<P extends string>(args: Args, known: readonly P[]): Set<P> {
  const properties = args['properties'];
  if (properties === undefined || properties === null) return new Set(known);
  if (!Array.isArray(properties) || !properties.every((p) => typeof p === 'string')) {
    throw invalidArguments('"properties" must be null or an array of names');
  }
  const unknown = properties.filter((p) => !(known as readonly string[]).includes(p));
  if (unknown.length > 0) throw invalidArguments(`unknown properties: ${unknown.join(', ')}`);
  return new Set([...(properties as P[]), 'id' as P]);
}

/** Copies the wanted properties of `full` (id always). */
export function pick<T extends object>(full: T, wanted: ReadonlySet<string>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(full) as (keyof T & string)[]) {
    if (wanted.has(key)) out[key] = full[key];
  }
  return out;
}

/**
 * A Foo/get response (RFC 8620 §5.1) over a small, fully known list: the asked ids (or
 * all for null), each with only the wanted properties, and the unknown ids as notFound.
 */
export function getResponse<T extends { id: string }>(
  ctx: { accountId: string },
  all: readonly T[],
  ids: readonly string[] | null,
  wanted: ReadonlySet<string>,
  state: string,
): Args {
  const byId = new Map(all.map((o) => [o.id, o]));
  const list = ids === null ? all : ids.flatMap((id) => byId.get(id) ?? []);
  return {
    accountId: ctx.accountId,
    state,
    list: list.map((o) => pick(o, wanted)),
    notFound: ids === null ? [] : ids.filter((id) => !byId.has(id)),
  };
}
