/** The set of selected messages in the list changed. */
export class BzSelectionChangeEvent extends Event {
  static readonly eventName = 'bz-selection-change';
  readonly ids: readonly string[];
  /** True when every selected message is read, so "Mark unread" is the action offered. */
  readonly allSeen: boolean;

  constructor(ids: readonly string[], allSeen: boolean) {
    super(BzSelectionChangeEvent.eventName, { bubbles: true, composed: true });
    this.ids = ids;
    this.allSeen = allSeen;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-selection-change': BzSelectionChangeEvent;
  }
}
