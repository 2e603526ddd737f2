// The states pushed for the user's own account when other IMAP accounts are part of it
// (ADR 0016): composite strings exactly as Email/get, Mailbox/get and Thread/get compose
// them (jmap/aggregate/state.ts), so a pushed state equals the one a request would see.
import type { SessionCache } from '../imap/cache.js';
import { OWN } from '../jmap/aggregate/backends.js';
import { composeState } from '../jmap/aggregate/state.js';
import { threadStateOf } from '../jmap/thread-get.js';
import type { AccountStates } from './states.js';
import { PUSHED_TYPES } from './states.js';

/** One other account as the composite needs it. */
export interface OtherPart {
  /** The account's id (its backend key) and its top-level folder's name. */
  key: string;
  address: string;
  /** Its watcher's last states; null while it starts, or when its server is down. */
  states: AccountStates | null;
  /** Its connection's cache: the states last handed out, standing in for `states`. */
  cache: SessionCache;
}

const lastKey = (map: ReadonlyMap<string, unknown>): string => [...map.keys()].at(-1) ?? '';

/** A part's states, from its watcher or else from what its requests last handed out. */
function statesOf(part: OtherPart): AccountStates {
  if (part.states) return part.states;
  const email = lastKey(part.cache.emailStates);
  return {
    Email: email,
    Mailbox: lastKey(part.cache.mailboxStates),
    Thread: email ? threadStateOf(email) : '',
  };
}

/** The own account's pushed states with every other account's part, in the backends' order. */
export function ownComposite(own: AccountStates, others: readonly OtherPart[]): AccountStates {
  if (others.length === 0) return own;
  const parts = others.map((o) => ({ key: o.key, address: o.address, states: statesOf(o) }));
  const out = { ...own };
  for (const type of PUSHED_TYPES) {
    out[type] = composeState([
      { backend: { key: OWN, address: null }, state: own[type] },
      ...parts.map((p) => ({ backend: p, state: p.states[type] })),
    ]);
  }
  return out;
}
