// What the contacts codec tests share: a fixture's text and "what an import yields".
import { readFileSync } from 'node:fs';
import type { Contact, ImportedContact } from '../../src/contacts/model.js';

/** What an import yields for a contact: everything but the id and time the store assigns. */
export function imported(c: Contact): ImportedContact {
  const copy: Partial<Contact> = { ...c };
  delete copy.id;
  delete copy.updatedAt;
  return copy as ImportedContact;
}

export const fixture = (name: string): string =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
