/** The user accepted the new version: reload into it (PWA-1). */
export class BzUpdateAcceptEvent extends Event {
  static readonly eventName = 'bz-update-accept';

  constructor() {
    super(BzUpdateAcceptEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-update-accept': BzUpdateAcceptEvent;
  }
}
