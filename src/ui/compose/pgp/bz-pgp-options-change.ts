import type { PgpSendOptions } from '../../../state/pgp-types.js';

/** PGP-2/3: the user turned "Sign" or "Encrypt" on or off (Encrypt on means Sign on too). */
export class BzPgpOptionsChangeEvent extends Event {
  static readonly eventName = 'bz-pgp-options-change';
  constructor(readonly options: PgpSendOptions) {
    super(BzPgpOptionsChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-pgp-options-change': BzPgpOptionsChangeEvent;
  }
}
