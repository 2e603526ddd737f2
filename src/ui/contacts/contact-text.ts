// The words the Contacts tool shows for the address book's codes (phone kinds, channels,
// why an imported card was skipped). Functions, so each call follows the current locale.
import { msg } from '@lit/localize';
import type { ImportSkipReason, MemberChannel, PhoneKind } from '../../contacts/model.js';

export const PHONE_KINDS: readonly PhoneKind[] = ['mobile', 'home', 'work', 'fax', 'other'];

export function phoneKindText(kind: PhoneKind): string {
  switch (kind) {
    case 'mobile':
      return msg('Mobile', { id: 'contacts.phoneMobile' });
    case 'home':
      return msg('Home', { id: 'contacts.phoneHome' });
    case 'work':
      return msg('Work', { id: 'contacts.phoneWork' });
    case 'fax':
      return msg('Fax', { id: 'contacts.phoneFax' });
    case 'other':
      return msg('Other', { id: 'contacts.phoneOther' });
  }
}

export function channelText(via: MemberChannel): string {
  switch (via) {
    case 'email':
      return msg('E-mail', { id: 'contacts.viaEmail' });
    case 'sms':
      return msg('SMS', { id: 'contacts.viaSms' });
    case 'fax':
      return msg('Fax', { id: 'contacts.phoneFax' });
  }
}

export function skipText(reason: ImportSkipReason): string {
  switch (reason) {
    case 'input-too-large':
      return msg('the file is too large', { id: 'contacts.skipInputTooLarge' });
    case 'too-many-records':
      return msg('more contacts than one import takes', { id: 'contacts.skipTooMany' });
    case 'record-too-large':
      return msg('the card is too large', { id: 'contacts.skipRecordTooLarge' });
    case 'malformed':
      return msg('the card could not be read', { id: 'contacts.skipMalformed' });
    case 'empty':
      return msg('no name, address or number', { id: 'contacts.skipEmpty' });
    case 'unrecognised-header':
      return msg('the columns were not recognised', { id: 'contacts.skipHeader' });
  }
}
