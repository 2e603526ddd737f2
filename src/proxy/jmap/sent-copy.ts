// EXTERNAL-2: "sending from them stores the copy in their own Sent". The client asks, as
// RFC 8621 §7.5 lets it, for the sent message to move from Drafts to its account's Sent
// role (the user's own: other accounts' folders carry no roles on the wire, ADR 0016).
// For a message sent as another IMAP account, the proxy points that move at the other
// account's Sent instead; the aggregate Email/set then copies it there (ADR 0023).
import type { Args } from './args.js';
import { OWN, wireId } from './aggregate/backends.js';
import type { JmapContext } from './context.js';
import type { Sender } from './senders.js';

const sentOf = async (ctx: JmapContext): Promise<string | undefined> =>
  (await ctx.mailboxes()).find((m) => m.role === 'sent')?.id;

/**
 * `patch` with the user's own Sent replaced by `sender`'s (as a wire id); unchanged for
 * the user's own account, or when either side has no Sent folder (the copy then stays in
 * the user's own Sent: kept, not lost).
 */
export async function sentToSendersAccount(
  patch: unknown,
  own: JmapContext,
  sender: Sender,
): Promise<unknown> {
  if (sender.key === OWN || typeof patch !== 'object' || patch === null) return patch;
  const [ownSent, theirs] = await Promise.all([sentOf(own), sentOf(sender.ctx)]);
  if (ownSent === undefined || theirs === undefined) return patch;
  const target = wireId(sender.key, theirs);
  const out: Args = {};
  for (const [key, value] of Object.entries(patch as Args)) {
    if (key === `mailboxIds/${ownSent}`) out[`mailboxIds/${target}`] = value;
    else if (key === 'mailboxIds' && typeof value === 'object' && value !== null)
      out[key] = Object.fromEntries(
        Object.entries(value as Args).map(([id, v]) => [id === ownSent ? target : id, v]),
      );
    else out[key] = value;
  }
  return out;
}
