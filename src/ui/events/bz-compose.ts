import type { DraftInput, MailAddress } from '../../state/types.js';

/**
 * The user asked to write a message: a blank one (New message), one given back by Undo
 * send (SEND-13, with the Outbox id it had so the composer can restore its sender), or a
 * reply or forward (SEND-5/6) with the sender it should go from (EXTERNAL-3).
 */
export class BzComposeEvent extends Event {
  static readonly eventName = 'bz-compose';
  readonly draft: DraftInput | null;
  readonly outboxId: string | null;
  readonly from: MailAddress | null;
  constructor(
    draft: DraftInput | null = null,
    outboxId: string | null = null,
    from: MailAddress | null = null,
  ) {
    super(BzComposeEvent.eventName, { bubbles: true, composed: true });
    this.draft = draft;
    this.outboxId = outboxId;
    this.from = from;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-compose': BzComposeEvent;
  }
}
