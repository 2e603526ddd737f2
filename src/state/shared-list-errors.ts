// CONTACTS-5: the words a user reads when a shared list could not be read or changed. One
// place, so the transport (sync/shared-lists.ts) and the address book's own checks before
// the network (shared-list-book.ts) say the same thing for the same reason.
import { msg } from '@lit/localize';
import { SharedListError } from './contact-types.js';
import type { SharedListFailure } from './contact-types.js';

export function sharedListMessage(reason: SharedListFailure): string {
  switch (reason) {
    case 'offline':
      return msg('Shared lists change only when you are online; nothing was changed.', {
        id: 'contacts.shared.offline',
      });
    case 'forbidden':
      return msg('You do not have the right to change this list (any more).', {
        id: 'contacts.shared.forbidden',
      });
    case 'notFound':
      return msg('This list is no longer on the server: it was deleted or is no longer shared.', {
        id: 'contacts.shared.notFound',
      });
    case 'invalid':
      return msg('The server cannot keep the list like this.', { id: 'contacts.shared.invalid' });
    case 'unavailable':
      return msg('The server could not keep the list. Try again later.', {
        id: 'contacts.shared.unavailable',
      });
  }
}

/** A SharedListError with the user's words for `reason`, and the server's detail if any. */
export function sharedListError(reason: SharedListFailure, detail?: string): SharedListError {
  const words = sharedListMessage(reason);
  return new SharedListError(reason, detail ? `${words} (${detail})` : words);
}
