/** The user chose a folder to show. */
export class BzFolderSelectEvent extends Event {
  static readonly eventName = 'bz-folder-select';
  readonly folderId: string;
  constructor(folderId: string) {
    super(BzFolderSelectEvent.eventName, { bubbles: true, composed: true });
    this.folderId = folderId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-folder-select': BzFolderSelectEvent;
  }
}
