import type { SearchRequest } from '../../state/types.js';

/**
 * SEARCH-1…5: the user asked for a search (the box, a recent or saved search, the advanced
 * form, "All messages with this person"). The app shows its results in the list pane.
 */
export class BzSearchEvent extends Event {
  static readonly eventName = 'bz-search';
  readonly request: SearchRequest;
  constructor(request: SearchRequest) {
    super(BzSearchEvent.eventName, { bubbles: true, composed: true });
    this.request = request;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-search': BzSearchEvent;
  }
}
