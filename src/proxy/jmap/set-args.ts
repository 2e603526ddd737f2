// The shape shared by Email/set and Mailbox/set (RFC 8620 §5.3): argument checks, the
// ifInState test, and the response with its per-item successes and SetErrors.
import type { SetError } from '../../protocol/jmap-methods.js';
import { isJsonObject } from '../../protocol/json-pointer.js';
import { MAX_OBJECTS_IN_SET } from '../../protocol/limits.js';
import type { Args } from './args.js';
import { invalidArguments, MethodError } from './errors.js';
import { ImapRefusedError } from '../imap/writes.js';

export interface SetRequest {
  ifInState: string | null;
  create: Record<string, unknown>;
  update: Record<string, unknown>;
  destroy: string[];
}

/** Checks the argument types and maxObjectsInSet; item contents are checked per item. */
export function parseSetArgs(args: Args): SetRequest {
  const { ifInState, create, update, destroy } = args;
  if (ifInState !== undefined && ifInState !== null && typeof ifInState !== 'string')
    throw invalidArguments('"ifInState" must be a string or null');
  for (const [name, value] of [
    ['create', create],
    ['update', update],
  ] as const) {
    if (value !== undefined && value !== null && !isJsonObject(value))
      throw invalidArguments(`"${name}" must be an object or null`);
  }
  if (
    destroy !== undefined &&
    destroy !== null &&
    !(Array.isArray(destroy) && destroy.every((d) => typeof d === 'string'))
  ) {
    throw invalidArguments('"destroy" must be an array of ids or null');
  }
  const request: SetRequest = {
    ifInState: ifInState ?? null,
    create: (create as Record<string, unknown> | null | undefined) ?? {},
    update: (update as Record<string, unknown> | null | undefined) ?? {},
    destroy: [...new Set((destroy as string[] | null | undefined) ?? [])],
  };
  const count =
    Object.keys(request.create).length +
    Object.keys(request.update).length +
    request.destroy.length;
  if (count > MAX_OBJECTS_IN_SET) {
    throw new MethodError('requestTooLarge', `at most ${MAX_OBJECTS_IN_SET} objects per /set`);
  }
  return request;
}

/** RFC 8620 §5.3: `ifInState` that is not the current state refuses the whole call. */
export function checkIfInState(ifInState: string | null, state: string): void {
  if (ifInState !== null && ifInState !== state) {
    throw new MethodError('stateMismatch', 'the state is no longer the one in "ifInState"');
  }
}

/** Per-item results, collected while the work runs. */
export interface SetOutcome {
  created: Record<string, Record<string, unknown>>;
  notCreated: Record<string, SetError>;
  updated: Record<string, null>;
  notUpdated: Record<string, SetError>;
  destroyed: string[];
  notDestroyed: Record<string, SetError>;
}

export function emptyOutcome(): SetOutcome {
  return {
    created: {},
    notCreated: {},
    updated: {},
    notUpdated: {},
    destroyed: [],
    notDestroyed: {},
  };
}

const orNull = <T extends object>(value: T): T | null =>
  Object.keys(value).length > 0 ? value : null;

/** RFC 8620 §5.3 response: empty maps and lists are null, as the RFC writes them. */
export function setResponse(
  accountId: string,
  oldState: string,
  newState: string,
  outcome: SetOutcome,
): Args {
  return {
    accountId,
    oldState,
    newState,
    created: orNull(outcome.created),
    updated: orNull(outcome.updated),
    destroyed: outcome.destroyed.length > 0 ? outcome.destroyed : null,
    notCreated: orNull(outcome.notCreated),
    notUpdated: orNull(outcome.notUpdated),
    notDestroyed: orNull(outcome.notDestroyed),
  };
}

export const setError = (
  type: SetError['type'],
  description: string,
  properties?: string[],
): SetError => (properties ? { type, description, properties } : { type, description });

/**
 * An IMAP NO for one item, as a SetError (RFC 5530 codes): `[OVERQUOTA]` → overQuota,
 * `[NONEXISTENT]` → notFound, `[ALREADYEXISTS]` → invalidProperties on the name; anything
 * else (`[NOPERM]`, `[INUSE]`, no code) → forbidden, which the sync engine shows the user
 * and then rolls the local view back (RFC 8620 has no generic per-item failure).
 * Non-NO errors are rethrown: they fail the whole call (serverFail / serverUnavailable).
 */
export function setErrorFromImap(err: unknown): SetError {
  if (!(err instanceof ImapRefusedError)) throw err;
  switch (err.code) {
    case 'OVERQUOTA':
      return setError('overQuota', 'the mail server is over quota');
    case 'NONEXISTENT':
      return setError('notFound', 'the mail server no longer has it');
    case 'ALREADYEXISTS':
      return setError('invalidProperties', 'a folder with this name already exists', ['name']);
    default:
      return setError('forbidden', err.message);
  }
}
