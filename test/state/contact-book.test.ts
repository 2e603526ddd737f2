// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// CONTACTS-3, -4, -6 through the real ContactService on fake-indexeddb: the import merge
// rules (same address → merged, empty fields filled, nothing overwritten, reasons for what
// is skipped), lists and their recipients, "Add to a contact", exports read back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { blankContact } from '../../src/contacts/model.js';
import type { Contact } from '../../src/contacts/model.js';
import { createContactService } from '../../src/state/contact-service.js';
import type { ContactService } from '../../src/state/contact-types.js';
import { openDb } from '../../src/store/db.js';
import type { BuzonDb } from '../../src/store/db.js';

const FIXTURES = join(import.meta.dirname, '../contacts/fixtures');
const T0 = Date.UTC(2026, 4, 1);

let db: BuzonDb | undefined;
let service: ContactService | undefined;
afterEach(() => {
  service?.close();
  db?.close();
});

async function open(): Promise<ContactService> {
  db = await openDb(`buzon-account-${crypto.randomUUID()}`, {
    indexedDB: new IDBFactory(),
    IDBKeyRange,
  });
  let n = 0;
  service = createContactService({ db, now: () => T0, random: () => `id${++n}` });
  return service;
}

const vcard = (...lines: string[]) =>
  ['BEGIN:VCARD', 'VERSION:4.0', ...lines, 'END:VCARD', ''].join('\r\n');

async function byEmail(s: ContactService, address: string): Promise<Contact> {
  const [hit] = await s.findByAddress(address);
  if (!hit) throw new Error(`no contact with ${address}`);
  return hit;
}

describe('importing contacts (CONTACTS-6)', () => {
  it('CONTACTS-6 a card whose address is already a contact fills its empty fields and keeps what it had', async () => {
    const s = await open();
    const id = await s.putContact({
      ...blankContact(),
      firstName: 'José',
      lastName: '',
      notes: 'Mi nota',
      emails: [{ address: 'Jose@Example.es', label: 'home' }],
      phones: [{ number: '+34 600 11 22 33', kind: 'mobile' }],
    });
    const report = await s.importContacts(
      vcard(
        'FN:Pepe Ñúñez',
        'N:Ñúñez;Pepe;;;',
        'ORG:Acme Ibérica',
        'NOTE:Otra nota',
        'EMAIL:jose@example.es',
        'EMAIL;TYPE=work:j.nunez@acme.example',
        'TEL;TYPE=cell:0034600112233',
        'TEL;TYPE=fax:+34 91 123 45 67',
      ),
      'vcard',
    );
    expect(report).toEqual({ added: 0, merged: 1, skipped: [] });
    const c = await s.getContact(id);
    expect(c?.firstName).toBe('José');
    expect(c?.lastName).toBe('Ñúñez');
    expect(c?.organization).toBe('Acme Ibérica');
    expect(c?.notes).toBe('Mi nota');
    expect(c?.emails.map((e) => e.address)).toEqual(['Jose@Example.es', 'j.nunez@acme.example']);
    // The same mobile written another way is not added twice; the fax is new.
    expect(c?.phones.map((p) => p.number)).toEqual(['+34 600 11 22 33', '+34 91 123 45 67']);
    expect(await s.findByAddress('j.nunez@acme.example')).toHaveLength(1);
  });

  it('CONTACTS-6 new addresses become new contacts; two cards of one file with one address become one', async () => {
    const s = await open();
    const report = await s.importContacts(
      vcard('FN:Ana Vecina', 'N:Vecina;Ana;;;', 'EMAIL:ana@example.org') +
        vcard('FN:Luis Gómez', 'N:Gómez;Luis;;;', 'EMAIL:luis@example.org') +
        vcard('FN:Ana V.', 'N:;;;;', 'EMAIL:ANA@example.org', 'TEL;TYPE=cell:+32475123456'),
      'vcard',
    );
    expect(report).toEqual({ added: 2, merged: 1, skipped: [] });
    const ana = await byEmail(s, 'ana@example.org');
    expect([ana.firstName, ana.lastName]).toEqual(['Ana', 'Vecina']);
    expect(ana.phones.map((p) => p.number)).toEqual(['+32475123456']);
    expect(await s.listContacts()).toHaveLength(2);
  });

  it('CONTACTS-6 importing the same file twice adds nobody the second time', async () => {
    const s = await open();
    const text = readFileSync(join(FIXTURES, 'contacts-3.0.vcf'), 'utf8');
    const first = await s.importContacts(text, 'vcard');
    expect(first.added).toBeGreaterThan(1);
    const count = (await s.listContacts()).length;
    const again = await s.importContacts(text, 'vcard');
    expect(again.added).toBe(0);
    expect(again.merged).toBe(first.added + first.merged);
    expect(await s.listContacts()).toHaveLength(count);
  });

  it('CONTACTS-6 a broken file imports what it can and says why each other card was skipped', async () => {
    const s = await open();
    const report = await s.importContacts(
      readFileSync(join(FIXTURES, 'broken.vcf'), 'utf8'),
      'vcard',
    );
    expect(report.added).toBeGreaterThanOrEqual(2);
    expect(report.skipped.length).toBeGreaterThan(0);
    for (const skip of report.skipped) expect(typeof skip.reason).toBe('string');
    expect((await byEmail(s, 'ana@example.org')).firstName).toBe('Ana');
  });

  it('CONTACTS-6 a CSV from Google merges by address and reports progress up to the end', async () => {
    const s = await open();
    const text = readFileSync(join(FIXTURES, 'google-contacts.csv'), 'utf8');
    const seen: [number, number][] = [];
    const report = await s.importContacts(text, 'csv', (done, total) => seen.push([done, total]));
    expect(report.added).toBeGreaterThan(0);
    const last = seen.at(-1);
    expect(last?.[0]).toBe(last?.[1]);
    expect(last?.[1]).toBe(report.added);
  });

  it('CONTACTS-6 export as vCard then import into an empty book gives the same people', async () => {
    const s = await open();
    await s.importContacts(readFileSync(join(FIXTURES, 'contacts-3.0.vcf'), 'utf8'), 'vcard');
    const names = (await s.listContacts()).map((c) => `${c.firstName} ${c.lastName}`).sort();
    const text = await s.exportContacts('vcard');
    service?.close();
    db?.close();
    const other = await open();
    await other.importContacts(text, 'vcard');
    expect((await other.listContacts()).map((c) => `${c.firstName} ${c.lastName}`).sort()).toEqual(
      names,
    );
  });
});

