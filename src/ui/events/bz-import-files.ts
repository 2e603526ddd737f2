/** The user picked or dropped files to import (IMPORT-1). */
export class BzImportFilesEvent extends Event {
  static readonly eventName = 'bz-import-files';
  readonly files: readonly File[];
  constructor(files: readonly File[]) {
    super(BzImportFilesEvent.eventName, { bubbles: true, composed: true });
    this.files = files;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-import-files': BzImportFilesEvent;
  }
}
