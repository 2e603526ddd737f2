// Thread/get (RFC 8621 §3.1). Until threading lands every email is its own thread, with
// the email's id (ADR 0010): a thread exists exactly while its email does, which is
// checked like Email/get checks ids (the index says where, a FETCH confirms the X-GUID).
import type { Thread } from '../../protocol/jmap-mail.js';
import { fetchHeld } from '../imap/writes.js';
import { checkAccount, getIds, getProperties, pick } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { inMailbox, locate } from './email-index.js';
import { MethodError } from './errors.js';
import { emailState } from './state.js';

const THREAD_PROPERTIES = ['id', 'emailIds'] as const satisfies readonly (keyof Thread)[];

/**
 * The Thread state for an Email state: the same digest under another letter. Threads
 * change only when emails come or go, so this changes more often than it must, which
 * RFC 8620 allows (Thread/changes then answers empty lists); and Thread/changes can
 * compute from the Email state's remembered snapshot.
 */
export const threadStateOf = (emailStateString: string): string => `t${emailStateString.slice(1)}`;
export const emailStateOf = (threadStateString: string): string | null =>
  threadStateString.startsWith('t') ? `e${threadStateString.slice(1)}` : null;

/** The ids among `ids` that are emails on the server now. */
async function existing(ctx: JmapContext, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  let todo = [...ids];
  for (const refresh of [false, true]) {
    if (todo.length === 0) break;
    const where = await locate(ctx, todo, refresh);
    const mailboxes = await ctx.mailboxes();
    const byFolder = new Map<string, { id: string; uid: number }[]>();
    for (const id of todo) {
      const at = where.get(id);
      if (at)
        byFolder.set(at.mailboxId, [...(byFolder.get(at.mailboxId) ?? []), { id, uid: at.uid }]);
    }
    for (const [mailboxId, items] of byFolder) {
      const mailbox = mailboxes.find((m) => m.id === mailboxId && m.selectable);
      if (!mailbox) continue;
      const held = await ctx.imap((client, cache) =>
        inMailbox(client, mailbox.path, () =>
          fetchHeld(
            client,
            cache,
            items.map((i) => i.uid),
          ),
        ),
      );
      for (const { id, uid } of items) if (held.get(uid)?.id === id) found.add(id);
    }
    todo = todo.filter((id) => !found.has(id));
  }
  return found;
}

export async function threadGet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const ids = getIds(args);
  if (ids === null) {
    throw new MethodError('requestTooLarge', 'Thread/get needs "ids": use Email/get threadId');
  }
  const wanted = getProperties(args, THREAD_PROPERTIES);
  const { state, snapshot } = emailState(await ctx.mailboxes());
  const found = await existing(ctx, ids);
  await ctx.imap(async (_c, cache) => cache.rememberEmailState(state, snapshot));
  return {
    accountId: ctx.accountId,
    state: threadStateOf(state),
    list: ids.filter((id) => found.has(id)).map((id) => pick({ id, emailIds: [id] }, wanted)),
    notFound: ids.filter((id) => !found.has(id)),
  };
}
