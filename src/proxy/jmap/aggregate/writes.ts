// Email/set and Email/import over several backends (ADR 0016): each message's change goes
// to the server that holds it; a move into another account's folder is a copy + destroy
// (move.ts); an import goes to the server of its folder.
import type { Args } from '../args.js';
import { checkAccount } from '../args.js';
import { emailImport } from '../email-import.js';
import { emailSet } from '../email-set.js';
import { setError } from '../set-args.js';
import type { Backend, Backends } from './backends.js';
import { ImapUnavailableError } from '../../imap/pool.js';
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
import { moveAcross } from './move.js';
import { lastState, wireEmail } from './reads.js';
import { composeState, splitState } from './state.js';

interface PatchPlan {
  /** The patch with the folder ids of `target` as that server knows them. */
  patch: Args;
  /** The backend of the folders the message ends up in (its own when not moved). */
  target: string;
  /** With a move to another backend: the one folder there. */
  targetMailbox: string | null;
}

/** Splits the folder ids a patch names; null when they name folders of several accounts. */
function planPatch(sourceKey: string, raw: unknown): PatchPlan | null {
  const patch = (raw ?? {}) as Args;
  const out: Args = {};
  const targets = new Set<string>();
  let targetMailbox: string | null = null;
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'mailboxIds' && value !== null && typeof value === 'object') {
      const ids: Args = {};
      for (const [id, v] of Object.entries(value as Args)) {
        const { key: k, inner } = splitId(id);
        if (inner === null) return null;
        targets.add(k);
        targetMailbox = inner;
        ids[inner] = v;
      }
      out['mailboxIds'] = ids;
    } else if (key.startsWith('mailboxIds/')) {
      const { key: k, inner } = splitId(key.slice('mailboxIds/'.length));
      if (inner === null) return null;
      if (value === true) {
        targets.add(k);
        targetMailbox = inner;
      } else if (k !== sourceKey) return null;
      out[`mailboxIds/${inner}`] = value;
    } else {
      out[key] = value;
    }
  }
  if (targets.size > 1) return null;
  const target = targets.size === 1 ? ([...targets][0] as string) : sourceKey;
  return { patch: out, target, targetMailbox: target === sourceKey ? null : targetMailbox };
}

interface Routed {
  update: Args;
  destroy: string[];
}

export async function aggregateEmailSet(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const routed = new Map<string, Routed>(b.all.map((x) => [x.key, { update: {}, destroy: [] }]));
  const notUpdated: Args = {};
  const notDestroyed: Args = {};
  const updated: Args = {};
  const moves: {
    from: Backend;
    id: string;
    wire: string;
    to: Backend;
    mailbox: string;
    patch: Args;
  }[] = [];
  for (const [id, raw] of Object.entries((args['update'] as Args | null) ?? {})) {
    const { key, inner } = splitId(id);
    const from = b.get(key);
    const plan = from && inner !== null ? planPatch(key, raw) : null;
    const to = plan ? b.get(plan.target) : undefined;
    if (!from || inner === null || !plan || !to) {
      notUpdated[id] = setError('invalidProperties', 'no such message or folder', ['mailboxIds']);
    } else if (plan.targetMailbox !== null) {
      moves.push({ from, id: inner, wire: id, to, mailbox: plan.targetMailbox, patch: plan.patch });
    } else {
      (routed.get(key) as Routed).update[inner] = plan.patch;
    }
  }
  for (const id of (args['destroy'] as string[] | null) ?? []) {
    const { key, inner } = splitId(id);
    const target = routed.get(key);
    if (inner === null || !target) notDestroyed[id] = setError('notFound', 'no such message');
    else target.destroy.push(inner);
  }
  const ifInState = args['ifInState'] == null ? null : splitState(String(args['ifInState']), b.all);
  const oldStates: { backend: Backend; state: string }[] = [];
  const newStates: { backend: Backend; state: string }[] = [];
  const destroyed: string[] = [];
  for (const backend of b.all) {
    const r = routed.get(backend.key) as Routed;
    const busy =
      Object.keys(r.update).length + r.destroy.length > 0 ||
      moves.some((m) => m.from === backend || m.to === backend);
    if (!busy && ifInState === null) {
      // Nothing asked of this server: its Email state as last handed out, no round trip.
      const state = lastState(backend);
      oldStates.push({ backend, state });
      newStates.push({ backend, state });
      continue;
    }
    const got = await reach(b, backend, () =>
      emailSet(
        argsFor(backend, args, {
          create: null,
          update: r.update,
          destroy: r.destroy,
          ifInState: ifInState === null ? null : (ifInState.get(backend.key) ?? '!'),
        }),
        backend.ctx,
      ),
    );
    if (got === null) {
      // Another account's server is down: its items wait, the rest of the call goes on.
      if (!b.partial) throw whyDown(b, backend);
      for (const inner of Object.keys(r.update))
        notUpdated[wireId(backend.key, inner)] = unavailableItem(backend);
      for (const inner of r.destroy)
        notDestroyed[wireId(backend.key, inner)] = unavailableItem(backend);
      const state = lastState(backend);
      oldStates.push({ backend, state });
      newStates.push({ backend, state });
      continue;
    }
    oldStates.push({ backend, state: String(got['oldState']) });
    newStates.push({ backend, state: String(got['newState']) });
    Object.assign(updated, wireKeys(backend.key, got['updated']));
    Object.assign(notUpdated, wireKeys(backend.key, got['notUpdated']));
    destroyed.push(...wireIds(backend.key, got['destroyed']));
    Object.assign(notDestroyed, wireKeys(backend.key, got['notDestroyed']));
  }
  for (const m of moves) {
    const down = [m.from, m.to].find((x) => b.down.has(x.key));
    if (down && b.partial) {
      notUpdated[m.wire] = unavailableItem(down);
      continue;
    }
    let done: Awaited<ReturnType<typeof moveAcross>>;
    try {
      done = await moveAcross(m.from, m.id, m.to, m.mailbox, m.patch);
    } catch (err) {
      if (!b.partial || !(err instanceof ImapUnavailableError)) throw err;
      // Nothing is lost: the copy is made before the original goes (move.ts).
      notUpdated[m.wire] = unavailableItem(m.to.key === OWN ? m.from : m.to);
      continue;
    }
    if (done.ok) updated[m.wire] = null;
    else notUpdated[m.wire] = done.error;
  }
  const orNull = (v: Args) => (Object.keys(v).length > 0 ? v : null);
  const created = args['create']
    ? await emailSet(argsFor(b.all[0] as Backend, args, { update: null, destroy: null }), b.own)
    : null;
  return {
    accountId: b.own.accountId,
    oldState: composeState(oldStates),
    newState: composeState(newStates),
    created: created?.['created'] ?? null,
    updated: orNull(updated),
    destroyed: destroyed.length > 0 ? destroyed : null,
    notCreated: created?.['notCreated'] ?? null,
    notUpdated: orNull(notUpdated),
    notDestroyed: orNull(notDestroyed),
  };
}

