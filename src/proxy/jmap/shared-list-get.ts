// SharedList/get (CONTACTS-5, ADR 0034): the user's own lists and those shared with them.
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { checkListsAccount, listsState, seeLists } from './shared-list-support.js';

export async function sharedListGet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  checkListsAccount(ctx);
  // Dovecot fixes a connection's list of sharing users at login: a new one sees a list
  // shared since (ADR 0013). A revoke is seen at once either way.
  ctx.reconnect();
  const seen = await ctx.imap(async (client) => {
    checkListsAccount(ctx, client);
    return seeLists(client, ctx.session.username);
  });
  return { accountId: ctx.accountId, state: listsState(seen), list: seen.map((s) => s.list) };
}
