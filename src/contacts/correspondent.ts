// CONTACTS-3: a correspondent seen in a message, turned into a new contact ("Save in
// contacts") or added to an existing one ("Add to a contact"). An SMS or fax address
// (`32475123456@SMS`, `322123456@FAX`) becomes a phone number, not an e-mail address.
import type { Contact, ContactPhone, ImportedContact } from './model.js';
import { blankContact, dialDigits, isFaxAddress, isSmsAddress } from './model.js';

export interface Correspondent {
  name: string;
  address: string;
}

/** The phone a `number@SMS` / `number@FAX` address stands for, else null. */
export function phoneOf(address: string): ContactPhone | null {
  const digits = address.slice(0, address.indexOf('@'));
  if (isSmsAddress(address)) return { number: `+${digits}`, kind: 'mobile' };
  if (isFaxAddress(address)) return { number: digits, kind: 'fax' };
  return null;
}

/**
 * First and last name from a display name: "Pérez García, Ana" (last, first) or
 * "Ana Pérez García" (first word, then the rest). A quoted or empty name gives ''.
 */
export function splitName(name: string): { firstName: string; lastName: string } {
  const clean = name.replace(/^["']+|["']+$/g, '').trim();
  const comma = clean.indexOf(',');
  if (comma > 0) {
    return { firstName: clean.slice(comma + 1).trim(), lastName: clean.slice(0, comma).trim() };
  }
  const space = clean.indexOf(' ');
  return space < 0
    ? { firstName: clean, lastName: '' }
    : { firstName: clean.slice(0, space), lastName: clean.slice(space + 1).trim() };
}

/** "Save in contacts": a new card holding the correspondent's name and address. */
export function contactFromCorrespondent(c: Correspondent): ImportedContact {
  const card = blankContact();
  // A name that is only the address again ("ana@x.org" <ana@x.org>) is no name.
  const named = c.name.trim() && c.name.trim() !== c.address ? splitName(c.name) : null;
  if (named) Object.assign(card, named);
  const phone = phoneOf(c.address);
  if (phone) card.phones.push(phone);
  else card.emails.push({ address: c.address.trim(), label: 'other' });
  return card;
}

/**
 * "Add to a contact": the contact with the address (or number) added, or unchanged when
 * it already holds it. Its name is filled in only when it had none.
 */
export function addCorrespondent(contact: Contact, c: Correspondent): Contact {
  const out: Contact = { ...contact, emails: [...contact.emails], phones: [...contact.phones] };
  const phone = phoneOf(c.address);
  if (phone) {
    const digits = dialDigits(phone.number);
    if (!out.phones.some((p) => dialDigits(p.number) === digits)) out.phones.push(phone);
  } else {
    const key = c.address.trim().toLowerCase();
    if (!out.emails.some((e) => e.address.trim().toLowerCase() === key))
      out.emails.push({ address: c.address.trim(), label: 'other' });
  }
  if (!out.firstName && !out.lastName && c.name.trim() && c.name.trim() !== c.address)
    Object.assign(out, splitName(c.name));
  return out;
}
