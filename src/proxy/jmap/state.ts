// State strings (ADR 0010). Both are digests of what IMAP says about every folder, so
// they change exactly when something a client could see changed: HIGHESTMODSEQ moves on
// every append, flag change and expunge (CONDSTORE, RFC 7162), UIDVALIDITY on a reset.
import type { MailboxFacts, MailboxSnapshot, StateSnapshot } from '../imap/cache.js';
import { digest } from '../imap/ids.js';
import type { ImapMailbox } from '../imap/mailboxes.js';

const byId = (a: ImapMailbox, b: ImapMailbox) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Mailbox state: ids, names, hierarchy, roles, subscriptions and counts of all folders. */
export function mailboxState(mailboxes: readonly ImapMailbox[]): string {
  const lines = [...mailboxes]
    .sort(byId)
    .map((m) =>
      [
        m.id,
        m.path,
        m.role ?? '',
        m.subscribed,
        m.messages,
        m.unseen,
        m.uidValidity,
        m.highestModseq,
      ].join('|'),
    );
  return `m${digest('mailbox-state', ...lines)}`;
}

/** Email state: each selectable folder's UIDVALIDITY and HIGHESTMODSEQ. */
export function emailState(mailboxes: readonly ImapMailbox[]): {
  state: string;
  snapshot: StateSnapshot;
} {
  const snapshot = new Map<string, { uidValidity: bigint; highestModseq: bigint }>();
  const lines: string[] = [];
  for (const m of [...mailboxes].sort(byId)) {
    if (!m.selectable) continue;
    snapshot.set(m.id, { uidValidity: m.uidValidity, highestModseq: m.highestModseq });
    lines.push(`${m.id}|${m.uidValidity}|${m.highestModseq}`);
  }
  return { state: `e${digest('email-state', ...lines)}`, snapshot };
}

/** Query state: the query itself and the state of the folders it reads. */
export function queryState(query: string, mailboxes: readonly ImapMailbox[]): string {
  return `q${digest('query-state', query, emailState(mailboxes).state)}`;
}

/** The facts behind a Mailbox state, remembered per session for Mailbox/changes. */
export function mailboxSnapshot(mailboxes: readonly ImapMailbox[]): MailboxSnapshot {
  const snapshot = new Map<string, MailboxFacts>();
  for (const m of mailboxes) {
    const { path, role, subscribed, messages, unseen, uidValidity, highestModseq } = m;
    snapshot.set(m.id, { path, role, subscribed, messages, unseen, uidValidity, highestModseq });
  }
  return snapshot;
}
