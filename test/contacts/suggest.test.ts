// CONTACTS-1: the suggestion index alone — what a typed prefix finds, in what order, and how
// many — over contacts and the addresses the user wrote to.
import { describe, expect, it } from 'vitest';
import {
  HALF_LIFE_MS,
  MAX_SUGGESTIONS,
  SuggestIndex,
  addSend,
  rankOf,
} from '../../src/contacts/suggest.js';
import type { SuggestContact, SuggestCorrespondent } from '../../src/contacts/suggest-types.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 4, 1);

function contact(
  id: string,
  firstName: string,
  lastName: string,
  emails: string[],
  organization = '',
): SuggestContact {
  return { id, firstName, lastName, organization, emails: emails.map((address) => ({ address })) };
}

/** An address written to `times` times, the last `daysAgo` days ago (one a day before it). */
function wrote(
  address: string,
  name: string,
  times: number,
  daysAgo: number,
): SuggestCorrespondent {
  let state: { weight: number; lastAt: number } | undefined;
  for (let i = times - 1; i >= 0; i--) state = addSend(state, NOW - (daysAgo + i) * DAY);
  return { address, name, count: times, weight: state?.weight ?? 0, lastAt: state?.lastAt ?? 0 };
}

const JOSE = contact('c1', 'José', 'García', ['jose.garcia@example.es']);
const ANA = contact('c2', 'Ana', 'Pérez Núñez', ['ana@example.org', 'ana.perez@work.example']);
const JOSEFA = contact('c3', 'Josefa', 'Ortiz', ['pepa@example.es']);

const lines = (xs: { name: string; address: string }[]) =>
  xs.map((s) => (s.name ? `${s.name} <${s.address}>` : s.address));

