// Share/get (ADR 0013): the people the user shares their whole mailbox with.
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import {
  checkOwnAccount,
  currentShares,
  hasAcl,
  sharedPaths,
  shareState,
} from './share-support.js';

export async function shareGet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  checkOwnAccount(ctx);
  const paths = sharedPaths(await ctx.mailboxes());
  const list = await ctx.imap(async (client) =>
    hasAcl(client) ? currentShares(client, paths, ctx.session.username) : [],
  );
  return { accountId: ctx.accountId, state: shareState(list), list };
}
