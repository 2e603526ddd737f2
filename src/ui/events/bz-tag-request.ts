/**
 * TAG-1: the user asked to tag the selected messages (the list toolbar's Tag button). The app
 * opens the tag dialog for them.
 */
export class BzTagRequestEvent extends Event {
  static readonly eventName = 'bz-tag-request';
  readonly ids: readonly string[];
  constructor(ids: readonly string[]) {
    super(BzTagRequestEvent.eventName, { bubbles: true, composed: true });
    this.ids = ids;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-tag-request': BzTagRequestEvent;
  }
}
