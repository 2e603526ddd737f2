// The backends of the user's own JMAP account once they have other IMAP accounts
// (EXTERNAL-2, ADR 0016): their own IMAP server, and each other account's, every one a
// JmapContext of its own so the facade's methods run on it unchanged. On the wire an
// other account's ids carry its id as a prefix (`x1a2b3c-M…`), and the account's id alone
// names the top-level folder that holds its folders.
import type { ImapUpstream } from '../../external/upstreams.js';
import { IMAP_ACCOUNT_ID_SHAPE } from '../../external/model.js';
import type { SessionCache } from '../../imap/cache.js';
import type { ImapPool } from '../../imap/pool.js';
import { ImapUnavailableError } from '../../imap/pool.js';
import type { SetError } from '../../../protocol/jmap-methods.js';
import type { Args } from '../args.js';
import type { UploadStore } from '../blob-store.js';
import { createContext } from '../context.js';
import { setError } from '../set-args.js';
import type { JmapContext } from '../context.js';

/** The user's own server. */
export const OWN = '';
const PREFIXED = /^(x[0-9a-z]{6})-(.+)$/;

export interface Backend {
  /** OWN, or the other account's id. */
  key: string;
  ctx: JmapContext;
  /** The top-level folder's name (null for OWN). */
  address: string | null;
  /** Its pool cache, reachable while its server is not. */
  cache: SessionCache;
}

export interface Backends {
  /** The account the client sees (the user's own). */
  readonly own: JmapContext;
  /** OWN first, then the other accounts in the stored order. */
  readonly all: readonly Backend[];
  get(key: string): Backend | undefined;
  /**
   * The request has PARTIAL_CAPABILITY in `using` (protocol/jmap-partial.ts): a listing of
   * the whole mailbox may leave out the accounts whose servers cannot be reached.
   */
  readonly partial: boolean;
  /**
   * Other accounts found unreachable during this request, with why: not tried again
   * before it ends, so a dead host costs one connection timeout per request, and every
   * call of the request sees the same set of accounts.
   */
  readonly down: Map<string, ImapUnavailableError>;
}

export interface BackendsOptions {
  /** Backends.partial. */
  partial?: boolean;
}

export function createBackends(
  own: JmapContext,
  upstreams: readonly ImapUpstream[],
  pool: ImapPool,
  uploads: UploadStore | undefined,
  opts: BackendsOptions = {},
): Backends {
  const all: Backend[] = [
    { key: OWN, ctx: own, address: null, cache: pool.cache(own.session.sessionId) },
    ...upstreams.map((u) => ({
      key: u.id,
      ctx: createContext(u.session, pool, uploads),
      address: u.address,
      cache: pool.cache(u.session.sessionId),
    })),
  ];
  const byKey = new Map(all.map((b) => [b.key, b]));
  return {
    own,
    all,
    get: (key) => byKey.get(key),
    partial: opts.partial ?? false,
    down: new Map(),
  };
}

/**
 * Runs `work` on a backend. For another account whose server cannot be reached (now, or
 * earlier in this request) the answer is null: the caller decides whether to go on without
 * it. The user's own server, and any other failure, throw.
 */
export async function reach<T>(
  b: Backends,
  backend: Backend,
  work: () => Promise<T>,
): Promise<T | null> {
  if (backend.key === OWN) return work();
  if (b.down.has(backend.key)) return null;
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ImapUnavailableError)) throw err;
    b.down.set(backend.key, err);
    return null;
  }
}

/**
 * A write for an account whose server is down, refused for that item alone when the
 * client reads it (protocol/jmap-partial.ts): sent again later, not dropped.
 */
export const unavailableItem = (backend: Backend): SetError =>
  setError('serverUnavailable', `${backend.address ?? backend.key} cannot be reached now`);

/** What a call that needs an account's server throws once `reach` found it down. */
export const whyDown = (b: Backends, backend: Backend): ImapUnavailableError =>
  b.down.get(backend.key) ??
  new ImapUnavailableError(`${backend.address ?? backend.key} cannot be reached`);

/** The id the client sees for a backend's `inner` id. */
export function wireId(key: string, inner: string): string {
  return key === OWN ? inner : `${key}-${inner}`;
}

/** Where a wire id belongs; `inner` null is an other account's top-level folder. */
export function splitId(id: string): { key: string; inner: string | null } {
  const match = PREFIXED.exec(id);
  if (match) return { key: match[1] as string, inner: match[2] as string };
  if (IMAP_ACCOUNT_ID_SHAPE.test(id)) return { key: id, inner: null };
  return { key: OWN, inner: id };
}

/** Wire ids grouped by backend (inner ids), keeping the order asked. */
export function groupIds(ids: readonly string[]): Map<string, { wire: string[]; inner: string[] }> {
  const groups = new Map<string, { wire: string[]; inner: string[] }>();
  for (const id of ids) {
    const { key, inner } = splitId(id);
    if (inner === null) continue;
    const group = groups.get(key) ?? { wire: [], inner: [] };
    group.wire.push(id);
    group.inner.push(inner);
    groups.set(key, group);
  }
  return groups;
}

/** The arguments of a call as one backend must see them: its own account id. */
export function argsFor(backend: Backend, args: Args, extra: Args = {}): Args {
  return { ...args, accountId: backend.ctx.accountId, ...extra };
}

/** Prefixes each id of a list. */
export const wireIds = (key: string, ids: unknown): string[] =>
  Array.isArray(ids) ? ids.map((id) => wireId(key, String(id))) : [];

/** Prefixes the keys of an object (created/notUpdated… maps keyed by id). */
export function wireKeys<T>(key: string, map: unknown): Record<string, T> {
  const out: Record<string, T> = {};
  if (typeof map !== 'object' || map === null) return out;
  for (const [k, v] of Object.entries(map as Record<string, T>)) out[wireId(key, k)] = v;
  return out;
}
