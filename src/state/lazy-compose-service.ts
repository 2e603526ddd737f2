// The ComposeService as the app starts with it: the real one (compose-service.ts, with
// the Outbox, drafts and responses) loads on first use, in a chunk of its own, so the
// start-up bundle stays within its budget (ADR 0004). Only what must answer at once is
// here: whether this mailbox can send, and reading typed recipients.
import { parseRecipients } from '../mail/recipients.js';
import type { ComposeDeps } from './compose-service.js';
import { deferredSubscribable } from './subscribable.js';
import type { ComposeService } from './types.js';

type AsyncKey = Exclude<keyof ComposeService, 'canSend' | 'parseRecipients' | 'observeOutbox'>;

export function createLazyComposeService(deps: ComposeDeps): ComposeService {
  let real: Promise<ComposeService> | null = null;
  const load = (): Promise<ComposeService> =>
    (real ??= import('./compose-service.js').then((m) => m.createComposeService(deps)));
  const later =
    <K extends AsyncKey>(key: K) =>
    (...args: Parameters<ComposeService[K]>) =>
      // Called as a method: the real service's methods use `this`.
      load().then((s) =>
        Reflect.apply(s[key] as (...a: unknown[]) => unknown, s, args),
      ) as ReturnType<ComposeService[K]>;
  return {
    canSend: () => deps.account !== null,
    parseRecipients,
    observeOutbox: () => deferredSubscribable(async () => (await load()).observeOutbox()),
    senders: later('senders'),
    maxMessageBytes: later('maxMessageBytes'),
    requiredSignature: later('requiredSignature'),
    linkPolicy: later('linkPolicy'),
    send: later('send'),
    undo: later('undo'),
    retry: later('retry'),
    discard: later('discard'),
    respond: later('respond'),
    saveDraft: later('saveDraft'),
    editDraft: later('editDraft'),
    discardDraft: later('discardDraft'),
    saveTemplate: later('saveTemplate'),
    listTemplates: later('listTemplates'),
    useTemplate: later('useTemplate'),
    answerReceipt: later('answerReceipt'),
  };
}
