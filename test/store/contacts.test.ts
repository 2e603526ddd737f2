// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// CONTACTS-1 in the store (fake-indexeddb): schema v4 and its upgrade, the address book's
// rows, the counts of whom the user wrote to, and the ContactService answering suggestions
// over them — rebuilt when either table changes.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/contacts/model.js';
import { HALF_LIFE_MS } from '../../src/contacts/suggest.js';
import { createContactService } from '../../src/state/contact-service.js';
import { openDb, type BuzonDb } from '../../src/store/db.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { V3_STORES } from '../../src/store/migrations/0003-outbox.js';
import { V4_STORES } from '../../src/store/migrations/0004-contacts.js';
import {
  deleteContact,
  findContactsByAddress,
  getContact,
  listContacts,
  listCorrespondents,
  noteSeen,
  noteSent,
  observeContactChanges,
  putContact,
} from '../../src/store/repos/contacts.js';

const T0 = Date.UTC(2026, 4, 1);

function card(id: string, firstName: string, lastName: string, emails: string[]): Contact {
  return {
    id,
    firstName,
    lastName,
    organization: '',
    title: '',
    emails: emails.map((address) => ({ address, label: 'home' as const })),
    phones: [],
    addresses: [],
    birthday: null,
    urls: [],
    notes: 'met at the 2025 conference',
    tags: [],
    updatedAt: T0,
  };
}

