// Thread/changes (RFC 8621 §3.2) mirrors Email/changes while each email is its own thread
// (ADR 0010): a created email is a created thread, a destroyed one a destroyed thread.
// An email that changed keywords or folder leaves its Thread ({id, emailIds}) as it was,
// so `updated` is always empty.
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { emailChanges } from './email-changes.js';
import { cannotCalculate, changesArgs, checkMax } from './mailbox-changes.js';
import { emailStateOf, threadStateOf } from './thread-get.js';

export async function threadChanges(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const { sinceState, maxChanges } = changesArgs(args);
  const since = emailStateOf(sinceState);
  if (since === null) throw cannotCalculate('this Thread state is unknown to the session: resync');
  // No maxChanges here: email updates do not count against the thread changes.
  const changes = await emailChanges({ accountId: ctx.accountId, sinceState: since }, ctx);
  const created = changes['created'] as string[];
  const destroyed = changes['destroyed'] as string[];
  checkMax(created.length + destroyed.length, maxChanges);
  return {
    accountId: ctx.accountId,
    oldState: sinceState,
    newState: threadStateOf(changes['newState'] as string),
    hasMoreChanges: false,
    created,
    updated: [],
    destroyed,
  };
}
