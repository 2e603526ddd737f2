// The states a push carries (RFC 8620 §7.1), computed exactly as Mailbox/get and Email/get
// compute them (src/proxy/jmap/state.ts over one LIST-STATUS), so a client that compares
// a pushed state with its own, or passes it to /changes, sees the facade's own strings.
import type { ImapFlow } from 'imapflow';
import type { TypeState } from '../../protocol/jmap-core.js';
import type { MailboxSnapshot, SessionCache, StateSnapshot } from '../imap/cache.js';
import { listMailboxes } from '../imap/mailboxes.js';
import { PERSONAL_SCOPE } from '../imap/shared-namespace.js';
import type { MailboxScope } from '../imap/shared-namespace.js';
import { emailState, mailboxSnapshot, mailboxState } from '../jmap/state.js';
import { threadStateOf } from '../jmap/thread-get.js';

/** The JMAP types the IMAP facade pushes. Thread follows Email (one thread per email, ADR 0010). */
export const PUSHED_TYPES = ['Email', 'Mailbox', 'Thread'] as const;
export type PushedType = (typeof PUSHED_TYPES)[number];

export type AccountStates = Record<PushedType, string>;

/** The states and the facts behind them, which /changes needs remembered (ADR 0010). */
export interface ComputedStates {
  states: AccountStates;
  emailSnapshot: StateSnapshot;
  mailboxSnapshot: MailboxSnapshot;
}

/**
 * One LIST-STATUS (plus a NOOP when a mailbox is selected), as every facade request does,
 * of the user's own folders or of one shared mailbox (`scope`, ADR 0013). Null for a shared
 * mailbox with no selectable folder left: the facade then answers `accountNotFound`
 * (the share was stopped), so there is no state to push.
 */
export async function computeStates(
  client: ImapFlow,
  cache: SessionCache,
  scope: MailboxScope = PERSONAL_SCOPE,
): Promise<ComputedStates | null> {
  const mailboxes = await listMailboxes(client, cache, scope);
  if (scope.kind === 'shared' && !mailboxes.some((m) => m.selectable)) return null;
  const email = emailState(mailboxes);
  return {
    states: {
      Email: email.state,
      Mailbox: mailboxState(mailboxes),
      Thread: threadStateOf(email.state),
    },
    emailSnapshot: email.snapshot,
    mailboxSnapshot: mailboxSnapshot(mailboxes),
  };
}

/** The types whose state differs, with their new state; empty when nothing changed. */
export function changedTypes(before: AccountStates, after: AccountStates): TypeState {
  const changed: TypeState = {};
  for (const type of PUSHED_TYPES) if (before[type] !== after[type]) changed[type] = after[type];
  return changed;
}

/** Whether a stream subscribed to `types` (`*` or names) could ever receive a push. */
export function wantsPushedType(types: '*' | readonly string[]): boolean {
  return types === '*' || types.some((t) => (PUSHED_TYPES as readonly string[]).includes(t));
}
