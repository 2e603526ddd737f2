/** The user left search mode (Esc or the clear button): the list shows the folder again. */
export class BzSearchClearEvent extends Event {
  static readonly eventName = 'bz-search-clear';
  constructor() {
    super(BzSearchClearEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-search-clear': BzSearchClearEvent;
  }
}
