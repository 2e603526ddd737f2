// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// CONTACTS-4 in the store (fake-indexeddb): schema v6 and its upgrade, lists kept apart
// from contacts — deleting a list keeps its contacts, deleting a contact leaves its lists.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/contacts/model.js';
import { openDb } from '../../src/store/db.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { V5_STORES } from '../../src/store/migrations/0005-identities.js';
import { V6_STORES } from '../../src/store/migrations/0006-contact-lists.js';
import {
  ContactListNotFoundError,
  deleteContactEverywhere,
  deleteContactList,
  listContactLists,
  putContactList,
  updateContactList,
} from '../../src/store/repos/contact-lists.js';
import { getContact, putContact } from '../../src/store/repos/contacts.js';

const fresh = () =>
  openDb(`buzon-account-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });

function card(id: string, firstName: string, email: string): Contact {
  return {
    id,
    firstName,
    lastName: '',
    organization: '',
    title: '',
    emails: [{ address: email, label: 'home' }],
    phones: [],
    addresses: [],
    birthday: null,
    urls: [],
    notes: '',
    tags: [],
    updatedAt: 1,
  };
}

describe('store schema v6 (0006-contact-lists)', () => {
  it('CONTACTS-4 upgrades a v5 account database keeping contacts and identities, and adds contactLists', async () => {
    const factory = new IDBFactory();
    const v5 = new Dexie('buzon-account-A1', { indexedDB: factory, IDBKeyRange });
    v5.version(5).stores(V5_STORES);
    await v5.open();
    await v5.table('contacts').add({ id: 'c1', firstName: 'José', emailKeys: ['jose@x.org'] });
    await v5.table('identities').add({ id: 'i1', name: 'Ana', address: 'ana@x.org' });
    v5.close();
    const db = await openDb('buzon-account-A1', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.contacts.get('c1'))?.firstName).toBe('José');
    expect((await db.contacts.where('emailKeys').equals('jose@x.org').first())?.id).toBe('c1');
    expect((await db.identities.get('i1'))?.address).toBe('ana@x.org');
    expect(db.contactLists.schema.primKey.name).toBe('id');
    expect(await db.contactLists.count()).toBe(0);
    for (const [table, spec] of Object.entries(V5_STORES))
      expect(V6_STORES[table as keyof typeof V5_STORES]).toBe(spec);
    db.close();
  });
});

describe('contact lists in the store (CONTACTS-4)', () => {
  it('CONTACTS-4 lists come back sorted by name, accents and case aside', async () => {
    const db = await fresh();
    await putContactList(db, { id: 'l1', name: 'vecinos', members: [] });
    await putContactList(db, { id: 'l2', name: 'Ámigos', members: [] });
    await putContactList(db, { id: 'l3', name: 'Bomberos', members: [] });
    expect((await listContactLists(db)).map((l) => l.name)).toEqual([
      'Ámigos',
      'Bomberos',
      'vecinos',
    ]);
    db.close();
  });

  it('CONTACTS-4 deleting a list keeps every contact that was in it', async () => {
    const db = await fresh();
    await putContact(db, card('c1', 'Ana', 'ana@x.org'));
    await putContactList(db, {
      id: 'l1',
      name: 'Equipo',
      members: [{ kind: 'contact', contactId: 'c1', via: 'email' }],
    });
    await deleteContactList(db, 'l1');
    expect(await listContactLists(db)).toEqual([]);
    expect((await getContact(db, 'c1'))?.firstName).toBe('Ana');
    db.close();
  });

  it('CONTACTS-4 deleting a contact takes it out of its lists, typed members stay', async () => {
    const db = await fresh();
    await putContact(db, card('c1', 'Ana', 'ana@x.org'));
    await putContact(db, card('c2', 'Luis', 'luis@x.org'));
    await putContactList(db, {
      id: 'l1',
      name: 'Equipo',
      members: [
        { kind: 'contact', contactId: 'c1', via: 'email' },
        { kind: 'contact', contactId: 'c2', via: 'email' },
        { kind: 'address', address: '32475123456@SMS', name: 'Guardia' },
      ],
    });
    await deleteContactEverywhere(db, 'c1');
    expect(await getContact(db, 'c1')).toBeUndefined();
    expect((await listContactLists(db))[0]?.members).toEqual([
      { kind: 'contact', contactId: 'c2', via: 'email' },
      { kind: 'address', address: '32475123456@SMS', name: 'Guardia' },
    ]);
    db.close();
  });

  it('CONTACTS-4 changing a list that was deleted meanwhile fails with ContactListNotFoundError', async () => {
    const db = await fresh();
    await expect(updateContactList(db, 'gone', (l) => l)).rejects.toBeInstanceOf(
      ContactListNotFoundError,
    );
    db.close();
  });
});