describe('CONTACTS-1 suggestion index', () => {
  it('CONTACTS-1 finds a contact from the first letters of the first name, last name or address', () => {
    const index = SuggestIndex.build([JOSE, ANA, JOSEFA], []);
    expect(lines(index.suggest('gar'))).toEqual(['José García <jose.garcia@example.es>']);
    expect(lines(index.suggest('ortiz'))).toEqual(['Josefa Ortiz <pepa@example.es>']);
    expect(lines(index.suggest('pepa@'))).toEqual(['Josefa Ortiz <pepa@example.es>']);
    // A word of the local part counts as the address: jose.garcia@ is found by "garcia" too.
    expect(lines(index.suggest('ana.p'))).toEqual(['Ana Pérez Núñez <ana.perez@work.example>']);
    // Nothing in the middle of a word, nothing from the domain.
    expect(index.suggest('arcia')).toEqual([]);
    expect(index.suggest('example')).toEqual([]);
  });

  it('CONTACTS-1 is case- and accent-insensitive: "jose" finds José, "NUÑ" finds Núñez', () => {
    const index = SuggestIndex.build([JOSE, ANA, JOSEFA], []);
    expect(lines(index.suggest('jose'))).toEqual([
      'José García <jose.garcia@example.es>',
      'Josefa Ortiz <pepa@example.es>',
    ]);
    expect(lines(index.suggest('JOSÉ')).length).toBe(2);
    expect(lines(index.suggest('nuñ'))).toEqual([
      'Ana Pérez Núñez <ana@example.org>',
      'Ana Pérez Núñez <ana.perez@work.example>',
    ]);
    expect(lines(index.suggest('NUN')).length).toBe(2);
  });

  it('CONTACTS-1 offers a contact with several addresses once per address', () => {
    const index = SuggestIndex.build([ANA], []);
    const found = index.suggest('ana');
    // In the order the card lists them.
    expect(found.map((s) => s.address)).toEqual(['ana@example.org', 'ana.perez@work.example']);
    expect(found.every((s) => s.contactId === 'c2' && s.name === 'Ana Pérez Núñez')).toBe(true);
  });

  it('CONTACTS-1 several typed words narrow: "jose g" is José García, not Josefa', () => {
    const index = SuggestIndex.build([JOSE, JOSEFA], []);
    expect(lines(index.suggest('jose g'))).toEqual(['José García <jose.garcia@example.es>']);
    expect(lines(index.suggest('  ortiz jos '))).toEqual(['Josefa Ortiz <pepa@example.es>']);
  });

  it('CONTACTS-1 ranks by how often and how recently the user wrote to each address', () => {
    const index = SuggestIndex.build(
      [],
      [
        wrote('mar.old@x.es', 'Mar Antigua', 40, 400), // a long thread, more than a year ago
        wrote('mar.week@x.es', 'Mar Semanal', 6, 3), // weekly-ish, recently
        wrote('mar.once@x.es', 'Mar Ayer', 1, 1), // once, yesterday
        wrote('mar.never@x.es', 'Mar Vista', 0, 0), // only seen
      ],
    );
    expect(index.suggest('mar').map((s) => s.address)).toEqual([
      'mar.week@x.es',
      'mar.once@x.es',
      'mar.old@x.es',
      'mar.never@x.es',
    ]);
  });

  it('CONTACTS-1 the decayed weight halves every half-life and ranks like it', () => {
    const one = addSend(undefined, NOW);
    expect(one).toEqual({ weight: 1, lastAt: NOW });
    const two = addSend(one, NOW + HALF_LIFE_MS);
    expect(two.weight).toBeCloseTo(1.5, 10);
    // A send confirmed late (older than the last) adds its own decayed share.
    const late = addSend(two, NOW);
    expect(late.weight).toBeCloseTo(2, 10);
    expect(late.lastAt).toBe(NOW + HALF_LIFE_MS);
    // Rank order equals the order of weights decayed to a common "now".
    expect(rankOf(2, NOW)).toBeCloseTo(rankOf(1, NOW + HALF_LIFE_MS), 10);
    expect(rankOf(0, 0)).toBe(-Infinity);
  });

  it('CONTACTS-1 at equal rank a first/last-name match comes before an address match', () => {
    const index = SuggestIndex.build(
      [contact('a', 'Zoe', 'Lopez', ['luis@x.es']), contact('b', 'Luisa', 'Vidal', ['zz@x.es'])],
      [],
    );
    expect(lines(index.suggest('lu'))).toEqual(['Luisa Vidal <zz@x.es>', 'Zoe Lopez <luis@x.es>']);
  });

  it('CONTACTS-1 a correspondent who is also a contact is offered once, as the contact, with its rank', () => {
    const index = SuggestIndex.build(
      [JOSE, JOSEFA],
      [
        wrote('JOSE.GARCIA@example.es', 'Pepe (work)', 3, 2),
        wrote('jose.luis@x.es', 'José Luis', 0, 0),
      ],
    );
    expect(index.size).toBe(3);
    const found = index.suggest('jos');
    expect(lines(found)).toEqual([
      'José García <jose.garcia@example.es>',
      'Josefa Ortiz <pepa@example.es>',
      'José Luis <jose.luis@x.es>',
    ]);
    expect(found.map((s) => s.contactId)).toEqual(['c1', 'c3', null]);
  });

  it(`CONTACTS-1 answers at most ${MAX_SUGGESTIONS} lines, or the limit asked for, and nothing for blank input`, () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      contact(`m${i}`, `Marta${i}`, 'Ruiz', [`marta${i}@x.es`]),
    );
    const index = SuggestIndex.build(many, [wrote('marta17@x.es', '', 2, 1)]);
    const found = index.suggest('mar');
    expect(found).toHaveLength(MAX_SUGGESTIONS);
    expect(found[0]?.address).toBe('marta17@x.es');
    expect(index.suggest('ruiz', 3)).toHaveLength(3);
    expect(index.suggest('')).toEqual([]);
    expect(index.suggest('   ')).toEqual([]);
  });

  it('CONTACTS-1 a correspondent with no name is offered by its address; an empty address is skipped', () => {
    const index = SuggestIndex.build(
      [contact('e', 'Eva', '', ['  ', 'eva@x.es'])],
      [wrote('bob+news@lists.example', '', 1, 5)],
    );
    expect(index.suggest('news')).toEqual([
      { name: '', address: 'bob+news@lists.example', contactId: null },
    ]);
    expect(index.suggest('eva')).toEqual([{ name: 'Eva', address: 'eva@x.es', contactId: 'e' }]);
  });
});
