/** The user opened a thread row of the threads view (THREAD-1): the reader shows it. */
export class BzThreadOpenEvent extends Event {
  static readonly eventName = 'bz-thread-open';
  /** The folder whose threads view the row is in (its messages there are the row's). */
  readonly folderId: string;
  readonly threadKey: string;

  constructor(folderId: string, threadKey: string) {
    super(BzThreadOpenEvent.eventName, { bubbles: true, composed: true });
    this.folderId = folderId;
    this.threadKey = threadKey;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-thread-open': BzThreadOpenEvent;
  }
}
