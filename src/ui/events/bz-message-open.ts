/** The user opened a message (Space/Enter/click), or closed it. */
export class BzMessageOpenEvent extends Event {
  static readonly eventName = 'bz-message-open';
  /** The message to read, or null to close the reader. */
  readonly messageId: string | null;
  constructor(messageId: string | null) {
    super(BzMessageOpenEvent.eventName, { bubbles: true, composed: true });
    this.messageId = messageId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-message-open': BzMessageOpenEvent;
  }
}
