// Contact lists (CONTACTS-4, schema v6) and the address-book writes that span contacts and
// lists. The only code that reads and writes the `contactLists` table.
import { liveQuery } from 'dexie';
import type { Contact, ContactList, ListMember, SharedListInfo } from '../../contacts/model.js';
import type { Subscribable } from '../../state/observable.js';
import type { BuzonDb } from '../db.js';
import type { ContactRecord } from '../records.js';
import { addressKey } from './contacts.js';

/** Thrown when a list asked for by id is not (or no longer) there. */
export class ContactListNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No contact list ${id}`);
    this.name = 'ContactListNotFoundError';
  }
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

export async function listContactLists(db: BuzonDb): Promise<ContactList[]> {
  return (await db.contactLists.toArray()).sort(byName);
}

export function getContactList(db: BuzonDb, id: string): Promise<ContactList | undefined> {
  return db.contactLists.get(id);
}

export async function putContactList(db: BuzonDb, list: ContactList): Promise<void> {
  await db.contactLists.put(list);
}

/** Changes one list in a transaction, so two tabs editing it cannot lose a change. */
export async function updateContactList(
  db: BuzonDb,
  id: string,
  change: (list: ContactList) => ContactList,
): Promise<void> {
  await db.transaction('rw', db.contactLists, async () => {
    const list = await db.contactLists.get(id);
    if (!list) throw new ContactListNotFoundError(id);
    await db.contactLists.put(change(list));
  });
}

/** Deletes the list only: its member contacts stay in the address book (CONTACTS-4). */
export async function deleteContactList(db: BuzonDb, id: string): Promise<void> {
  await db.contactLists.delete(id);
}

/** A list as the server has it, before it has (or is matched to) a local id. */
export type ServerListRow = Omit<ContactList, 'id' | 'shared'> & { shared: SharedListInfo };

/**
 * CONTACTS-5: makes the book's server lists what the server answered, in one transaction:
 * each is matched to its local record by server id (a new one gets `newId()`), changed ones
 * are replaced, and server lists the server no longer returns go. Local-only lists are never
 * touched.
 */
export async function replaceSharedLists(
  db: BuzonDb,
  server: readonly ServerListRow[],
  newId: () => string,
): Promise<void> {
  await db.transaction('rw', db.contactLists, async () => {
    const known = new Map<string, ContactList>();
    // Two records of one server list (a first share that raced a refresh): one is kept.
    const twins: string[] = [];
    for (const l of await db.contactLists.toArray()) {
      if (!l.shared) continue;
      if (known.has(l.shared.serverId)) twins.push(l.id);
      else known.set(l.shared.serverId, l);
    }
    const puts: ContactList[] = [];
    for (const row of server) {
      const old = known.get(row.shared.serverId);
      known.delete(row.shared.serverId);
      const list: ContactList = {
        id: old?.id ?? newId(),
        name: row.name,
        members: row.members,
        shared: row.shared,
      };
      // Unchanged lists are not written: every write wakes each open view.
      if (!old || JSON.stringify(old) !== JSON.stringify(list)) puts.push(list);
    }
    if (puts.length) await db.contactLists.bulkPut(puts);
    const gone = [...known.values()].map((l) => l.id).concat(twins);
    if (gone.length) await db.contactLists.bulkDelete(gone);
  });
}

/**
 * Deletes a contact and takes it out of every list in one transaction, so no list keeps a
 * member that can no longer be reached.
 */
export async function deleteContactEverywhere(db: BuzonDb, contactId: string): Promise<void> {
  await db.transaction('rw', db.contacts, db.contactLists, async () => {
    await db.contacts.delete(contactId);
    const lists = await db.contactLists.toArray();
    const keep = (m: ListMember) => m.kind !== 'contact' || m.contactId !== contactId;
    const changed = lists
      .filter((l) => !l.members.every(keep))
      .map((l) => ({ ...l, members: l.members.filter(keep) }));
    if (changed.length) await db.contactLists.bulkPut(changed);
  });
}

/** Adds and replaces contacts in one transaction (an import writes a chunk at a time). */
export async function putContacts(db: BuzonDb, contacts: readonly Contact[]): Promise<void> {
  const rows: ContactRecord[] = contacts.map((c) => ({
    ...c,
    emailKeys: [...new Set(c.emails.map((e) => addressKey(e.address)).filter(Boolean))],
  }));
  await db.contacts.bulkPut(rows);
}

/** Every contact (the Contacts tool sorts them); emits again on any change, in any tab. */
export function observeAllContacts(db: BuzonDb): Subscribable<Contact[]> {
  return liveQuery(async () =>
    (await db.contacts.toArray()).map((r) => {
      const c: Partial<ContactRecord> = { ...r };
      delete c.emailKeys;
      return c as Contact;
    }),
  );
}

export function observeContactLists(db: BuzonDb): Subscribable<ContactList[]> {
  return liveQuery(() => listContactLists(db));
}
