// IMAP NOTIFY (RFC 5465) on the watcher's own connection. With NOTIFY the server reports
// changes to every personal mailbox as unsolicited STATUS and LIST responses, between
// commands and without IDLE. imapflow has no NOTIFY helper and drops untagged STATUS/LIST
// that arrive outside its own commands, so the watcher registers connection-wide handlers
// for them; imapflow's per-command handlers still take precedence while its own LIST runs.
//
// Mailboxes shared with the user (ADR 0013) are watched with a `subtree` filter per owner,
// but Dovecot 2.3 reports there only the owner's non-INBOX folders: a delivery to the
// owner's INBOX (`shared/<owner>` itself) is reported only while that mailbox is SELECTED
// (EXISTS/FETCH/EXPUNGE under the `selected` filter). ADR 0011 § Shared mailboxes.
import type { ImapFlow } from 'imapflow';
import { execRaw, imapAtom, imapMailbox, tokenText } from '../imap/raw.js';
import type { ImapValue } from '../imap/raw.js';

/**
 * Every event that moves a state the facade hands out: new and expunged messages and flag
 * changes (Email state and counts), renames, creations and deletions (MailboxName), and
 * subscriptions (Mailbox state). With CONDSTORE enabled (imapflow always ENABLEs it),
 * Dovecot reports a flag change in a mailbox that is not selected as STATUS HIGHESTMODSEQ.
 */
const NOTIFY_EVENTS = [
  'MessageNew',
  'MessageExpunge',
  'FlagChange',
  'MailboxName',
  'SubscriptionChange',
] as const;
/** Other users' folders: subscriptions there are the grantee's own, not the owner's. */
const SHARED_EVENTS = ['MessageNew', 'MessageExpunge', 'FlagChange', 'MailboxName'] as const;
/** The selected mailbox takes only message events (RFC 5465 §5: no MailboxName there). */
const SELECTED_EVENTS = ['MessageNew', 'MessageExpunge', 'FlagChange'] as const;

/** Untagged responses that NOTIFY sends for mailboxes that are not selected. */
const NOTIFY_RESPONSES = ['STATUS', 'LIST'] as const;
/** Where the mailbox name sits in each of them: `STATUS name (…)`, `LIST (…) "/" name`. */
const NAME_POSITION: Record<(typeof NOTIFY_RESPONSES)[number], number> = { STATUS: 0, LIST: 2 };

interface UntaggedHandlers {
  untaggedHandlers: Record<string, ((response: { attributes: ImapValue[] }) => void) | undefined>;
}

export function hasNotify(client: ImapFlow): boolean {
  return client.capabilities.has('NOTIFY');
}

/** What one NOTIFY SET covers besides the personal namespace. */
export interface NotifyTargets {
  /** Roots of shared mailboxes (`shared/<owner>`), each watched as a subtree. */
  sharedRoots: readonly string[];
  /** Whether a mailbox is selected on the connection (its messages are then reported). */
  selected: boolean;
}

/**
 * Hooks `onActivity` to every unsolicited STATUS and LIST, once per connection. It gets the
 * mailbox named (null when it cannot be read): the watcher recomputes that account's states
 * from a fresh LIST-STATUS, which is what the facade would answer anyway.
 */
export function onNotifyResponses(
  client: ImapFlow,
  onActivity: (path: string | null) => void,
): void {
  const handlers = (client as unknown as UntaggedHandlers).untaggedHandlers;
  for (const name of NOTIFY_RESPONSES) {
    handlers[name] = (response) => {
      const value = response?.attributes?.[NAME_POSITION[name]];
      onActivity(value === undefined ? null : tokenText(value));
    };
  }
}

/**
 * `NOTIFY SET [(selected (…))] (personal (…)) [(subtree (roots…) (…))]`. Replaces whatever
 * the connection watched before (RFC 5465 §3.1), so it is also how a stopped share stops
 * being watched.
 */
export async function notifySet(client: ImapFlow, targets: NotifyTargets): Promise<void> {
  const filters: ImapValue[] = [];
  if (targets.selected) filters.push([imapAtom('selected'), SELECTED_EVENTS.map(imapAtom)]);
  filters.push([imapAtom('personal'), NOTIFY_EVENTS.map(imapAtom)]);
  if (targets.sharedRoots.length > 0) {
    filters.push([
      imapAtom('subtree'),
      targets.sharedRoots.map((root) => imapMailbox(client, root)),
      SHARED_EVENTS.map(imapAtom),
    ]);
  }
  await execRaw(client, 'NOTIFY', [imapAtom('SET'), ...filters], [], () => undefined);
}
