/** The user asked to archive messages of a folder (ARCHIVE-1). */
export class BzArchiveRequestEvent extends Event {
  static readonly eventName = 'bz-archive-request';
  readonly folderId: string;
  readonly selectedIds: readonly string[];
  constructor(folderId: string, selectedIds: readonly string[]) {
    super(BzArchiveRequestEvent.eventName, { bubbles: true, composed: true });
    this.folderId = folderId;
    this.selectedIds = selectedIds;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-archive-request': BzArchiveRequestEvent;
  }
}
