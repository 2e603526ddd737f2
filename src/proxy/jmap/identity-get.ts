// Identity/get and Identity/changes (RFC 8621 §6). The sign-in address is always an
// identity (it cannot be deleted); the user's own names, reply-to, signatures, extra
// plus-address identities and the default live in METADATA (identities/store.ts), so
// every device sees them. Buzón's `isDefault` marks the one new messages start from.
import type { Identity } from '../../protocol/jmap-mail.js';
import { digest } from '../imap/ids.js';
import type { StoredIdentities, StoredIdentity } from '../identities/model.js';
import { isAddress, NO_IDENTITIES } from '../identities/model.js';
import { readIdentities } from '../identities/store.js';
import { checkAccount, getIds, getProperties, getResponse } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { cannotCalculate, changesArgs } from './mailbox-changes.js';

/** An Identity as Buzón serves it: RFC 8621's, plus which one is the default. */
export type BuzonIdentity = Identity & { isDefault: boolean };

export const IDENTITY_PROPERTIES = [
  'id',
  'name',
  'email',
  'replyTo',
  'bcc',
  'textSignature',
  'htmlSignature',
  'mayDelete',
  'isDefault',
] as const satisfies readonly (keyof BuzonIdentity)[];

/** The sign-in identity's id: the same on every device and after a restart. */
export function loginIdentityId(ctx: JmapContext, email: string): string {
  return `I${digest('identity', ctx.accountId, email.toLowerCase())}`;
}

/**
 * The session's identities from what is stored: the sign-in address first (with what
 * the user set for it), then the others; none when the login name is not an address (the
 * proxy would not know what to put in From).
 */
export function identitiesFrom(ctx: JmapContext, stored: StoredIdentities): BuzonIdentity[] {
  const email = ctx.session.username.trim();
  if (!isAddress(email)) return [];
  const loginId = loginIdentityId(ctx, email);
  const own = stored.list.find((i) => i.id === loginId);
  const base: StoredIdentity = own ?? {
    id: loginId,
    name: '',
    email,
    replyTo: null,
    bcc: null,
    textSignature: '',
    htmlSignature: '',
  };
  const all = [{ ...base, email }, ...stored.list.filter((i) => i.id !== loginId)];
  const defaultId = all.some((i) => i.id === stored.defaultId) ? stored.defaultId : loginId;
  return all.map((i) => ({ ...i, mayDelete: i.id !== loginId, isDefault: i.id === defaultId }));
}

/** The stored identities; a server without METADATA has only the sign-in one. */
export async function storedIdentities(ctx: JmapContext): Promise<StoredIdentities> {
  return readIdentities((work) => ctx.imap((client, cache) => work(client, cache))).catch(
    () => NO_IDENTITIES,
  );
}

export async function loadIdentities(ctx: JmapContext): Promise<BuzonIdentity[]> {
  return identitiesFrom(ctx, await storedIdentities(ctx));
}

/** The Identity state: a digest of the whole list, so any edit on any device moves it. */
export function identityState(list: readonly BuzonIdentity[]): string {
  return `i${digest('identity-state', JSON.stringify(list))}`;
}

export async function identityGet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const ids = getIds(args);
  const wanted = getProperties(args, IDENTITY_PROPERTIES);
  const all = await loadIdentities(ctx);
  return getResponse(ctx, all, ids, wanted, identityState(all));
}

/** The list is small: a client that is behind gets cannotCalculateChanges and reads it all. */
export async function identityChanges(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const { sinceState } = changesArgs(args);
  const state = identityState(await loadIdentities(ctx));
  if (sinceState !== state) throw cannotCalculate('the identities changed: read them again');
  return {
    accountId: ctx.accountId,
    oldState: sinceState,
    newState: state,
    hasMoreChanges: false,
    created: [],
    updated: [],
    destroyed: [],
  };
}
