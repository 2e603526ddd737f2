// The words the Contacts tool shows for the address book's codes (phone kinds, channels,
// why an imported card was skipped). Functions, so each call follows the current locale.
import { msg, str } from '@lit/localize';
import type {
  ContactList,
  ImportSkipReason,
  MemberChannel,
  PhoneKind,
} from '../../contacts/model.js';

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

/** CONTACTS-5: whom a list is shared with, or by whom and with what right; [] for a local list. */
export function sharedListBadges(list: ContactList): string[] {
  const s = list.shared;
  if (!s) return [];
  if (!s.isMine)
    return [
      msg(str`Shared by ${s.owner}`, { id: 'contacts.shared.by' }),
      s.mayEdit
        ? msg('You can edit it', { id: 'contacts.shared.canEditIt' })
        : msg('You can use it', { id: 'contacts.shared.canUseIt' }),
    ];
  const n = s.sharedWith.length;
  if (n === 0) return [msg('On the server, shared with nobody', { id: 'contacts.shared.nobody' })];
  if (n === 1) return [msg('Shared with 1 person', { id: 'contacts.shared.withOne' })];
  return [msg(str`Shared with ${n} people`, { id: 'contacts.shared.withMany' })];
}

/** CONTACTS-5: what a person may do with a shared list. */
export function grantText(mayEdit: boolean): string {
  return mayEdit
    ? msg('Can edit', { id: 'contacts.shared.canEdit' })
    : msg('Can use', { id: 'contacts.shared.canUse' });
}

/** What Delete asks: a list shared with people is taken from them too (CONTACTS-5). */
export function deleteListQuestion(list: ContactList): string {
  const people = list.shared?.sharedWith.length ?? 0;
  return people > 0
    ? msg(
        str`Delete the list "${list.name}"? The ${people} people it is shared with lose it too. Its contacts stay in the address book.`,
        { id: 'contacts.deleteSharedListConfirm' },
      )
    : msg(str`Delete the list "${list.name}"? Its contacts stay in the address book.`, {
        id: 'contacts.deleteListConfirm',
      });
}
