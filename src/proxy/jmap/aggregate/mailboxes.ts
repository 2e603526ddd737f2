// Mailbox/get, /changes and /set over the user's own server and their other IMAP accounts
// (ADR 0016). Each other account is one top-level folder named by its address (id = the
// account's id, no messages of its own) holding that server's folders. Their roles are
// not passed on: Inbox, Sent, Trash… of the mailbox are the user's own, and the other
// account's special folders are ordinary folders inside its top-level one.
import type { Mailbox } from '../../../protocol/jmap-mail.js';
import { UNAVAILABLE_ACCOUNTS } from '../../../protocol/jmap-partial.js';
import type { Args } from '../args.js';
import { checkAccount } from '../args.js';
import { invalidArguments } from '../errors.js';
import { mailboxChanges } from '../mailbox-changes.js';
import { mailboxGet } from '../mailbox-get.js';
import { mailboxSet } from '../mailbox-set.js';
import { cannotCalculate } from '../mailbox-changes.js';
import { setError } from '../set-args.js';
import type { Backend, Backends } from './backends.js';
import {
  argsFor,
  OWN,
  reach,
  splitId,
  unavailableItem,
  whyDown,
  wireId,
  wireIds,
  wireKeys,
} from './backends.js';
import { composeState, NOT_LISTED, splitState } from './state.js';

/** After the user's own folders (role order 1–10) in clients that sort by sortOrder. */
const ACCOUNT_FOLDER_SORT_ORDER = 100;

/** No mail of its own; folders may be made inside it (they go to that server's top level). */
function accountFolder(backend: Backend): Mailbox {
  return {
    id: backend.key,
    name: backend.address ?? backend.key,
    parentId: null,
    role: null,
    sortOrder: ACCOUNT_FOLDER_SORT_ORDER,
    totalEmails: 0,
    unreadEmails: 0,
    totalThreads: 0,
    unreadThreads: 0,
    myRights: {
      mayReadItems: false,
      mayAddItems: false,
      mayRemoveItems: false,
      maySetSeen: false,
      maySetKeywords: false,
      mayCreateChild: true,
      mayRename: false,
      mayDelete: false,
      maySubmit: false,
    },
    isSubscribed: true,
  };
}

/** A backend's folder as the client sees it: prefixed ids, its top-level folder as parent. */
function wireMailbox(backend: Backend, m: Record<string, unknown>): Record<string, unknown> {
  if (backend.key === OWN) return m;
  const out: Record<string, unknown> = { ...m, id: wireId(backend.key, String(m['id'])) };
  if ('parentId' in m) {
    out['parentId'] =
      m['parentId'] === null ? backend.key : wireId(backend.key, String(m['parentId']));
  }
  if ('role' in m) out['role'] = null;
  return out;
}

/**
 * One backend's whole Mailbox/get; while another account's server is down, what it last
 * answered, or null when it answered nothing yet (in this proxy session).
 */
async function listOf(
  b: Backends,
  backend: Backend,
  args: Args,
): Promise<{ state: string; list: Args[] } | null> {
  const got = await reach(b, backend, () =>
    mailboxGet(argsFor(backend, args, { ids: null }), backend.ctx),
  );
  if (got === null) {
    const last = backend.cache.lastMailboxGet;
    return last ? { state: last.state, list: [...last.list] as Args[] } : null;
  }
  const result = { state: String(got['state']), list: got['list'] as Args[] };
  backend.cache.lastMailboxGet = result;
  return result;
}

/**
 * Every backend's folders. An account whose server is down serves its last list; with
 * none remembered the call fails, unless the client reads `unavailableAccounts`
 * (protocol/jmap-partial.ts): then the account's top-level folder comes alone, its part of
 * the state is NOT_LISTED, and it is named.
 */
