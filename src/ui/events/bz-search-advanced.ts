import type { SearchRequest } from '../../state/types.js';

/**
 * SEARCH-3: the user asked for the advanced search form, filled from the box's current
 * text; `request.folderId` is the box's scope, kept unless the form names a folder.
 */
export class BzSearchAdvancedEvent extends Event {
  static readonly eventName = 'bz-search-advanced';
  readonly request: SearchRequest;
  constructor(request: SearchRequest) {
    super(BzSearchAdvancedEvent.eventName, { bubbles: true, composed: true });
    this.request = request;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-search-advanced': BzSearchAdvancedEvent;
  }
}