const fresh = () =>
  openDb(`buzon-account-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });

/** Resolves once `f` holds, polling: liveQuery answers asynchronously. */
async function until(f: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition never held');
}

describe('store schema v4 (0004-contacts)', () => {
  it('CONTACTS-1 upgrades a v3 account database keeping its Outbox, and adds contacts and correspondents', async () => {
    const factory = new IDBFactory();
    const v3 = new Dexie('buzon-account-A1', { indexedDB: factory, IDBKeyRange });
    v3.version(3).stores(V3_STORES);
    await v3.open();
    await v3.table('outbox').add({ id: 'o1', state: 'queued', createdAt: 1, subject: 'Hola' });
    v3.close();
    const db = await openDb('buzon-account-A1', { indexedDB: factory, IDBKeyRange, synced: true });
    expect(db.verno).toBe(SCHEMA_VERSION);
    // Later versions add tables; v4's are all there.
    expect(db.tables.map((t) => t.name)).toEqual(expect.arrayContaining(Object.keys(V4_STORES)));
    expect((await db.outbox.get('o1'))?.subject).toBe('Hola');
    expect(db.contacts.schema.primKey.name).toBe('id');
    expect(db.contacts.schema.idxByName['emailKeys']?.multi).toBe(true);
    expect(db.correspondents.schema.primKey.name).toBe('address');
    // No existing table gained or lost an index.
    for (const [table, spec] of Object.entries(V3_STORES))
      expect(V4_STORES[table as keyof typeof V3_STORES]).toBe(spec);
    db.close();
  });
});

describe('contacts repo (CONTACTS-1)', () => {
  it('CONTACTS-1 keeps a card whole, finds it by any of its addresses in any case, and deletes it', async () => {
    const db = await fresh();
    const jose = card('c1', 'José', 'García', ['Jose.Garcia@Example.es', 'pepe@casa.es']);
    await putContact(db, jose);
    expect(await getContact(db, 'c1')).toEqual(jose);
    expect(await listContacts(db)).toEqual([jose]);
    expect((await findContactsByAddress(db, 'JOSE.garcia@example.ES')).map((c) => c.id)).toEqual([
      'c1',
    ]);
    expect(await findContactsByAddress(db, 'nadie@example.es')).toEqual([]);
    await putContact(db, { ...jose, emails: [{ address: 'nuevo@example.es', label: 'work' }] });
    expect(await findContactsByAddress(db, 'pepe@casa.es')).toEqual([]);
    await deleteContact(db, 'c1');
    expect(await listContacts(db)).toEqual([]);
    db.close();
  });

  it('CONTACTS-1 counts each message written to an address once, To, Cc and Bcc alike, and keeps the name', async () => {
    const db = await fresh();
    await noteSent(
      db,
      [
        { name: 'Ana Pérez', address: 'Ana@Example.org' },
        { name: '', address: 'ana@example.org' },
        { name: '', address: 'bob@example.org' },
      ],
      T0,
    );
    await noteSent(db, [{ address: 'ANA@example.org' }], T0 + HALF_LIFE_MS);
    const rows = await listCorrespondents(db);
    const ana = rows.find((r) => r.address === 'ana@example.org');
    expect(ana).toMatchObject({ name: 'Ana Pérez', count: 2, lastAt: T0 + HALF_LIFE_MS });
    expect(ana?.weight).toBeCloseTo(1.5, 10);
    expect(rows.find((r) => r.address === 'bob@example.org')).toMatchObject({
      name: '',
      count: 1,
      weight: 1,
      lastAt: T0,
    });
    db.close();
  });

  it('CONTACTS-1 an address seen in received mail is added uncounted and never resets a count', async () => {
    const db = await fresh();
    await noteSent(db, [{ address: 'ana@example.org' }], T0);
    await noteSeen(db, [
      { name: 'Ana Pérez', address: 'ana@example.org' },
      { name: 'Luis Núñez', address: 'Luis@Example.org' },
    ]);
    const rows = await listCorrespondents(db);
    expect(rows.find((r) => r.address === 'ana@example.org')).toMatchObject({
      name: 'Ana Pérez',
      count: 1,
      weight: 1,
    });
    expect(rows.find((r) => r.address === 'luis@example.org')).toMatchObject({
      name: 'Luis Núñez',
      count: 0,
      weight: 0,
      lastAt: 0,
    });
    db.close();
  });

  it('CONTACTS-1 tells a watcher about an edited card and a new count, not only about new rows', async () => {
    const db = await fresh();
    await putContact(db, card('c1', 'José', 'García', ['jose@example.es']));
    await noteSent(db, [{ address: 'ana@example.org' }], T0);
    let emissions = 0;
    const sub = observeContactChanges(db).subscribe({ next: () => emissions++ });
    await until(() => emissions === 1);
    await putContact(db, card('c1', 'José María', 'García', ['jose@example.es']));
    await until(() => emissions === 2);
    await noteSent(db, [{ address: 'ana@example.org' }], T0 + 1);
    await until(() => emissions === 3);
    sub.unsubscribe();
    db.close();
  });
});

describe('ContactService (CONTACTS-1)', () => {
  async function service(db: BuzonDb) {
    let n = 0;
    return createContactService({ db, now: () => T0, random: () => `id${++n}` });
  }

  it('CONTACTS-1 suggests from contacts and from whom the user wrote to, most written-to first', async () => {
    const db = await fresh();
    const contacts = await service(db);
    await contacts.putContact({
      ...card('x', 'José', 'García', ['jose@example.es']),
      id: undefined,
    });
    await contacts.putContact(card('c9', 'Josefa', 'Ortiz', ['pepa@example.es']));
    await noteSent(db, [{ name: 'Jos Stam', address: 'jos@stam.nl' }], T0 - 1000);
    const found = await contacts.suggest('jos');
    expect(found).toEqual([
      { name: 'Jos Stam', address: 'jos@stam.nl', contactId: null },
      { name: 'José García', address: 'jose@example.es', contactId: 'id1' },
      { name: 'Josefa Ortiz', address: 'pepa@example.es', contactId: 'c9' },
    ]);
    expect(await contacts.suggest(' ')).toEqual([]);
    contacts.close();
    db.close();
  });

  it('CONTACTS-1 the index follows changes: a new card, a deleted one, a message sent from another tab', async () => {
    const db = await fresh();
    const contacts = await service(db);
    expect(await contacts.suggest('lu')).toEqual([]);
    const id = await contacts.putContact({
      ...card('', 'Luis', 'Núñez', ['luis@example.es']),
      id: undefined,
    });
    expect((await contacts.suggest('nun')).map((s) => s.address)).toEqual(['luis@example.es']);
    expect((await contacts.getContact(id))?.updatedAt).toBe(T0);
    await contacts.deleteContact(id);
    expect(await contacts.suggest('lu')).toEqual([]);
    // A write the service did not make (the Outbox confirming a send): seen through liveQuery.
    await noteSent(db, [{ name: 'Lucía', address: 'lucia@example.es' }], T0);
    await until(async () => (await contacts.suggest('luc')).length === 1);
    contacts.close();
    db.close();
  });
});
