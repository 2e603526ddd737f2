// Who a session may send as, and through which server (SEND-7, EXTERNAL-2/3, ADR 0023):
// the user's own account — the sign-in address and its plus-addresses, through the
// provider's SMTP server — and each other IMAP account the user added, with its own
// address, through its own provider's SMTP server and credentials. An identity belongs to
// one sender: its id carries the sender's key as the other account's ids do on the wire
// (`x1a2b3c-I…`; the user's own identities have no prefix).
import type { Endpoint } from '../config/types.js';
import { canonicalAddress, isAddress } from '../identities/model.js';
import type { Backends } from './aggregate/backends.js';
import { OWN, splitId } from './aggregate/backends.js';
import type { JmapContext } from './context.js';

export interface Sender {
  /** OWN ('') or the other account's id: the prefix of its identities' ids. */
  key: string;
  /** The address it sends from: the sign-in name, or the address the account was added as. */
  address: string;
  /** Its account: where its copies of sent mail go (its Sent), and its login for SMTP. */
  ctx: JmapContext;
  /** Its SMTP server; undefined: this account cannot send (no identity is offered for it). */
  smtp: Endpoint | undefined;
}

/** The user's own account alone (no other accounts, or a request that does not span them). */
export function ownSenders(ctx: JmapContext): Sender[] {
  return [
    {
      key: OWN,
      address: ctx.session.username.trim(),
      ctx,
      smtp: ctx.session.provider.smtp,
    },
  ];
}

/** The user's own account, then each other IMAP account that has an SMTP server. */
export function sendersOf(backends: Backends): Sender[] {
  const others: Sender[] = backends.all.flatMap((b) =>
    b.key === OWN || b.address === null || b.ctx.session.provider.smtp === undefined
      ? []
      : [{ key: b.key, address: b.address, ctx: b.ctx, smtp: b.ctx.session.provider.smtp }],
  );
  return [...ownSenders(backends.own), ...others];
}

/** The sender an identity id belongs to (its prefix), if it is still one of `senders`. */
export function senderOfIdentity(senders: readonly Sender[], id: string): Sender | undefined {
  const { key } = splitId(id);
  return senders.find((s) => s.key === key);
}

/** The sender that may send as `email`: its own address or one of its plus-addresses. */
export function senderForAddress(senders: readonly Sender[], email: string): Sender | undefined {
  if (!isAddress(email)) return undefined;
  const wanted = canonicalAddress(email);
  return senders.find((s) => isAddress(s.address) && canonicalAddress(s.address) === wanted);
}
