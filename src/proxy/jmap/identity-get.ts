// Identity/get and Identity/changes (RFC 8621 §6). The sign-in address is always an
// identity (it cannot be deleted), and so is the address of each other IMAP account that
// can send (EXTERNAL-3, ADR 0023); the user's names, reply-to, signatures, extra
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
import { OWN, wireId } from './aggregate/backends.js';
import { ownSenders, senderForAddress, senderOfIdentity } from './senders.js';
import type { Sender } from './senders.js';

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

/** The identity every sender has (its sign-in or account address): a stable id. */
function baseIdentityId(ctx: JmapContext, sender: Sender): string {
  return sender.key === OWN
    ? loginIdentityId(ctx, sender.address)
    : wireId(
        sender.key,
        `I${digest('identity', ctx.accountId, sender.key, sender.address.toLowerCase())}`,
      );
}

const blank = (id: string, email: string): StoredIdentity => ({
  id,
  name: '',
  email,
  replyTo: null,
  bcc: null,
  textSignature: '',
  htmlSignature: '',
});

/**
 * The session's identities from what is stored: each sender's own address first (with
 * what the user set for it: the sign-in one leads), then the others the user added. A
 * stored identity whose account is gone, or cannot send now, is not offered (but kept:
 * `hiddenIdentities`). None for a login name that is not an address (the proxy would not
 * know what to put in From).
 */
export function identitiesFrom(
  ctx: JmapContext,
  stored: StoredIdentities,
  senders: readonly Sender[] = ownSenders(ctx),
): BuzonIdentity[] {
  const able = senders.filter((s) => isAddress(s.address) && s.smtp !== undefined);
  const own = able.find((s) => s.key === OWN);
  if (!own) return [];
  const bases = able.map((s) => {
    const id = baseIdentityId(ctx, s);
    const kept = stored.list.find((i) => i.id === id) ?? blank(id, s.address);
    return { ...kept, email: s.address };
  });
  const baseIds = new Set(bases.map((b) => b.id));
  // An added identity belongs to the sender its id names, and must still be that sender's.
  const added = stored.list.filter((i) => {
    const sender = senderOfIdentity(able, i.id);
    return !baseIds.has(i.id) && sender !== undefined && sender === senderForAddress(able, i.email);
  });
  const all = [...bases, ...added];
  const loginId = bases[0]?.id;
  const defaultId = all.some((i) => i.id === stored.defaultId) ? stored.defaultId : loginId;
  return all.map((i) => ({
    ...i,
    mayDelete: !baseIds.has(i.id),
    isDefault: i.id === defaultId,
  }));
}

/** Stored identities not offered now (another account's, while it is unavailable): kept as is. */
export function hiddenIdentities(
  stored: StoredIdentities,
  shown: readonly BuzonIdentity[],
): StoredIdentity[] {
  const ids = new Set(shown.map((i) => i.id));
  return stored.list.filter((i) => !ids.has(i.id));
}

/** The stored identities; a server without METADATA has only the sign-in one. */
export async function storedIdentities(ctx: JmapContext): Promise<StoredIdentities> {
  return readIdentities((work) => ctx.imap((client, cache) => work(client, cache))).catch(
    () => NO_IDENTITIES,
  );
}

export async function loadIdentities(
  ctx: JmapContext,
  senders: readonly Sender[] = ownSenders(ctx),
): Promise<BuzonIdentity[]> {
  return identitiesFrom(ctx, await storedIdentities(ctx), senders);
}

/** The Identity state: a digest of the whole list, so any edit on any device moves it. */
export function identityState(list: readonly BuzonIdentity[]): string {
  return `i${digest('identity-state', JSON.stringify(list))}`;
}

/** Identity/get; `senders` spans the user's other accounts when they have some. */
export async function identityGet(
  args: Args,
  ctx: JmapContext,
  senders: readonly Sender[] = ownSenders(ctx),
): Promise<Args> {
  checkAccount(args, ctx);
  const ids = getIds(args);
  const wanted = getProperties(args, IDENTITY_PROPERTIES);
  const all = await loadIdentities(ctx, senders);
  return getResponse(ctx, all, ids, wanted, identityState(all));
}

/** The list is small: a client that is behind gets cannotCalculateChanges and reads it all. */
export async function identityChanges(
  args: Args,
  ctx: JmapContext,
  senders: readonly Sender[] = ownSenders(ctx),
): Promise<Args> {
  checkAccount(args, ctx);
  const { sinceState } = changesArgs(args);
  const state = identityState(await loadIdentities(ctx, senders));
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
