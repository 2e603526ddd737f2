import { execFileSync } from 'node:child_process';
import { fixture, imported } from './support.js';
import { describe, expect, it } from 'vitest';
import type { Contact, ContactList } from '../../src/contacts/model.js';
import {
  MAX_CSV_INPUT_CHARS,
  MAX_CSV_ROWS,
  contactsToCsv,
  csvToContacts,
  listToCsv,
} from '../../src/contacts/csv.js';

/** The peer: Python's stdlib csv module in strict mode, fed on stdin, answering in JSON. */
const PEER = [
  'import csv, io, json, sys',
  "text = io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline='')",
  'print(json.dumps(list(csv.reader(text, strict=True))))',
].join('\n');

function peerRows(csvText: string): Record<string, string>[] {
  const out = execFileSync('python3', ['-c', PEER], { input: csvText, encoding: 'utf8' });
  const [header = [], ...rows] = JSON.parse(out) as string[][];
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
}

const base: Contact = {
  id: '',
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
  updatedAt: 0,
};
const jose: Contact = {
  ...base,
  id: 'c-jose',
  firstName: 'José',
  lastName: 'Ñúñez García',
  organization: 'Acme Ibérica, S.L.',
  title: 'Director "comercial"',
  emails: [
    { address: 'jose@example.es', label: 'home' },
    { address: 'j.nunez@acme.example', label: 'work' },
  ],
  phones: [
    { number: '+34 600 11 22 33', kind: 'mobile' },
    { number: '+34 91 123 45 67', kind: 'fax' },
  ],
  addresses: [
    {
      street: 'Calle Mayor 1\n3º izda',
      locality: 'Madrid',
      region: 'Madrid',
      postalCode: '28013',
      country: 'España',
      kind: 'home',
    },
  ],
  birthday: '1980-02-29',
  urls: ['https://example.es/jose'],
  notes: 'Línea 1\nLínea 2',
  tags: ['amigos', 'trabajo'],
};
const evil: Contact = {
  ...base,
  id: 'c-evil',
  firstName: '=HYPERLINK("http://evil.example","clic")',
  lastName: "-2+3+cmd|' /C calc'!A0",
  organization: '@SUM(1+1)',
  emails: [{ address: 'evil@example.org', label: 'other' }],
};
const ana: Contact = {
  ...base,
  id: 'c-ana',
  firstName: 'Ana',
  lastName: 'Vecina',
  phones: [{ number: '+32 475 12 34 56', kind: 'mobile' }],
};

describe('contacts CSV export', () => {
  it('CONTACTS-6 writes RFC 4180 CSV that Python reads back with accents, several emails and phone kinds', () => {
    const text = contactsToCsv([jose, ana]);
    expect(text.split('\r\n').length).toBeGreaterThan(2);
    const rows = peerRows(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      'First Name': 'José',
      'Last Name': 'Ñúñez García',
      'Organization Name': 'Acme Ibérica, S.L.',
      'Organization Title': 'Director "comercial"',
      Birthday: '1980-02-29',
      Notes: 'Línea 1\nLínea 2',
      Labels: 'amigos ::: trabajo',
      'E-mail 1 - Label': 'Home',
      'E-mail 1 - Value': 'jose@example.es',
      'E-mail 2 - Label': 'Work',
      'E-mail 2 - Value': 'j.nunez@acme.example',
      'Phone 1 - Label': 'Mobile',
      'Phone 1 - Value': '+34 600 11 22 33',
      'Phone 2 - Label': 'Fax',
      'Phone 2 - Value': '+34 91 123 45 67',
      'Address 1 - Street': 'Calle Mayor 1\n3º izda',
      'Address 1 - Country': 'España',
      'Website 1 - Value': 'https://example.es/jose',
    });
    expect(rows[1]).toMatchObject({
      'First Name': 'Ana',
      'E-mail 1 - Value': '',
      'Phone 1 - Value': '+32 475 12 34 56',
    });
  });

  it('CONTACTS-6 defuses spreadsheet formulas with a leading apostrophe and reads its own file back', () => {
    const text = contactsToCsv([evil]);
    const [row] = peerRows(text);
    expect(row?.['First Name']).toBe('\'=HYPERLINK("http://evil.example","clic")');
    expect(row?.['Last Name']).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(row?.['Organization Name']).toBe("'@SUM(1+1)");
    const back = csvToContacts(text);
    expect(back.contacts[0]).toMatchObject({
      firstName: evil.firstName,
      lastName: evil.lastName,
      organization: '@SUM(1+1)',
    });
  });

  it('CONTACTS-6 round-trips contacts through its own CSV', () => {
    const { contacts, skipped } = csvToContacts(contactsToCsv([jose, ana]));
    expect(skipped).toEqual([]);
    expect(contacts[0]).toEqual(imported(jose));
    expect(contacts[1]).toMatchObject({ firstName: 'Ana', lastName: 'Vecina', emails: [] });
  });
});

