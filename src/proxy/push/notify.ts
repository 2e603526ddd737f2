// IMAP NOTIFY (RFC 5465) on the watcher's own connection. With NOTIFY the server reports
// changes to every personal mailbox as unsolicited STATUS and LIST responses, between
// commands and without IDLE. imapflow has no NOTIFY helper and drops untagged STATUS/LIST
// that arrive outside its own commands, so the watcher registers connection-wide handlers
// for them; imapflow's per-command handlers still take precedence while its own LIST runs.
import type { ImapFlow } from 'imapflow';
import { execRaw, imapAtom } from '../imap/raw.js';

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

/** Untagged responses that NOTIFY sends for mailboxes that are not selected. */
const NOTIFY_RESPONSES = ['STATUS', 'LIST'] as const;

interface UntaggedHandlers {
  untaggedHandlers: Record<string, (() => void) | undefined>;
}

export function hasNotify(client: ImapFlow): boolean {
  return client.capabilities.has('NOTIFY');
}

/**
 * `NOTIFY SET (personal (…))`, after hooking `onActivity` to every unsolicited STATUS and
 * LIST. The responses themselves are not parsed: the watcher recomputes the states from a
 * fresh LIST-STATUS, which is what the facade would answer anyway.
 */
export async function notifyPersonalMailboxes(
  client: ImapFlow,
  onActivity: () => void,
): Promise<void> {
  const handlers = (client as unknown as UntaggedHandlers).untaggedHandlers;
  for (const name of NOTIFY_RESPONSES) handlers[name] = onActivity;
  await execRaw(
    client,
    'NOTIFY',
    [imapAtom('SET'), [imapAtom('personal'), NOTIFY_EVENTS.map(imapAtom)]],
    [],
    () => undefined,
  );
}
