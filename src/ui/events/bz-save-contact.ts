import type { MailAddress } from '../../mail/types.js';

/** CONTACTS-3: the user asked to keep a message's correspondent (new or existing contact). */
export class BzSaveContactEvent extends Event {
  static readonly eventName = 'bz-save-contact';
  readonly correspondent: MailAddress;
  constructor(correspondent: MailAddress) {
    super(BzSaveContactEvent.eventName, { bubbles: true, composed: true });
    this.correspondent = correspondent;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-save-contact': BzSaveContactEvent;
  }
}
