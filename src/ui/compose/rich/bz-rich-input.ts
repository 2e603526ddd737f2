/** SEND-3: the rich editor's content changed; `text` is the plain alternative of `html`. */
export class BzRichInputEvent extends Event {
  static readonly eventName = 'bz-rich-input';
  readonly html: string;
  readonly text: string;
  constructor(html: string, text: string) {
    // Not composed: the composer that holds the editor in its shadow root listens.
    super(BzRichInputEvent.eventName, { bubbles: true });
    this.html = html;
    this.text = text;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-rich-input': BzRichInputEvent;
  }
}
