// SEND-14 "My card": the user's own personal data, kept as the contact record MY_CARD_ID in
// the account's `contacts` table (so it syncs and is backed up with the address book), and
// turned into the vCard the composer attaches. Never carries notes or tags: those are the
// user's private remarks, not something to hand to a correspondent.
import type { Contact, PersonalData } from '../contacts/model.js';
import { MY_CARD_ID, displayName, isEmptyContact } from '../contacts/model.js';
import type { BuzonDb } from '../store/db.js';
import { getContact, putContact } from '../store/repos/contacts.js';
import type { ContactService } from './contact-types.js';

/** Long names are cut: some mail clients and file systems refuse names past 255 octets. */
const MAX_FILENAME_CHARS = 80;

export type MyCard = Pick<ContactService, 'getMyCard' | 'setMyCard' | 'myVcard'>;

export interface MyCardDeps {
  db: BuzonDb;
  now: () => number;
}

/** True for the user's own card, which the address book's views and exports leave out. */
export function isMyCard(c: Pick<Contact, 'id'>): boolean {
  return c.id === MY_CARD_ID;
}

/** The contacts without the user's own card. */
export function othersOnly(contacts: Contact[]): Contact[] {
  return contacts.filter((c) => !isMyCard(c));
}

/** Only the personal fields: whatever else an object holds (id, notes, tags) is dropped. */
export function personalData(c: PersonalData): PersonalData {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    organization: c.organization,
    title: c.title,
    emails: c.emails.map((e) => ({ ...e })),
    phones: c.phones.map((p) => ({ ...p })),
    addresses: c.addresses.map((a) => ({ ...a })),
    birthday: c.birthday,
    urls: [...c.urls],
    updatedAt: c.updatedAt,
  };
}

/**
 * "Ana Pérez.vcf": the card's displayed name without the characters file systems refuse
 * (/ \ : * ? " < > | and controls), "card.vcf" when nothing is left.
 */
export function vcardFilename(p: PersonalData): string {
  const base = displayName(p)
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_FILENAME_CHARS)
    .trim();
  return `${base || 'card'}.vcf`;
}

export function createMyCard({ db, now }: MyCardDeps): MyCard {
  async function getMyCard(): Promise<PersonalData | null> {
    const card = await getContact(db, MY_CARD_ID);
    return card ? personalData(card) : null;
  }
  return {
    getMyCard,
    async setMyCard(p) {
      const card: Contact = { ...personalData(p), id: MY_CARD_ID, notes: '', tags: [] };
      await putContact(db, { ...card, updatedAt: now() });
    },
    async myVcard() {
      const card = await getMyCard();
      if (!card || isEmptyContact({ ...card, notes: '', tags: [] })) return null;
      // The codec (and ical.js) loads on first use, as for the address book's exports.
      const { personalVcard } = await import('../contacts/vcard.js');
      return { filename: vcardFilename(card), text: personalVcard(card) };
    },
  };
}
