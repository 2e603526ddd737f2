/**
 * PGP-1: keys were stored from the import dialog (confirmed, kept unconfirmed or as own
 * keys). Fired once, when the dialog closes, with every fingerprint stored while it was open.
 */
export class BzPgpImportedEvent extends CustomEvent<{ fingerprints: string[] }> {
  static readonly eventName = 'bz-pgp-imported';
  constructor(fingerprints: string[]) {
    super(BzPgpImportedEvent.eventName, {
      bubbles: true,
      composed: true,
      detail: { fingerprints },
    });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bz-pgp-imported': BzPgpImportedEvent;
  }
}
