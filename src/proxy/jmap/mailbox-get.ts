// Mailbox/get (RFC 8621 §2.1) over LIST-STATUS, X-GUID and MYRIGHTS.
import type { Mailbox, MailboxRights } from '../../protocol/jmap-mail.js';
import { myRights } from '../imap/mailboxes.js';
import type { ImapMailbox } from '../imap/mailboxes.js';
import { checkAccount, getIds, getProperties, pick } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { mailboxSnapshot, mailboxState } from './state.js';

const MAILBOX_PROPERTIES = [
  'id',
  'name',
  'parentId',
  'role',
  'sortOrder',
  'totalEmails',
  'unreadEmails',
  'totalThreads',
  'unreadThreads',
  'myRights',
  'isSubscribed',
] as const satisfies readonly (keyof Mailbox)[];

/** Folders with a role first, in the order mail clients show them; then the rest by name. */
const ROLE_ORDER: Readonly<Record<string, number>> = {
  inbox: 1,
  drafts: 2,
  sent: 3,
  archive: 4,
  junk: 5,
  trash: 6,
};
const DEFAULT_SORT_ORDER = 10;

/** RFC 8621 §2 mapped from RFC 4314 letters; null (no ACL on the server) is every right. */
export function rightsFrom(letters: string | null, selectable: boolean): MailboxRights {
  const has = (l: string) => letters === null || letters.includes(l);
  const read = selectable && has('l') && has('r');
  return {
    mayReadItems: read,
    mayAddItems: selectable && has('i'),
    mayRemoveItems: selectable && has('t') && has('e'),
    maySetSeen: selectable && has('s'),
    maySetKeywords: selectable && has('w'),
    mayCreateChild: has('k'),
    mayRename: has('x'),
    mayDelete: has('x'),
    maySubmit: read,
  };
}

function toMailbox(
  m: ImapMailbox,
  byPath: Map<string, ImapMailbox>,
  rights: string | null,
): Mailbox {
  return {
    id: m.id,
    name: m.name,
    parentId: m.parentPath === null ? null : (byPath.get(m.parentPath)?.id ?? null),
    role: m.role,
    sortOrder: (m.role && ROLE_ORDER[m.role]) || DEFAULT_SORT_ORDER,
    totalEmails: m.messages,
    unreadEmails: m.unseen,
    // Threads come later (ADR 0010): until then every email is its own thread.
    totalThreads: m.messages,
    unreadThreads: m.unseen,
    myRights: rightsFrom(rights, m.selectable),
    isSubscribed: m.subscribed,
  };
}

export async function mailboxGet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const ids = getIds(args);
  const wanted = getProperties(args, MAILBOX_PROPERTIES);
  const mailboxes = await ctx.mailboxes();
  const byId = new Map(mailboxes.map((m) => [m.id, m]));
  const byPath = new Map(mailboxes.map((m) => [m.path, m]));
  const chosen = ids === null ? [...mailboxes] : ids.flatMap((id) => byId.get(id) ?? []);
  const rights = wanted.has('myRights')
    ? await ctx.imap((client) =>
        myRights(
          client,
          chosen.map((m) => m.path),
        ),
      )
    : new Map<string, string | null>();
  const state = mailboxState(mailboxes);
  // Remembered with its facts so Mailbox/changes can answer from it (ADR 0010 § Changes).
  await ctx.imap(async (_c, cache) =>
    cache.rememberMailboxState(state, mailboxSnapshot(mailboxes)),
  );
  return {
    accountId: ctx.accountId,
    state,
    list: chosen.map((m) => pick(toMailbox(m, byPath, rights.get(m.path) ?? null), wanted)),
    notFound: ids === null ? [] : ids.filter((id) => !byId.has(id)),
  };
}
