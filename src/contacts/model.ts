// The address book's data (CONTACTS-1…6, SEND-8/9/14): plain objects, structured-clone safe,
// no DOM, so the same values live in IndexedDB, cross to workers and feed the vCard/CSV codecs.
import { isFaxAddress, isSmsAddress } from '../mail/phone.js';
import type { ListGrant } from '../protocol/jmap-lists.js';

/** An e-mail address of a contact; the label is what vCard TYPE and Google/Outlook CSV carry. */
export interface ContactEmail {
  address: string;
  label: 'home' | 'work' | 'other';
}

export type PhoneKind = 'mobile' | 'home' | 'work' | 'fax' | 'other';

/** A phone number as the user typed it ("+34 600 11 22 33"); formatting is kept. */
export interface ContactPhone {
  number: string;
  kind: PhoneKind;
}

/** A postal address, the parts RFC 6350 §6.3.1 ADR and the CSV exports have in common. */
export interface PostalAddress {
  street: string;
  locality: string;
  region: string;
  postalCode: string;
  country: string;
  kind: 'home' | 'work' | 'other';
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  organization: string;
  /** Job title (vCard TITLE), not an honorific. */
  title: string;
  emails: ContactEmail[];
  phones: ContactPhone[];
  addresses: PostalAddress[];
  /** `YYYY-MM-DD`, or `--MM-DD` when the year is unknown (RFC 6350 §4.3.1), or null. */
  birthday: string | null;
  urls: string[];
  notes: string;
  tags: string[];
  /** Epoch milliseconds of the last change. */
  updatedAt: number;
}

/** SEND-14: the user's own card carries every field but comments (notes) and tags. */
export type PersonalData = Omit<Contact, 'id' | 'tags' | 'notes'>;

/**
 * SEND-14: the id of the user's own card in the `contacts` table. Other ids are random UUIDs,
 * so it never collides; the address book's lists, suggestions and exports leave it out.
 */
export const MY_CARD_ID = 'me';

/** How a contact takes part in a list: by e-mail, or by a phone number through SMS or fax. */
export type MemberChannel = 'email' | 'sms' | 'fax';

/**
 * A list member (CONTACTS-4). A contact member follows the contact when it changes; `value`
 * pins one of its addresses or numbers, otherwise the first that fits the channel is used.
 * A bare address member is anything typed in a recipient field: `ana@example.org`,
 * `32475123456@SMS`, `322123456@FAX`.
 */
export type ListMember =
  | { kind: 'contact'; contactId: string; via: MemberChannel; value?: string }
  | { kind: 'address'; address: string; name: string };

export interface ContactList {
  id: string;
  name: string;
  members: ListMember[];
  /**
   * CONTACTS-5: set when the list lives on the server (the user's own list once shared, or a
   * list someone shares with the user). Its members are then `address` members only, since
   * the other side has none of this book's contacts; the server's copy is the truth.
   */
  shared?: SharedListInfo;
}

/** CONTACTS-5: where a server-kept list comes from and what the user may do with it. */
export interface SharedListInfo {
  /** The list's id on the server (SharedList.id). */
  serverId: string;
  /** The owner's login name. */
  owner: string;
  isMine: boolean;
  mayEdit: boolean;
  /** Who the owner shares it with; [] on a list someone shares with the user. */
  sharedWith: ListGrant[];
  /** The server's last change (UTCDate). */
  updated: string;
}

/** A contact read from a vCard or CSV file, before the store gives it an id and a time. */
export type ImportedContact = Omit<Contact, 'id' | 'updatedAt'>;

/** Why a card or row was left out of an import; the UI words it for the user. */
export type ImportSkipReason =
  | 'input-too-large'
  | 'too-many-records'
  | 'record-too-large'
  | 'malformed'
  | 'empty'
  | 'unrecognised-header';

/** `index` counts cards (vCard) or data rows (CSV) from 0; `detail` is the parser's words. */
export interface ImportSkip {
  index: number;
  reason: ImportSkipReason;
  detail?: string;
}

/** What an import yields: what could be read, and what was not, with why (never a throw). */
export interface ContactImport {
  contacts: ImportedContact[];
  skipped: ImportSkip[];
}

