// The stored form of a server-kept contact list (CONTACTS-5, ADR 0034): written by
// groupToVcard, read back by vcardToGroup, and read by an independent parser (ical.js) the
// way another address book would.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  GroupVcardError,
  groupToVcard,
  vcardToGroup,
  type GroupCard,
} from '../../src/contacts/group-vcard.js';
import { MAX_LIST_MEMBERS, checkSharedListInput } from '../../src/protocol/jmap-lists.js';

const LIST_UID = '0f8e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

function counter(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

const group: GroupCard = {
  uid: LIST_UID,
  name: 'Equipo de Málaga, «ventas»; 2026 \\ norte',
  members: [
    { name: 'José Ñúñez, hijo', address: 'jose@example.es' },
    { name: 'Smith; Anne', address: 'anne@example.test' },
    { name: '', address: 'sin.nombre@example.test' },
    { name: 'Móvil de Ana', address: '32475123456@SMS' },
    { name: 'Fax oficina', address: '0322123456@FAX' },
    {
      name: '李小龍 🐉 with a rather long name that needs folding more than once, surely',
      address: 'li@example.cn',
    },
  ],
};

describe('a contact list as a vCard 4.0 group', () => {
  it('CONTACTS-5 round trip: accents, commas and semicolons in names, SMS and fax members', () => {
    const text = groupToVcard(group, counter());
    expect(vcardToGroup(text)).toEqual(group);
    expect(text).toContain('KIND:group');
    expect(text).toContain('TEL;TYPE=cell:32475123456');
    expect(text).toContain('TEL;TYPE=fax:0322123456');
  });

  it('CONTACTS-5 folds at 75 octets without splitting a UTF-8 character; CRLF only', () => {
    const text = groupToVcard(group, counter());
    const lines = text.split('\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    // Every physical line is whole UTF-8 on its own: no character was cut in two.
    for (const line of lines) {
      const bytes = new TextEncoder().encode(line);
      expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(line);
    }
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
  });

  it('CONTACTS-5 another parser (ical.js) reads the group, its members and their addresses', () => {
    const text = groupToVcard(group, counter());
    const parsed = ICAL.parse(text) as unknown as [string, [string, object, string, string][]][];
    expect(parsed).toHaveLength(1 + group.members.length);
    const [head, ...cards] = parsed;
    const prop = (card: typeof head | undefined, name: string) =>
      card?.[1].filter((p) => p[0] === name).map((p) => p[3]) ?? [];
    expect(prop(head, 'kind')).toEqual(['group']);
    expect(prop(head, 'fn')).toEqual([group.name]);
    const uids = cards.map((c) => prop(c, 'uid')[0]);
    expect(prop(head, 'member')).toEqual(uids);
    expect(prop(cards[0], 'fn')).toEqual(['José Ñúñez, hijo']);
    expect(prop(cards[1], 'fn')).toEqual(['Smith; Anne']);
    expect(prop(cards[0], 'email')).toEqual(['jose@example.es']);
    expect(prop(cards[3], 'tel')).toEqual(['32475123456']);
  });

  it('CONTACTS-5 a 2000-member list round-trips', () => {
    const big: GroupCard = {
      uid: LIST_UID,
      name: 'Todos',
      members: Array.from({ length: MAX_LIST_MEMBERS }, (_, i) => ({
        name: `Persona ${i}, Área ñ`,
        address: i % 3 === 0 ? `3247${String(i).padStart(7, '0')}@SMS` : `p${i}@example.test`,
      })),
    };
    expect(checkSharedListInput(big)).toBeNull();
    expect(vcardToGroup(groupToVcard(big, counter()))).toEqual(big);
  });

  it('CONTACTS-5 hostile values with CR/LF are refused before storage, and never written', () => {
    const hostile = [
      { name: 'Lista\r\nEND:VCARD\r\nBEGIN:VCARD', members: [] },
      { members: [{ name: 'Eve\r\nEMAIL:eve@evil.test', address: 'eve@example.test' }] },
      { members: [{ name: 'Eve', address: 'eve@example.test\r\nBcc: x@evil.test' }] },
      { members: [{ name: 'Eve', address: 'eve@example.test\n' }] },
      { sharedWith: [{ address: 'bob@buzon.test\r\nA1 LOGOUT', mayEdit: false }] },
    ];
    for (const input of hostile)
      expect(checkSharedListInput(input), JSON.stringify(input)).not.toBeNull();
    expect(() => groupToVcard({ uid: LIST_UID, name: 'a\r\nb', members: [] }, counter())).toThrow(
      GroupVcardError,
    );
    expect(() =>
      groupToVcard(
        { uid: LIST_UID, name: 'ok', members: [{ name: 'x\ny', address: 'x@example.test' }] },
        counter(),
      ),
    ).toThrow(GroupVcardError);
  });

  it('CONTACTS-5 a hand-made file: escaped newlines become spaces, unknown members are skipped', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:group',
      `UID:urn:uuid:${LIST_UID}`,
      'FN:Lista\\nrota',
      'MEMBER:urn:uuid:00000000-0000-4000-8000-000000000001',
      'MEMBER:urn:uuid:00000000-0000-4000-8000-00000000dead',
      'MEMBER:mailto:ana@example.test',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'UID:urn:uuid:00000000-0000-4000-8000-000000000001',
      'FN:Luis',
      'TEL;VALUE=uri;TYPE="cell,voice":tel:+32-475-123-456',
      'END:VCARD',
      '',
    ].join('\n');
    expect(vcardToGroup(text)).toEqual({
      uid: LIST_UID,
      name: 'Lista rota',
      members: [
        { name: 'Luis', address: '32475123456@SMS' },
        { name: '', address: 'ana@example.test' },
      ],
    });
    expect(() => vcardToGroup('BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n')).toThrow(GroupVcardError);
  });
});