export async function aggregateMailboxGet(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const ids = args['ids'];
  if (ids !== undefined && ids !== null && !Array.isArray(ids))
    throw invalidArguments('"ids" must be null or an array of Ids');
  const wanted = Array.isArray(args['properties']) ? new Set(args['properties'] as string[]) : null;
  const asked = Array.isArray(ids) ? (ids as string[]) : null;
  const parts: { backend: Backend; state: string }[] = [];
  const all: Record<string, unknown>[] = [];
  const leftOut: string[] = [];
  for (const backend of b.all) {
    const got = await listOf(b, backend, args);
    const askedOf = (asked ?? []).some((id) => {
      const { key, inner } = splitId(id);
      return key === backend.key && inner !== null;
    });
    if (got === null && (!b.partial || askedOf)) throw whyDown(b, backend);
    if (backend.key !== OWN) all.push(accountFolder(backend) as unknown as Args);
    if (got === null) {
      parts.push({ backend, state: NOT_LISTED });
      leftOut.push(backend.key);
      continue;
    }
    parts.push({ backend, state: got.state });
    all.push(...got.list.map((m) => wireMailbox(backend, m)));
  }
  const pick = (m: Record<string, unknown>) =>
    wanted ? Object.fromEntries(Object.entries(m).filter(([k]) => k === 'id' || wanted.has(k))) : m;
  const byId = new Map<string, Record<string, unknown>>(all.map((m) => [String(m['id']), m]));
  return {
    accountId: b.own.accountId,
    state: composeState(parts),
    list: (asked === null ? all : asked.flatMap((id) => byId.get(id) ?? [])).map((m) =>
      pick(m as Record<string, unknown>),
    ),
    notFound: asked === null ? [] : asked.filter((id) => !byId.has(id)),
    ...(leftOut.length > 0 ? { [UNAVAILABLE_ACCOUNTS]: leftOut } : {}),
  };
}

export async function aggregateMailboxChanges(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const since = typeof args['sinceState'] === 'string' ? args['sinceState'] : '';
  const parts = splitState(since, b.all);
  if (!parts) throw cannotCalculate('the accounts of this mailbox changed since: resync');
  const out = { created: [] as string[], updated: [] as string[], destroyed: [] as string[] };
  const states: { backend: Backend; state: string }[] = [];
  let countsOnly = true;
  let hasMore = false;
  for (const backend of b.all) {
    const got = await mailboxChanges(
      argsFor(backend, args, { sinceState: parts.get(backend.key) }),
      backend.ctx,
    );
    states.push({ backend, state: String(got['newState']) });
    for (const list of ['created', 'updated', 'destroyed'] as const)
      out[list].push(...wireIds(backend.key, got[list]));
    if ((got['updated'] as unknown[]).length > 0 && got['updatedProperties'] === null)
      countsOnly = false;
    hasMore ||= got['hasMoreChanges'] === true;
  }
  return {
    accountId: b.own.accountId,
    oldState: since,
    newState: composeState(states),
    hasMoreChanges: hasMore,
    ...out,
    updatedProperties:
      out.updated.length > 0 && countsOnly
        ? ['totalEmails', 'unreadEmails', 'totalThreads', 'unreadThreads']
        : null,
  };
}

/** The backend and its parentId for a wire parentId; undefined when it names nothing. */
function parentOf(
  parentId: unknown,
  createdIn: ReadonlyMap<string, string>,
): { key: string; parentId: unknown } | undefined {
  if (parentId === null || parentId === undefined) return { key: OWN, parentId };
  if (typeof parentId !== 'string') return undefined;
  if (parentId.startsWith('#')) {
    const key = createdIn.get(parentId.slice(1));
    return key === undefined ? undefined : { key, parentId };
  }
  const { key, inner } = splitId(parentId);
  return { key, parentId: inner };
}

interface Routed {
  create: Record<string, unknown>;
  update: Record<string, unknown>;
  destroy: string[];
}

/**
 * Mailbox/set routed to the backend each folder lives on. A folder cannot move to another
 * account (a different server), and the accounts' top-level folders are not the user's to
 * rename or delete here: the accounts settings do that.
 */