export function blankContact(): ImportedContact {
  return {
    firstName: '',
    lastName: '',
    organization: '',
    title: '',
    emails: [],
    phones: [],
    addresses: [],
    birthday: null,
    urls: [],
    notes: '',
    tags: [],
  };
}

/** True when an imported record names nobody and reaches nobody: nothing worth keeping. */
export function isEmptyContact(c: ImportedContact): boolean {
  return displayName(c) === '';
}

/** `YYYY-MM-DD` or `--MM-DD` from the forms vCard and the CSV exports use, else null. */
export function normaliseBirthday(value: string): string | null {
  const full = /^(\d{4})-?(\d{2})-?(\d{2})(?:$|T)/.exec(value.trim());
  const yearless = /^--(\d{2})-?(\d{2})$/.exec(value.trim());
  const [year, month, day] = full
    ? [full[1], full[2], full[3]]
    : yearless
      ? ['', yearless[1], yearless[2]]
      : [];
  if (month === undefined || day === undefined || year === undefined) return null;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return null;
  return year ? `${year}-${month}-${day}` : `--${month}-${day}`;
}

/** The name shown for a contact: the person, else the company, else how to reach them. */
export function displayName(
  c: Pick<Contact, 'firstName' | 'lastName' | 'organization' | 'emails' | 'phones'>,
): string {
  const person = `${c.firstName.trim()} ${c.lastName.trim()}`.trim();
  return person || c.organization.trim() || c.emails[0]?.address || c.phones[0]?.number || '';
}

// SEND-8/9 address checks live with the recipient parsing (mail/phone.ts).
export { isFaxAddress, isSmsAddress };

/**
 * The digits a gateway dials: "+32 475 12 34 56" and "0032 475…" → "32475123456". A national
 * number ("0475…") stays as typed, which only a fax address accepts.
 */
export function dialDigits(number: string): string {
  const digits = number.replace(/\D/g, '');
  if (number.trim().startsWith('+')) return digits;
  return digits.startsWith('00') ? digits.slice(2) : digits;
}

/** `number@SMS` / `number@FAX` for a phone number, or null when it cannot be one. */
export function phoneRecipient(number: string, via: 'sms' | 'fax'): string | null {
  const address = `${dialDigits(number)}@${via.toUpperCase()}`;
  return (via === 'sms' ? isSmsAddress(address) : isFaxAddress(address)) ? address : null;
}

/** A list member made concrete: who, the address to send to, and through what. */
export interface ResolvedMember {
  name: string;
  address: string;
  /** The phone number as stored, for SMS and fax members; '' for e-mail. */
  number: string;
  via: MemberChannel;
}

/**
 * Turns a member into a recipient; null when its contact is gone or has no address or number
 * for the channel (the caller shows those, it never sends to them silently).
 */
export function resolveMember(
  member: ListMember,
  contacts: ReadonlyMap<string, Contact>,
): ResolvedMember | null {
  if (member.kind === 'address') {
    const via: MemberChannel = isSmsAddress(member.address)
      ? 'sms'
      : isFaxAddress(member.address)
        ? 'fax'
        : 'email';
    const number = via === 'email' ? '' : member.address.slice(0, member.address.indexOf('@'));
    return { name: member.name, address: member.address, number, via };
  }
  const contact = contacts.get(member.contactId);
  if (!contact) return null;
  const name = displayName(contact);
  if (member.via === 'email') {
    const email = contact.emails.find(
      (e) => member.value === undefined || e.address === member.value,
    );
    return email ? { name, address: email.address, number: '', via: 'email' } : null;
  }
  const wanted: PhoneKind[] = member.via === 'fax' ? ['fax'] : ['mobile', 'other', 'home', 'work'];
  const phones =
    member.value === undefined
      ? wanted.flatMap((kind) => contact.phones.filter((p) => p.kind === kind))
      : contact.phones.filter((p) => p.number === member.value);
  for (const phone of phones) {
    const address = phoneRecipient(phone.number, member.via);
    if (address) return { name, address, number: phone.number, via: member.via };
  }
  return null;
}
