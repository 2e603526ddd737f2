import { fixture, imported } from './support.js';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Contact, PersonalData } from '../../src/contacts/model.js';
import {
  MAX_VCARDS,
  MAX_VCARD_INPUT_CHARS,
  contactsToVcard,
  personalVcard,
  vcardToContacts,
} from '../../src/contacts/vcard.js';

/** The peer: `vcf` (node-vcf), an independent vCard parser with no types of its own. */
interface PeerProperty {
  valueOf(): string;
  type?: string | string[];
}
interface PeerCard {
  version: string;
  get(name: string): PeerProperty | PeerProperty[] | undefined;
}
const peer = createRequire(import.meta.url)('vcf') as { parse(text: string): PeerCard[] };

function all(card: PeerCard, name: string): PeerProperty[] {
  const value = card.get(name);
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
function types(p: PeerProperty): string[] {
  return p.type === undefined ? [] : Array.isArray(p.type) ? p.type : [p.type];
}

const jose: Contact = {
  id: 'c-jose',
  firstName: 'José',
  lastName: 'Ñúñez García',
  organization: 'Acme Ibérica',
  title: 'Director comercial',
  emails: [
    { address: 'jose@example.es', label: 'home' },
    { address: 'j.nunez@acme.example', label: 'work' },
    { address: 'jose.n@example.org', label: 'other' },
  ],
  phones: [
    { number: '+34 600 11 22 33', kind: 'mobile' },
    { number: '+34 91 123 45 67', kind: 'fax' },
    { number: '+34 91 765 43 21', kind: 'home' },
    { number: '+34 91 000 00 01', kind: 'work' },
    { number: '+32 475 12 34 56', kind: 'other' },
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
  notes: 'Conocido en la feria; prefiere el móvil, no el fijo.',
  tags: ['amigos', 'trabajo'],
  updatedAt: Date.UTC(2024, 4, 1, 10, 0, 0),
};

/** SEND-14's personal data: the contact's fields without id, notes and tags. */
const me: PersonalData = {
  firstName: jose.firstName,
  lastName: jose.lastName,
  organization: jose.organization,
  title: jose.title,
  emails: jose.emails,
  phones: jose.phones,
  addresses: jose.addresses,
  birthday: jose.birthday,
  urls: jose.urls,
  updatedAt: jose.updatedAt,
};

describe('vCard writer', () => {
  it('CONTACTS-6 writes vCard 4.0 that an independent parser reads with accents, emails and phone kinds', () => {
    const text = contactsToVcard([jose, { ...jose, id: 'c-ana', firstName: 'Ana' }]);
    const cards = peer.parse(text);
    expect(cards).toHaveLength(2);
    const [card] = cards;
    if (!card) throw new Error('no card');
    expect(card.version).toBe('4.0');
    expect(all(card, 'fn')[0]?.valueOf()).toBe('José Ñúñez García');
    expect(all(card, 'n')[0]?.valueOf()).toBe('Ñúñez García;José;;;');
    expect(all(card, 'email').map((e) => [e.valueOf(), types(e)])).toEqual([
      ['jose@example.es', ['home']],
      ['j.nunez@acme.example', ['work']],
      ['jose.n@example.org', []],
    ]);
    expect(all(card, 'tel').map((t) => [t.valueOf(), types(t)])).toEqual([
      ['+34 600 11 22 33', ['cell']],
      ['+34 91 123 45 67', ['fax']],
      ['+34 91 765 43 21', ['home']],
      ['+34 91 000 00 01', ['work']],
      ['+32 475 12 34 56', ['voice']],
    ]);
    expect(all(card, 'adr')[0]?.valueOf()).toBe(
      ';;Calle Mayor 1\\n3º izda;Madrid;Madrid;28013;España',
    );
    expect(all(card, 'bday')[0]?.valueOf()).toBe('19800229');
    expect(all(card, 'categories')[0]?.valueOf()).toBe('amigos,trabajo');
    expect(all(card, 'note')[0]?.valueOf()).toBe(
      'Conocido en la feria; prefiere el móvil\\, no el fijo.',
    );
    expect(all(cards[1] as PeerCard, 'fn')[0]?.valueOf()).toBe('Ana Ñúñez García');
  });

  it('CONTACTS-6 ends lines with CRLF and folds them at 75 octets, never inside a UTF-8 character', () => {
    const long = { ...jose, notes: 'Ñ'.repeat(120) + ' — ' + 'a'.repeat(200) };
    const text = contactsToVcard([long]);
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);
    // Each physical line is valid UTF-8 on its own: no character was cut between lines.
    for (const line of lines) expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    const [card] = peer.parse(text);
    expect(all(card as PeerCard, 'note')[0]?.valueOf()).toBe(long.notes);
  });

  it('CONTACTS-6 round-trips contacts through vCard, accents, kinds and a year-less birthday included', () => {
    const maria: Contact = {
      ...jose,
      id: 'c-maria',
      firstName: 'María Inés',
      birthday: '--04-15',
      urls: [],
    };
    const { contacts, skipped } = vcardToContacts(contactsToVcard([jose, maria]));
    expect(skipped).toEqual([]);
    expect(contacts[0]).toEqual(imported(jose));
    expect(contacts[1]?.firstName).toBe('María Inés');
    expect(contacts[1]?.birthday).toBe('--04-15');
  });
});

describe('personal vCard', () => {
  it('SEND-14 carries every personal field but never comments (NOTE) or tags (CATEGORIES)', () => {
    const text = personalVcard(me);
    expect(text).not.toMatch(/^(NOTE|CATEGORIES|UID)[;:]/im);
    const [card] = peer.parse(text);
    if (!card) throw new Error('no card');
    expect(all(card, 'note')).toEqual([]);
    expect(all(card, 'categories')).toEqual([]);
    expect(all(card, 'fn')[0]?.valueOf()).toBe('José Ñúñez García');
    expect(all(card, 'org')[0]?.valueOf()).toBe('Acme Ibérica');
    expect(all(card, 'title')[0]?.valueOf()).toBe('Director comercial');
    expect(all(card, 'email')).toHaveLength(3);
    expect(all(card, 'tel').map((t) => t.valueOf())).toContain('+34 91 123 45 67');
    expect(all(card, 'url')[0]?.valueOf()).toBe('https://example.es/jose');
    expect(all(card, 'bday')[0]?.valueOf()).toBe('19800229');
  });
});

describe('vCard reader', () => {
  it('CONTACTS-6 reads a vCard 3.0 file as Apple and Google export it, several cards in one file', () => {
    const { contacts, skipped } = vcardToContacts(fixture('contacts-3.0.vcf'));
    expect(skipped).toEqual([]);
    expect(contacts).toHaveLength(3);
    const [apple, google, shop] = contacts;
    expect(apple).toMatchObject({
      firstName: 'José',
      lastName: 'Ñúñez García',
      organization: 'Acme Ibérica, S.L.',
      title: 'Director comercial',
      birthday: '1980-02-29',
      notes: 'Conocido en la feria de Valencia.\nPrefiere el móvil.',
      urls: ['https://example.es/jose'],
    });
    expect(apple?.emails).toEqual([
      { address: 'jose@example.es', label: 'other' },
      { address: 'j.nunez@acme.example', label: 'work' },
    ]);
    expect(apple?.phones).toEqual([
      { number: '+34 600 11 22 33', kind: 'mobile' },
      { number: '+34 91 123 45 67', kind: 'fax' },
    ]);
    expect(apple?.addresses).toEqual([
      {
        street: 'Calle Mayor 1\n3º izda',
        locality: 'Madrid',
        region: 'Madrid',
        postalCode: '28013',
        country: 'España',
        kind: 'home',
      },
    ]);
    expect(google).toMatchObject({ firstName: 'María', lastName: 'Pérez', birthday: '--04-15' });
    expect(google?.tags).toEqual(['myContacts', 'Familia']);
    expect(google?.urls).toEqual(['https://example.be/maria']);
    expect(google?.phones).toEqual([{ number: '+32 475 12 34 56', kind: 'mobile' }]);
    expect(shop).toMatchObject({ firstName: '', organization: 'Farmacia Güemes' });
    expect(shop?.phones).toEqual([{ number: '942 00 11 22', kind: 'fax' }]);
  });

  it('CONTACTS-6 skips broken cards with a reason and keeps the good ones', () => {
    const { contacts, skipped } = vcardToContacts(fixture('broken.vcf'));
    expect(contacts.map((c) => `${c.firstName} ${c.lastName}`)).toEqual([
      'Ana Vecina',
      'Último Bueno',
    ]);
    expect(contacts[1]?.phones).toEqual([{ number: '322123456', kind: 'fax' }]);
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, 'malformed'],
      [2, 'empty'],
      [3, 'malformed'],
      [5, 'malformed'],
    ]);
  });

  it('CONTACTS-6 reads Outlook vCard 2.1 with quoted-printable names and bare TYPE parameters', () => {
    const v21 = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=BA=C3=B1ez;Jos=C3=A9',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =',
      '=C3=91=C3=BA=C3=B1ez',
      'TEL;CELL;VOICE:+34 600 11 22 33',
      'TEL;WORK;FAX:+34 91 123 45 67',
      'EMAIL;PREF;INTERNET:jose@example.es',
      'END:VCARD',
      '',
    ].join('\r\n');
    const { contacts, skipped } = vcardToContacts(v21);
    expect(skipped).toEqual([]);
    expect(contacts[0]).toMatchObject({ firstName: 'José', lastName: 'Ñúñez' });
    expect(contacts[0]?.phones.map((p) => p.kind)).toEqual(['mobile', 'fax']);
  });

  it('CONTACTS-6 refuses an oversized file and stops after the card limit without throwing', () => {
    const huge = vcardToContacts('x'.repeat(MAX_VCARD_INPUT_CHARS + 1));
    expect(huge).toEqual({ contacts: [], skipped: [{ index: 0, reason: 'input-too-large' }] });
    const card = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nEND:VCARD\r\n';
    const flood = vcardToContacts(card.repeat(MAX_VCARDS + 5));
    expect(flood.contacts).toHaveLength(MAX_VCARDS);
    expect(flood.skipped).toEqual([{ index: MAX_VCARDS, reason: 'too-many-records' }]);
    const fat = `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:B\r\nNOTE:${'n'.repeat(70_000)}\r\nEND:VCARD\r\n`;
    expect(vcardToContacts(fat).skipped).toEqual([{ index: 0, reason: 'record-too-large' }]);
    expect(vcardToContacts('not a vcard at all')).toEqual({ contacts: [], skipped: [] });
  });
});
