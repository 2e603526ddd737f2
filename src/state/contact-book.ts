// The Contacts tool's half of the ContactService (CONTACTS-3, -4, -6): lists, live views,
// import with merge, export. The vCard and CSV codecs (and papaparse) load with import()
// on first import or export, so opening the address book does not fetch them.
import { addCorrespondent } from '../contacts/correspondent.js';
import { planImport } from '../contacts/merge.js';
import type { Contact, ContactImport, ContactList } from '../contacts/model.js';
import { displayName, resolveMember } from '../contacts/model.js';
import { foldKey } from '../contacts/suggest.js';
import type { MailAddress } from '../mail/types.js';
import type { BuzonDb } from '../store/db.js';
import {
  ContactListNotFoundError,
  deleteContactList,
  getContactList,
  observeAllContacts,
  observeContactLists,
  putContactList,
  putContacts,
  updateContactList,
} from '../store/repos/contact-lists.js';
import { getContact, listContacts as listAll, putContact } from '../store/repos/contacts.js';
import type { ContactFileKind, ContactService } from './contact-types.js';
import { othersOnly } from './my-card.js';
import type { Subscribable } from './observable.js';

/** Contacts written per transaction on import: small enough to report progress often. */
const IMPORT_CHUNK = 500;

/** Thrown when "Add to a contact" names a contact that was deleted meanwhile. */
export class ContactNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No contact ${id}`);
    this.name = 'ContactNotFoundError';
  }
}

export type ContactBook = Pick<
  ContactService,
  | 'observeContacts'
  | 'observeLists'
  | 'addToContact'
  | 'createList'
  | 'renameList'
  | 'setListMembers'
  | 'deleteList'
  | 'recipientsOf'
  | 'exportList'
  | 'importContacts'
  | 'exportContacts'
>;

export interface ContactBookDeps {
  db: BuzonDb;
  now: () => number;
  random: () => string;
  /** Told after every write, so the suggestion index is rebuilt. */
  changed: () => void;
}

function sortedByName(contacts: Contact[]): Contact[] {
  const keyed = contacts.map((c) => [foldKey(displayName(c)), c] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return keyed.map(([, c]) => c);
}

function mapped<T, U>(source: Subscribable<T>, f: (t: T) => U): Subscribable<U> {
  return {
    subscribe: (o) => source.subscribe({ next: (v) => o.next(f(v)), error: (e) => o.error?.(e) }),
  };
}

async function readFile(text: string, kind: ContactFileKind): Promise<ContactImport> {
  if (kind === 'vcard') return (await import('../contacts/vcard.js')).vcardToContacts(text);
  return (await import('../contacts/csv.js')).csvToContacts(text);
}

async function mustList(db: BuzonDb, id: string): Promise<ContactList> {
  const list = await getContactList(db, id);
  if (!list) throw new ContactListNotFoundError(id);
  return list;
}

export function createContactBook(deps: ContactBookDeps): ContactBook {
  const { db, now, random, changed } = deps;
  /**
   * SEND-14: the user's own card is left out of the views, lists, exports and the import
   * merge (a card with the user's address must not pour notes into it).
   */
  const listContacts = async () => othersOnly(await listAll(db));
  return {
    observeContacts: () => mapped(observeAllContacts(db), (all) => sortedByName(othersOnly(all))),
    observeLists: () => observeContactLists(db),
    async addToContact(id, correspondent) {
      const contact = await getContact(db, id);
      if (!contact) throw new ContactNotFoundError(id);
      await putContact(db, { ...addCorrespondent(contact, correspondent), updatedAt: now() });
      changed();
    },
    async createList(name, members = []) {
      const id = random();
      await putContactList(db, { id, name: name.trim(), members });
      return id;
    },
    renameList: (id, name) => updateContactList(db, id, (l) => ({ ...l, name: name.trim() })),
    setListMembers: (id, members) => updateContactList(db, id, (l) => ({ ...l, members })),
    deleteList: (id) => deleteContactList(db, id),
    async recipientsOf(listId) {
      const [list, contacts] = await Promise.all([mustList(db, listId), listContacts()]);
      const byId = new Map(contacts.map((c) => [c.id, c]));
      const seen = new Set<string>();
      const recipients: MailAddress[] = [];
      let unreachable = 0;
      for (const member of list.members) {
        const r = resolveMember(member, byId);
        if (!r) {
          unreachable++;
          continue;
        }
        // The same address twice (a contact and a typed address) is written to once.
        const key = r.address.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        recipients.push({ name: r.name, address: r.address });
      }
      return { recipients, unreachable };
    },
    async exportList(listId) {
      const [list, contacts, csv] = await Promise.all([
        mustList(db, listId),
        listContacts(),
        import('../contacts/csv.js'),
      ]);
      return csv.listToCsv(list, contacts);
    },
    async importContacts(text, kind, onProgress) {
      const read = await readFile(text, kind);
      const plan = planImport(await listContacts(), read.contacts, random, now());
      const total = plan.writes.length;
      onProgress?.(0, total);
      for (let i = 0; i < total; i += IMPORT_CHUNK) {
        await putContacts(db, plan.writes.slice(i, i + IMPORT_CHUNK));
        onProgress?.(Math.min(i + IMPORT_CHUNK, total), total);
      }
      if (total) changed();
      return { added: plan.added, merged: plan.merged, skipped: read.skipped };
    },
    async exportContacts(kind) {
      const contacts = sortedByName(await listContacts());
      if (kind === 'vcard') return (await import('../contacts/vcard.js')).contactsToVcard(contacts);
      return (await import('../contacts/csv.js')).contactsToCsv(contacts);
    },
  };
}
