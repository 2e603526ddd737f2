import type { DraftInput } from '../../state/types.js';

/**
 * The user asked to write a message: a blank one (New message), or one given back by
 * Undo send (SEND-13), with the Outbox id it had so the composer can restore its sender.
 */
export class BzComposeEvent extends Event {
  static readonly eventName = 'bz-compose';
  readonly draft: DraftInput | null;
  readonly outboxId: string | null;
  constructor(draft: DraftInput | null = null, outboxId: string | null = null) {
    super(BzComposeEvent.eventName, { bubbles: true, composed: true });
    this.draft = draft;
    this.outboxId = outboxId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-compose': BzComposeEvent;
  }
}
