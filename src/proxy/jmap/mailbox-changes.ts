// Mailbox/changes (RFC 8621 §2.2, RFC 8620 §5.2): compares the folders behind a Mailbox
// state this session handed out with the folders now. Only counts changed (and the
// mod-sequences behind them) → `updatedProperties` names the count properties.
import type { MailboxFacts } from '../imap/cache.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { invalidArguments, MethodError } from './errors.js';
import { mailboxSnapshot, mailboxState } from './state.js';

/** The Mailbox properties that follow the counts (threads are emails for now, ADR 0010). */
export const COUNT_PROPERTIES = ['totalEmails', 'unreadEmails', 'totalThreads', 'unreadThreads'];

/** `sinceState` and `maxChanges` (RFC 8620 §5.2); maxChanges null means no limit. */
export function changesArgs(args: Args): { sinceState: string; maxChanges: number | null } {
  const sinceState = args['sinceState'];
  if (typeof sinceState !== 'string') throw invalidArguments('"sinceState" is required');
  const max = args['maxChanges'];
  if (max === undefined || max === null) return { sinceState, maxChanges: null };
  if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1)
    throw invalidArguments('"maxChanges" must be a positive integer');
  return { sinceState, maxChanges: max };
}

export const cannotCalculate = (why: string): MethodError =>
  new MethodError('cannotCalculateChanges', why);

/**
 * More changes than `maxChanges` are refused rather than paged (ADR 0010 § Changes): an
 * intermediate state would have to split moves across calls. The client reconciles.
 */
export function checkMax(count: number, maxChanges: number | null): void {
  if (maxChanges !== null && count > maxChanges) {
    throw cannotCalculate(`${count} changes exceed maxChanges ${maxChanges}: resync`);
  }
}

const sameFacts = (a: MailboxFacts, b: MailboxFacts) =>
  a.path === b.path && a.role === b.role && a.subscribed === b.subscribed;
const sameCounts = (a: MailboxFacts, b: MailboxFacts) =>
  a.messages === b.messages &&
  a.unseen === b.unseen &&
  a.uidValidity === b.uidValidity &&
  a.highestModseq === b.highestModseq;

export async function mailboxChanges(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const { sinceState, maxChanges } = changesArgs(args);
  const mailboxes = await ctx.mailboxes();
  const newState = mailboxState(mailboxes);
  const now = mailboxSnapshot(mailboxes);
  const before = await ctx.imap(async (_c, cache) => cache.mailboxStates.get(sinceState));
  if (!before) throw cannotCalculate('this Mailbox state is unknown to the session: resync');

  const created = [...now.keys()].filter((id) => !before.has(id));
  const destroyed = [...before.keys()].filter((id) => !now.has(id));
  const updated: string[] = [];
  let countsOnly = true;
  for (const [id, facts] of now) {
    const was = before.get(id);
    if (!was || (sameFacts(was, facts) && sameCounts(was, facts))) continue;
    updated.push(id);
    // A rename changes the name of every folder below it too (their paths move).
    if (!sameFacts(was, facts)) countsOnly = false;
  }
  checkMax(created.length + updated.length + destroyed.length, maxChanges);
  await ctx.imap(async (_c, cache) => cache.rememberMailboxState(newState, now));
  return {
    accountId: ctx.accountId,
    oldState: sinceState,
    newState,
    hasMoreChanges: false,
    created,
    updated,
    destroyed,
    updatedProperties: updated.length > 0 && countsOnly ? COUNT_PROPERTIES : null,
  };
}
