// CONTACTS-6 import merge rules, pure (no store): an imported card whose e-mail address (or,
// for a card with no address, whose phone number) already belongs to a contact is merged
// into that contact — empty fields are filled, new addresses/numbers/URLs/tags appended,
// and nothing the user already has is overwritten. Anything else becomes a new contact.
// Cards of one file that share an address merge with each other the same way.
import type { Contact, ImportedContact, PostalAddress } from './model.js';
import { dialDigits } from './model.js';

export interface ImportPlan {
  /** The contacts to write: new ones and existing ones that changed. */
  writes: Contact[];
  added: number;
  merged: number;
}

const emailKey = (address: string) => address.trim().toLowerCase();
const phoneKey = (number: string) => dialDigits(number);
const postalKey = (a: PostalAddress) =>
  [a.street, a.locality, a.region, a.postalCode, a.country]
    .map((p) => p.trim().toLowerCase())
    .join('\u0000');

const TEXT_FIELDS = ['firstName', 'lastName', 'organization', 'title', 'notes'] as const;

/** Appends the items of `extra` whose key `into` lacks; true when any was appended. */
function appendNew<T>(into: T[], extra: readonly T[], key: (t: T) => string): boolean {
  const have = new Set(into.map(key));
  let grew = false;
  for (const item of extra) {
    const k = key(item);
    if (!k || have.has(k)) continue;
    have.add(k);
    into.push(item);
    grew = true;
  }
  return grew;
}

/**
 * Fills `target`'s empty fields from `incoming` and appends what it lacks; returns a new
 * contact and whether anything changed. What `target` holds is never replaced.
 */
export function mergeContact(
  target: Contact,
  incoming: ImportedContact,
): { contact: Contact; changed: boolean } {
  const c: Contact = {
    ...target,
    emails: [...target.emails],
    phones: [...target.phones],
    addresses: [...target.addresses],
    urls: [...target.urls],
    tags: [...target.tags],
  };
  let changed = false;
  for (const f of TEXT_FIELDS) {
    if (!c[f].trim() && incoming[f].trim()) {
      c[f] = incoming[f];
      changed = true;
    }
  }
  if (c.birthday === null && incoming.birthday !== null) {
    c.birthday = incoming.birthday;
    changed = true;
  }
  changed = appendNew(c.emails, incoming.emails, (e) => emailKey(e.address)) || changed;
  changed = appendNew(c.phones, incoming.phones, (p) => phoneKey(p.number)) || changed;
  changed = appendNew(c.addresses, incoming.addresses, postalKey) || changed;
  changed = appendNew(c.urls, incoming.urls, (u) => u.trim()) || changed;
  changed = appendNew(c.tags, incoming.tags, (t) => t.trim().toLowerCase()) || changed;
  return { contact: c, changed };
}

/**
 * Plans an import over the existing book: which cards are new, which merge into whom.
 * `newId` names a new contact; `now` stamps every written contact.
 */
export function planImport(
  existing: readonly Contact[],
  incoming: readonly ImportedContact[],
  newId: () => string,
  now: number,
): ImportPlan {
  const byId = new Map(existing.map((c) => [c.id, c]));
  const byEmail = new Map<string, string>();
  const byPhone = new Map<string, string>();
  const index = (c: Contact) => {
    for (const e of c.emails)
      if (!byEmail.has(emailKey(e.address))) byEmail.set(emailKey(e.address), c.id);
    for (const p of c.phones)
      if (phoneKey(p.number) && !byPhone.has(phoneKey(p.number)))
        byPhone.set(phoneKey(p.number), c.id);
  };
  existing.forEach(index);
  const written = new Set<string>();
  let added = 0;
  let merged = 0;
  for (const card of incoming) {
    const viaEmail = card.emails.map((e) => byEmail.get(emailKey(e.address))).find(Boolean);
    // Why phones only for a card without addresses: two people may share a home number,
    // but a card with no e-mail has nothing better to be recognised by.
    const viaPhone =
      card.emails.length === 0
        ? card.phones.map((p) => byPhone.get(phoneKey(p.number))).find(Boolean)
        : undefined;
    const targetId = viaEmail ?? viaPhone;
    const target = targetId ? byId.get(targetId) : undefined;
    if (target) {
      merged++;
      const { contact, changed } = mergeContact(target, card);
      if (!changed) continue;
      const stamped = { ...contact, updatedAt: now };
      byId.set(stamped.id, stamped);
      index(stamped);
      written.add(stamped.id);
    } else {
      added++;
      const contact: Contact = { ...card, id: newId(), updatedAt: now };
      byId.set(contact.id, contact);
      index(contact);
      written.add(contact.id);
    }
  }
  const writes = [...written].flatMap((id) => byId.get(id) ?? []);
  return { writes, added, merged };
}