/** Email/import: each message goes to the server of the folder it names. */
export async function aggregateEmailImport(args: Args, b: Backends): Promise<Args> {
  checkAccount(args, b.own);
  const byBackend = new Map<string, Args>();
  const notCreated: Args = {};
  for (const [creationId, raw] of Object.entries((args['emails'] as Args | null) ?? {})) {
    const item = (raw ?? {}) as Args;
    const ids = Object.keys((item['mailboxIds'] as Args | null) ?? {});
    const split = ids.map(splitId);
    const key = split[0]?.key;
    if (key === undefined || split.some((s) => s.key !== key || s.inner === null) || !b.get(key)) {
      notCreated[creationId] = setError('invalidProperties', 'name folders of one account', [
        'mailboxIds',
      ]);
      continue;
    }
    const mailboxIds = Object.fromEntries(split.map((s) => [s.inner as string, true]));
    const group = byBackend.get(key) ?? {};
    group[creationId] = { ...item, mailboxIds };
    byBackend.set(key, group);
  }
  const created: Args = {};
  const oldStates: { backend: Backend; state: string }[] = [];
  const newStates: { backend: Backend; state: string }[] = [];
  for (const backend of b.all) {
    const emails = byBackend.get(backend.key);
    if (!emails) {
      const state = lastState(backend);
      oldStates.push({ backend, state });
      newStates.push({ backend, state });
      continue;
    }
    const got = await reach(b, backend, () =>
      emailImport(argsFor(backend, args, { emails, ifInState: null }), backend.ctx),
    );
    if (got === null) {
      if (!b.partial) throw whyDown(b, backend);
      for (const cid of Object.keys(emails)) notCreated[cid] = unavailableItem(backend);
      const state = lastState(backend);
      oldStates.push({ backend, state });
      newStates.push({ backend, state });
      continue;
    }
    oldStates.push({ backend, state: String(got['oldState']) });
    newStates.push({ backend, state: String(got['newState']) });
    for (const [cid, made] of Object.entries((got['created'] as Args | null) ?? {}))
      created[cid] = wireEmail(backend.key, made as Args);
    Object.assign(notCreated, (got['notCreated'] as Args | null) ?? {});
  }
  return {
    accountId: b.own.accountId,
    oldState: composeState(oldStates),
    newState: composeState(newStates),
    created: Object.keys(created).length > 0 ? created : null,
    notCreated: Object.keys(notCreated).length > 0 ? notCreated : null,
  };
}
