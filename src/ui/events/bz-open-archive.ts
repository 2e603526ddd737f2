/** Open a stored archive in the archive viewer (ARCHIVE-2). */
export class BzOpenArchiveEvent extends Event {
  static readonly eventName = 'bz-open-archive';
  readonly file: Blob;
  readonly name: string;
  constructor(file: Blob, name: string) {
    super(BzOpenArchiveEvent.eventName, { bubbles: true, composed: true });
    this.file = file;
    this.name = name;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-open-archive': BzOpenArchiveEvent;
  }
}