export async function aggregateMailboxSet(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const routed = new Map<string, Routed>(
    b.all.map((x) => [x.key, { create: {}, update: {}, destroy: [] }]),
  );
  const refused = { notCreated: {} as Args, notUpdated: {} as Args, notDestroyed: {} as Args };
  const createdIn = new Map<string, string>();
  const noAccount = setError('invalidProperties', 'no such folder', ['parentId']);
  for (const [creationId, raw] of Object.entries((args['create'] as Args | null) ?? {})) {
    const value = (raw ?? {}) as Args;
    const parent = parentOf(value['parentId'], createdIn);
    const target = parent && routed.get(parent.key);
    if (!parent || !target) {
      refused.notCreated[creationId] = noAccount;
      continue;
    }
    createdIn.set(creationId, parent.key);
    target.create[creationId] = { ...value, parentId: parent.parentId ?? null };
  }
  for (const [id, raw] of Object.entries((args['update'] as Args | null) ?? {})) {
    const { key, inner } = splitId(id);
    const patch = { ...((raw ?? {}) as Args) };
    const target = routed.get(key);
    if (inner === null || !target) {
      refused.notUpdated[id] = setError('forbidden', 'an account’s folder is changed in Settings');
      continue;
    }
    if ('parentId' in patch) {
      const parent = parentOf(patch['parentId'], createdIn);
      if (!parent || parent.key !== key) {
        refused.notUpdated[id] = setError(
          'invalidProperties',
          'a folder cannot move to another account',
          ['parentId'],
        );
        continue;
      }
      patch['parentId'] = parent.parentId ?? null;
    }
    target.update[inner] = patch;
  }
  for (const id of (args['destroy'] as string[] | null) ?? []) {
    const { key, inner } = splitId(id);
    const target = routed.get(key);
    if (inner === null || !target) {
      refused.notDestroyed[id] = setError('forbidden', 'an account is removed in Settings');
      continue;
    }
    target.destroy.push(inner);
  }
  const merged = {
    created: {} as Args,
    updated: {} as Args,
    destroyed: [] as string[],
    ...refused,
  };
  const oldStates: { backend: Backend; state: string }[] = [];
  const newStates: { backend: Backend; state: string }[] = [];
  const ifInState = splitState(String(args['ifInState'] ?? ''), b.all);
  for (const backend of b.all) {
    const r = routed.get(backend.key) as Routed;
    if (Object.keys(r.create).length + Object.keys(r.update).length + r.destroy.length === 0) {
      // Nothing asked of this server: its state as last seen, without a round trip to it.
      const state = backend.cache.lastMailboxGet?.state ?? '';
      oldStates.push({ backend, state });
      newStates.push({ backend, state });
      continue;
    }
    const got = await reach(b, backend, () =>
      mailboxSet(
        argsFor(backend, args, {
          create: r.create,
          update: r.update,
          destroy: r.destroy,
          ifInState: args['ifInState'] == null ? null : (ifInState?.get(backend.key) ?? '!'),
        }),
        backend.ctx,
      ),
    );
    if (got === null) {
      // Another account's server is down: its folders' changes wait, the rest go on.
      if (!b.partial) throw whyDown(b, backend);
      for (const cid of Object.keys(r.create)) merged.notCreated[cid] = unavailableItem(backend);
      for (const inner of Object.keys(r.update))
        merged.notUpdated[wireId(backend.key, inner)] = unavailableItem(backend);
      for (const inner of r.destroy)
        merged.notDestroyed[wireId(backend.key, inner)] = unavailableItem(backend);
      const state = backend.cache.lastMailboxGet?.state ?? '';
      oldStates.push({ backend, state });
      newStates.push({ backend, state });
      continue;
    }
    oldStates.push({ backend, state: String(got['oldState']) });
    newStates.push({ backend, state: String(got['newState']) });
    for (const [cid, made] of Object.entries((got['created'] as Args | null) ?? {}))
      merged.created[cid] = wireMailbox(backend, made as Args);
    Object.assign(merged.updated, wireKeys(backend.key, got['updated']));
    merged.destroyed.push(...wireIds(backend.key, got['destroyed']));
    Object.assign(merged.notCreated, (got['notCreated'] as Args | null) ?? {});
    Object.assign(merged.notUpdated, wireKeys(backend.key, got['notUpdated']));
    Object.assign(merged.notDestroyed, wireKeys(backend.key, got['notDestroyed']));
  }
  const orNull = (v: Args) => (Object.keys(v).length > 0 ? v : null);
  return {
    accountId: b.own.accountId,
    oldState: composeState(oldStates),
    newState: composeState(newStates),
    created: orNull(merged.created),
    updated: orNull(merged.updated),
    destroyed: merged.destroyed.length > 0 ? merged.destroyed : null,
    notCreated: orNull(merged.notCreated),
    notUpdated: orNull(merged.notUpdated),
    notDestroyed: orNull(merged.notDestroyed),
  };
}
