import type { LocaleSetting } from '../../state/types.js';

/** The user picked an interface language (PWA-4): saved in Settings, applied at once. */
export class BzLocaleChangeEvent extends Event {
  static readonly eventName = 'bz-locale-change';
  readonly locale: LocaleSetting;

  constructor(locale: LocaleSetting) {
    super(BzLocaleChangeEvent.eventName, { bubbles: true, composed: true });
    this.locale = locale;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-locale-change': BzLocaleChangeEvent;
  }
}
