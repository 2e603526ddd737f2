/** An attachment was removed from a stored message (ATTACH-4): the reader reloads it. */
export class BzAttachmentDeletedEvent extends Event {
  static readonly eventName = 'bz-attachment-deleted';
  readonly partId: string;

  constructor(partId: string) {
    super(BzAttachmentDeletedEvent.eventName, { bubbles: true, composed: true });
    this.partId = partId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-attachment-deleted': BzAttachmentDeletedEvent;
  }
}
