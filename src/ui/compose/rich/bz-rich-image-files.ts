/**
 * SEND-4: image files pasted, dropped or chosen in the rich editor. The editor inserts
 * nothing itself: the composer keeps the bytes (and a copy in "Mail images"), warns when
 * they are heavy, and calls `insertImage` with a blob: URL and a Content-ID.
 */
export class BzRichImageFilesEvent extends Event {
  static readonly eventName = 'bz-rich-image-files';
  readonly files: readonly File[];
  constructor(files: readonly File[]) {
    // Not composed: the composer that holds the editor in its shadow root listens.
    super(BzRichImageFilesEvent.eventName, { bubbles: true });
    this.files = files;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-rich-image-files': BzRichImageFilesEvent;
  }
}