describe('contacts CSV import', () => {
  it('CONTACTS-6 reads a Google Contacts CSV export', () => {
    const { contacts, skipped } = csvToContacts(fixture('google-contacts.csv'));
    expect(skipped).toEqual([{ index: 3, reason: 'empty' }]);
    expect(contacts).toHaveLength(3);
    const [jose1, maria, shop] = contacts;
    expect(jose1).toMatchObject({
      firstName: 'José',
      lastName: 'Ñúñez García',
      organization: 'Acme Ibérica, S.L.',
      title: 'Director comercial',
      birthday: '1980-02-29',
      notes: 'Conocido en la feria de Valencia.\nPrefiere el móvil.',
      tags: ['Amigos', 'Trabajo'],
      urls: ['https://example.es/jose'],
    });
    expect(jose1?.emails).toEqual([
      { address: 'jose@example.es', label: 'home' },
      { address: 'jose.nunez@example.org', label: 'home' },
      { address: 'j.nunez@acme.example', label: 'work' },
    ]);
    expect(jose1?.phones).toEqual([
      { number: '+34 600 11 22 33', kind: 'mobile' },
      { number: '+34 91 123 45 67', kind: 'fax' },
    ]);
    expect(jose1?.addresses).toEqual([
      {
        street: 'Calle Mayor 1\n3º izda',
        locality: 'Madrid',
        region: 'Madrid',
        postalCode: '28013',
        country: 'España',
        kind: 'home',
      },
    ]);
    expect(maria).toMatchObject({
      firstName: 'María Inés',
      lastName: 'Pérez',
      birthday: '--04-15',
      tags: [],
    });
    expect(shop).toMatchObject({
      organization: 'Farmacia Güemes',
      emails: [{ address: 'pedidos@farmacia.example', label: 'other' }],
    });
  });

  it('CONTACTS-6 reads an Outlook CSV export (BOM, job title, categories, US birthday, faxes)', () => {
    const { contacts, skipped } = csvToContacts(fixture('outlook-contacts.csv'));
    expect(skipped).toEqual([]);
    const [begona, tom] = contacts;
    expect(begona).toMatchObject({
      firstName: 'Begoña',
      lastName: 'Ibáñez Muñoz',
      organization: 'Ayuntamiento de Logroño',
      title: 'Técnica de sistemas',
      birthday: '1980-05-15',
      tags: ['Clientes', 'Proveedores'],
      urls: ['https://logrono.example'],
    });
    expect(begona?.emails).toEqual([
      { address: 'begona.ibanez@logrono.example', label: 'other' },
      { address: 'bego@example.com', label: 'other' },
    ]);
    expect(begona?.phones).toEqual(
      expect.arrayContaining([
        { number: '+34 941 27 70 00', kind: 'fax' },
        { number: '+34 941 27 70 01', kind: 'work' },
        { number: '+34 699 88 77 66', kind: 'mobile' },
      ]),
    );
    expect(begona?.addresses).toEqual([
      {
        street: 'Avenida de la Paz 11\nPlanta 2',
        locality: 'Logroño',
        region: 'La Rioja',
        postalCode: '26071',
        country: 'España',
        kind: 'work',
      },
    ]);
    expect(tom).toMatchObject({ firstName: 'Tom', lastName: "O'Brien", birthday: null });
    expect(tom?.phones).toEqual([{ number: '(555) 010-2000', kind: 'home' }]);
    expect(tom?.addresses[0]).toMatchObject({ locality: 'Springfield', kind: 'home' });
  });

  it('CONTACTS-6 skips what it cannot read and bounds hostile files without throwing', () => {
    expect(csvToContacts('colour,size\r\nred,big\r\n').skipped).toEqual([
      { index: 0, reason: 'unrecognised-header' },
    ]);
    expect(csvToContacts('x'.repeat(MAX_CSV_INPUT_CHARS + 1))).toEqual({
      contacts: [],
      skipped: [{ index: 0, reason: 'input-too-large' }],
    });
    const flood = csvToContacts('First Name\r\n' + 'Ana\r\n'.repeat(MAX_CSV_ROWS + 10));
    expect(flood.contacts).toHaveLength(MAX_CSV_ROWS);
    expect(flood.skipped).toEqual([{ index: MAX_CSV_ROWS, reason: 'too-many-records' }]);
    const unterminated = csvToContacts('First Name,Last Name\r\nAna,Vecina\r\n"Bea,Roto\r\n');
    expect(unterminated.contacts.map((c) => c.firstName)).toEqual(['Ana']);
    expect(unterminated.skipped[0]).toMatchObject({ index: 1, reason: 'malformed' });
  });
});

describe('list CSV export', () => {
  it('CONTACTS-4 exports a list mixing e-mail, SMS and fax members as CSV a peer reads', () => {
    const list: ContactList = {
      id: 'l-1',
      name: 'Equipo',
      members: [
        { kind: 'contact', contactId: 'c-jose', via: 'email' },
        { kind: 'contact', contactId: 'c-jose', via: 'email', value: 'j.nunez@acme.example' },
        { kind: 'contact', contactId: 'c-ana', via: 'sms' },
        { kind: 'contact', contactId: 'c-jose', via: 'fax' },
        { kind: 'address', address: '322123456@FAX', name: 'Oficina Bruselas' },
        { kind: 'address', address: 'lucía@example.es', name: 'Lucía' },
        { kind: 'contact', contactId: 'c-gone', via: 'email' },
        { kind: 'contact', contactId: 'c-ana', via: 'email' },
      ],
    };
    const rows = peerRows(listToCsv(list, [jose, ana]));
    expect(rows).toEqual([
      { Name: 'José Ñúñez García', Address: 'jose@example.es', Phone: '', Kind: 'email' },
      { Name: 'José Ñúñez García', Address: 'j.nunez@acme.example', Phone: '', Kind: 'email' },
      { Name: 'Ana Vecina', Address: '32475123456@SMS', Phone: '+32 475 12 34 56', Kind: 'sms' },
      {
        Name: 'José Ñúñez García',
        Address: '34911234567@FAX',
        Phone: '+34 91 123 45 67',
        Kind: 'fax',
      },
      { Name: 'Oficina Bruselas', Address: '322123456@FAX', Phone: '322123456', Kind: 'fax' },
      { Name: 'Lucía', Address: 'lucía@example.es', Phone: '', Kind: 'email' },
    ]);
  });
});
