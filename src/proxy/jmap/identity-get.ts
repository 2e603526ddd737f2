// Identity/get and Identity/changes (RFC 8621 §6): one identity per session, the address
// the user signed in with. The proxy keeps no settings, so it has nothing else to offer:
// display name and signatures are the client's (it applies them when building MIME).
import type { Identity } from '../../protocol/jmap-mail.js';
import { digest } from '../imap/ids.js';
import { checkAccount, getIds, getProperties, getResponse } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { cannotCalculate, changesArgs } from './mailbox-changes.js';

const IDENTITY_PROPERTIES = [
  'id',
  'name',
  'email',
  'replyTo',
  'bcc',
  'textSignature',
  'htmlSignature',
  'mayDelete',
] as const satisfies readonly (keyof Identity)[];

/** A login name that is an address (`local@domain`, one line, no spaces). */
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The session's identities: one, with the login name as its address, or none when the
 * login name is not an address (the proxy does not know what to put in From then).
 */
export function identitiesOf(ctx: JmapContext): Identity[] {
  const email = ctx.session.username.trim();
  if (!ADDRESS.test(email)) return [];
  return [
    {
      // Stable for this account: the same id on every device and after a restart.
      id: `I${digest('identity', ctx.accountId, email.toLowerCase())}`,
      name: '',
      email,
      replyTo: null,
      bcc: null,
      textSignature: '',
      htmlSignature: '',
      mayDelete: false,
    },
  ];
}

/** The Identity state: a digest of the list, which only a different login can change. */
export function identityState(list: readonly Identity[]): string {
  return `i${digest('identity-state', JSON.stringify(list))}`;
}

export async function identityGet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const ids = getIds(args);
  const wanted = getProperties(args, IDENTITY_PROPERTIES);
  const all = identitiesOf(ctx);
  return getResponse(ctx, all, ids, wanted, identityState(all));
}

/** Nothing ever changes within an account; any other state is not this account's. */
export async function identityChanges(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const { sinceState } = changesArgs(args);
  const state = identityState(identitiesOf(ctx));
  if (sinceState !== state) throw cannotCalculate('this Identity state is unknown: resync');
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
