// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// SEND-14 through the real ContactService on fake-indexeddb: the user's own card kept as the
// `me` record, left out of the address book's views, suggestions, exports and import merge,
// and its vCard read back with the independent `vcf` parser (no NOTE, no CATEGORIES).
import { createRequire } from 'node:module';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { MY_CARD_ID, blankContact } from '../../src/contacts/model.js';
import type { Contact, PersonalData } from '../../src/contacts/model.js';
import { createContactService } from '../../src/state/contact-service.js';
import type { ContactService } from '../../src/state/contact-types.js';
import { openDb } from '../../src/store/db.js';
import type { BuzonDb } from '../../src/store/db.js';

/** The peer: `vcf` (node-vcf), an independent vCard parser with no types of its own. */
interface PeerProperty {
  valueOf(): string;
  type?: string | string[];
}
interface PeerCard {
  get(name: string): PeerProperty | PeerProperty[] | undefined;
}
const peer = createRequire(import.meta.url)('vcf') as { parse(text: string): PeerCard[] };

function all(card: PeerCard, name: string): PeerProperty[] {
  const value = card.get(name);
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

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

const ana: PersonalData = {
  firstName: 'Ana',
  lastName: 'Pérez',
  organization: 'Ayuntamiento de Cádiz',
  title: 'Técnica de sistemas',
  emails: [
    { address: 'ana@example.es', label: 'home' },
    { address: 'ana.perez@cadiz.example', label: 'work' },
  ],
  phones: [
    { number: '+34 600 11 22 33', kind: 'mobile' },
    { number: '+34 956 00 11 22', kind: 'fax' },
  ],
  addresses: [
    {
      street: 'Calle Ancha 3',
      locality: 'Cádiz',
      region: 'Cádiz',
      postalCode: '11001',
      country: 'España',
      kind: 'home',
    },
  ],
  birthday: '1985-07-14',
  urls: ['https://example.es/ana'],
  updatedAt: 0,
};

describe('My card (SEND-14)', () => {
  it('SEND-14 there is no card until the user fills one in, and no vCard to attach', async () => {
    const s = await open();
    expect(await s.getMyCard()).toBeNull();
    expect(await s.myVcard()).toBeNull();
  });

  it('SEND-14 keeps the card as the `me` record, stamped now, without notes or tags even when given', async () => {
    const s = await open();
    const sneaky = { ...ana, notes: 'privado', tags: ['amigos'] } as PersonalData;
    await s.setMyCard(sneaky);
    expect(await s.getMyCard()).toEqual({ ...ana, updatedAt: T0 });
    const stored = await s.getContact(MY_CARD_ID);
    expect(stored?.notes).toBe('');
    expect(stored?.tags).toEqual([]);
    await s.setMyCard({ ...ana, firstName: 'Ana María', phones: [] });
    expect((await s.getMyCard())?.firstName).toBe('Ana María');
    expect((await s.getMyCard())?.phones).toEqual([]);
  });

  it('SEND-14 the card stays out of the address book: list, view, suggestions, lookups, exports', async () => {
    const s = await open();
    await s.setMyCard(ana);
    const luis = await s.putContact({
      ...blankContact(),
      firstName: 'Luis',
      emails: [{ address: 'luis@example.es', label: 'home' }],
    });
    expect((await s.listContacts()).map((c) => c.id)).toEqual([luis]);
    const seen = await new Promise<Contact[]>((resolve) => {
      const sub = s.observeContacts().subscribe({
        next: (v) => {
          sub.unsubscribe();
          resolve(v);
        },
      });
    });
    expect(seen.map((c) => c.id)).toEqual([luis]);
    expect(await s.suggest('ana')).toEqual([]);
    expect(await s.findByAddress('ana@example.es')).toEqual([]);
    expect(await s.exportContacts('vcard')).not.toContain('Pérez');
    expect(await s.exportContacts('csv')).not.toContain('Pérez');
  });

  it('SEND-14 an imported card with the user’s address becomes a contact, never merged into My card', async () => {
    const s = await open();
    await s.setMyCard(ana);
    const report = await s.importContacts(
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:Ana P.',
        'N:P.;Ana;;;',
        'NOTE:de otra libreta',
        'EMAIL:ana@example.es',
        'END:VCARD',
        '',
      ].join('\r\n'),
      'vcard',
    );
    expect(report).toMatchObject({ added: 1, merged: 0 });
    expect(await s.getMyCard()).toEqual({ ...ana, updatedAt: T0 });
    expect((await s.getContact(MY_CARD_ID))?.notes).toBe('');
  });

  it('SEND-14 myVcard is named after the user and a peer reads name, addresses and numbers, no NOTE or CATEGORIES', async () => {
    const s = await open();
    await s.setMyCard(ana);
    const file = await s.myVcard();
    if (!file) throw new Error('no vCard');
    expect(file.filename).toBe('Ana Pérez.vcf');
    expect(file.text).not.toMatch(/^(NOTE|CATEGORIES|UID)[;:]/im);
    const cards = peer.parse(file.text);
    expect(cards).toHaveLength(1);
    const [card] = cards as [PeerCard];
    expect(all(card, 'fn')[0]?.valueOf()).toBe('Ana Pérez');
    expect(all(card, 'n')[0]?.valueOf()).toBe('Pérez;Ana;;;');
    expect(all(card, 'org')[0]?.valueOf()).toBe('Ayuntamiento de Cádiz');
    expect(all(card, 'email').map((e) => e.valueOf())).toEqual([
      'ana@example.es',
      'ana.perez@cadiz.example',
    ]);
    expect(all(card, 'tel').map((t) => [t.valueOf(), t.type])).toEqual([
      ['+34 600 11 22 33', 'cell'],
      ['+34 956 00 11 22', 'fax'],
    ]);
    expect(all(card, 'note')).toEqual([]);
    expect(all(card, 'categories')).toEqual([]);
  });

  it('SEND-14 a name with characters file systems refuse still gives a usable file name', async () => {
    const s = await open();
    await s.setMyCard({ ...ana, firstName: 'Ana/Luisa', lastName: 'Pérez: "Casa"' });
    expect((await s.myVcard())?.filename).toBe('Ana Luisa Pérez Casa.vcf');
    await s.setMyCard({ ...ana, firstName: '', lastName: '', organization: '' });
    expect((await s.myVcard())?.filename).toBe('ana@example.es.vcf');
  });
});