describe('lists (CONTACTS-4) and Add to a contact (CONTACTS-3)', () => {
  it('CONTACTS-4 a list mixing e-mail, SMS and fax gives number@SMS / number@FAX recipients and exports as CSV', async () => {
    const s = await open();
    const ana = await s.putContact({
      ...blankContact(),
      firstName: 'Ana',
      lastName: 'Núñez',
      emails: [{ address: 'ana@example.org', label: 'home' }],
      phones: [
        { number: '+32 475 12 34 56', kind: 'mobile' },
        { number: '322123456', kind: 'fax' },
      ],
    });
    const id = await s.createList('Guardia', [
      { kind: 'contact', contactId: ana, via: 'email' },
      { kind: 'contact', contactId: ana, via: 'sms' },
      { kind: 'address', address: '3222223333@FAX', name: 'Oficina' },
    ]);
    expect(await s.recipientsOf(id)).toEqual({
      recipients: [
        { name: 'Ana Núñez', address: 'ana@example.org' },
        { name: 'Ana Núñez', address: '32475123456@SMS' },
        { name: 'Oficina', address: '3222223333@FAX' },
      ],
      unreachable: 0,
    });
    const rows = Papa.parse<Record<string, string>>(await s.exportList(id), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows).toEqual([
      { Name: 'Ana Núñez', Address: 'ana@example.org', Phone: '', Kind: 'email' },
      { Name: 'Ana Núñez', Address: '32475123456@SMS', Phone: '+32 475 12 34 56', Kind: 'sms' },
      { Name: 'Oficina', Address: '3222223333@FAX', Phone: '3222223333', Kind: 'fax' },
    ]);
  });

  it('CONTACTS-4 rename, change members, delete: the contacts stay, a deleted contact counts as unreachable', async () => {
    const s = await open();
    const ana = await s.putContact({
      ...blankContact(),
      firstName: 'Ana',
      emails: [{ address: 'ana@example.org', label: 'home' }],
    });
    const id = await s.createList('Equipo');
    await s.renameList(id, '  Equipo de guardia ');
    await s.setListMembers(id, [{ kind: 'contact', contactId: ana, via: 'sms' }]);
    // Ana has no mobile: the member is shown but cannot be written to.
    expect(await s.recipientsOf(id)).toEqual({ recipients: [], unreachable: 1 });
    await s.deleteList(id);
    expect((await s.getContact(ana))?.firstName).toBe('Ana');
  });

  it('CONTACTS-3 Add to a contact adds an address once, and an SMS address as a mobile number', async () => {
    const s = await open();
    const id = await s.putContact({ ...blankContact(), firstName: 'Luis' });
    await s.addToContact(id, { name: 'Luis Gómez', address: 'luis@example.org' });
    await s.addToContact(id, { name: '', address: 'LUIS@example.org' });
    await s.addToContact(id, { name: '', address: '32475123456@SMS' });
    const c = await s.getContact(id);
    expect(c?.firstName).toBe('Luis');
    expect(c?.emails.map((e) => e.address)).toEqual(['luis@example.org']);
    expect(c?.phones).toEqual([{ number: '+32475123456', kind: 'mobile' }]);
    expect((await s.suggest('luis'))[0]?.address).toBe('luis@example.org');
  });
});
