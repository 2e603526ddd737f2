// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// CONTACTS-5 through the real ContactService on fake-indexeddb. The network boundary is an
// in-memory server written here (SharedListSource as several users see it, with the rights
// the proxy enforces over IMAP ACL); the proxy has its own tests against real Dovecot.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { blankContact } from '../../src/contacts/model.js';
import type { ContactList } from '../../src/contacts/model.js';
import { createContactService } from '../../src/state/contact-service.js';
import { SharedListError } from '../../src/state/contact-types.js';
import type { ContactService } from '../../src/state/contact-types.js';
import { openDb } from '../../src/store/db.js';
import { ListServer } from '../contacts/list-server.js';
import type { BuzonDb } from '../../src/store/db.js';

let db: BuzonDb | undefined;
let service: ContactService | undefined;
afterEach(() => {
  service?.close();
  db?.close();
});

async function open(server?: ListServer, user = 'ana@example.org'): Promise<ContactService> {
  db = await openDb(`buzon-account-${crypto.randomUUID()}`, {
    indexedDB: new IDBFactory(),
    IDBKeyRange,
  });
  let n = 0;
  service = createContactService({
    db,
    now: () => Date.UTC(2026, 4, 1),
    random: () => `id${++n}`,
    ...(server ? { sharedLists: server.as(user) } : {}),
  });
  return service;
}

/** The lists as the Contacts tool shows them now. */
function listsOf(s: ContactService): Promise<ContactList[]> {
  return new Promise((resolve, reject) => {
    const sub = s.observeLists().subscribe({
      next: (v) => {
        resolve(v);
        queueMicrotask(() => sub.unsubscribe());
      },
      error: reject,
    });
  });
}

async function byName(s: ContactService, name: string): Promise<ContactList> {
  const list = (await listsOf(s)).find((l) => l.name === name);
  if (!list) throw new Error(`no list ${name}`);
  return list;
}

async function refusal(p: Promise<unknown>): Promise<SharedListError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof SharedListError)) throw new Error(`expected a SharedListError: ${err}`);
  return err;
}

const MARIA = 'maria@example.org';

describe('shared contact lists (CONTACTS-5)', () => {
  it('CONTACTS-5 the first share moves a local list to the server, its contacts as names and addresses; unreachable members left out', async () => {
    const server = new ListServer();
    const s = await open(server);
    const jose = await s.putContact({
      ...blankContact(),
      firstName: 'José',
      lastName: 'Ñúñez',
      emails: [{ address: 'jose@example.es', label: 'home' }],
      phones: [{ number: '+32 475 12 34 56', kind: 'mobile' }],
    });
    const nobody = await s.putContact({ ...blankContact(), firstName: 'Sin Dirección' });
    const id = await s.createList('Vecinos', [
      { kind: 'contact', contactId: jose, via: 'email' },
      { kind: 'contact', contactId: jose, via: 'sms' },
      { kind: 'contact', contactId: nobody, via: 'email' },
      { kind: 'address', address: '322123456@FAX', name: 'Oficina' },
    ]);
    expect(await s.sharedListsAvailable()).toBe(true);

    await s.shareList(id, [{ address: ` ${MARIA} `, mayEdit: false }]);

    const [onServer] = [...server.lists.values()];
    expect(onServer?.members).toEqual([
      { name: 'José Ñúñez', address: 'jose@example.es' },
      { name: 'José Ñúñez', address: '32475123456@SMS' },
      { name: 'Oficina', address: '322123456@FAX' },
    ]);
    expect(onServer?.sharedWith).toEqual([{ address: MARIA, mayEdit: false }]);
    const local = await byName(s, 'Vecinos');
    expect(local.id).toBe(id);
    expect(local.members.every((m) => m.kind === 'address')).toBe(true);
    expect(local.shared).toMatchObject({ isMine: true, mayEdit: true, owner: 'ana@example.org' });
    expect(local.shared?.sharedWith).toEqual([{ address: MARIA, mayEdit: false }]);
    // María sees it, may use it and may not edit it.
    const [hers] = await server.as(MARIA).get();
    expect(hers).toMatchObject({ name: 'Vecinos', isMine: false, mayEdit: false, sharedWith: [] });

    // Sharing again changes only who has it.
    await s.shareList(id, []);
    expect(server.lists.size).toBe(1);
    expect((await byName(s, 'Vecinos')).shared?.sharedWith).toEqual([]);
  });

  it('CONTACTS-5 a refresh adds, replaces and removes only server lists; local lists stay', async () => {
    const server = new ListServer();
    const s = await open(server);
    const familia = await s.createList('Familia', [
      { kind: 'address', address: 'tia@example.es', name: 'Tía' },
    ]);
    const equipo = server.add(
      MARIA,
      'Equipo',
      [{ name: 'Luis', address: 'luis@example.org' }],
      [{ address: 'ana@example.org', mayEdit: false }],
    );

    await s.refreshSharedLists();
    const first = await byName(s, 'Equipo');
    expect(first.shared).toMatchObject({ owner: MARIA, isMine: false, mayEdit: false });
    expect(first.members).toEqual([{ kind: 'address', address: 'luis@example.org', name: 'Luis' }]);

    // María renames it and gives the edit right: the same local list changes.
    equipo.name = 'Equipo Norte';
    equipo.sharedWith = [{ address: 'ana@example.org', mayEdit: true }];
    await s.refreshSharedLists();
    const second = await byName(s, 'Equipo Norte');
    expect(second.id).toBe(first.id);
    expect(second.shared?.mayEdit).toBe(true);

    // She stops sharing it: it leaves the book; the user's own local list stays as it was.
    equipo.sharedWith = [];
    await s.refreshSharedLists();
    const after = await listsOf(s);
    expect(after.map((l) => l.name)).toEqual(['Familia']);
    expect(after[0]?.id).toBe(familia);
    expect(after[0]?.shared).toBeUndefined();
  });

  it('CONTACTS-5 a list shared without the edit right refuses rename, members and delete with forbidden before the network', async () => {
    const server = new ListServer();
    const s = await open(server);
    server.add(
      MARIA,
      'Equipo',
      [{ name: 'Luis', address: 'luis@example.org' }],
      [{ address: 'ana@example.org', mayEdit: false }],
    );
    await s.refreshSharedLists();
    const list = await byName(s, 'Equipo');
    const before = server.calls;

    expect((await refusal(s.renameList(list.id, 'Mío'))).reason).toBe('forbidden');
    const added = [
      ...list.members,
      { kind: 'address' as const, address: 'x@example.org', name: '' },
    ];
    expect((await refusal(s.setListMembers(list.id, added))).reason).toBe('forbidden');
    expect((await refusal(s.deleteList(list.id))).reason).toBe('forbidden');
    expect((await refusal(s.shareList(list.id, []))).reason).toBe('forbidden');

    expect(server.calls).toBe(before);
    expect(await byName(s, 'Equipo')).toEqual(list);
  });

  it('CONTACTS-5 with the edit right a rename and new members reach the server; only the owner deletes', async () => {
    const server = new ListServer();
    const s = await open(server);
    const equipo = server.add(MARIA, 'Equipo', [], [{ address: 'ana@example.org', mayEdit: true }]);
    await s.refreshSharedLists();
    const list = await byName(s, 'Equipo');
    const pepe = await s.putContact({
      ...blankContact(),
      firstName: 'Pepe',
      emails: [{ address: 'pepe@example.es', label: 'work' }],
    });

    await s.renameList(list.id, '  Equipo Sur ');
    await s.setListMembers(list.id, [{ kind: 'contact', contactId: pepe, via: 'email' }]);

    expect(equipo.name).toBe('Equipo Sur');
    expect(equipo.members).toEqual([{ name: 'Pepe', address: 'pepe@example.es' }]);
    expect((await byName(s, 'Equipo Sur')).members).toEqual([
      { kind: 'address', address: 'pepe@example.es', name: 'Pepe' },
    ]);
    expect((await refusal(s.deleteList(list.id))).reason).toBe('forbidden');

    // The owner's own service deletes it on the server.
    const hers = createContactService({
      db: await openDb(`buzon-account-${crypto.randomUUID()}`, {
        indexedDB: new IDBFactory(),
        IDBKeyRange,
      }),
      sharedLists: server.as(MARIA),
    });
    await hers.refreshSharedLists();
    await hers.deleteList((await byName(hers, 'Equipo Sur')).id);
    expect(server.lists.size).toBe(0);
    expect(await listsOf(hers)).toEqual([]);
    hers.close();
    await s.refreshSharedLists();
    expect(await listsOf(s)).toEqual([]);
  });

  it('CONTACTS-5 offline a change says so and nothing changes; the cached lists stay usable, to write to and export', async () => {
    const server = new ListServer();
    const s = await open(server);
    server.add(
      MARIA,
      'Equipo',
      [
        { name: 'Luis Ñandú', address: 'luis@example.org' },
        { name: 'Móvil de Luis', address: '32475123456@SMS' },
      ],
      [{ address: 'ana@example.org', mayEdit: true }],
    );
    const mine = await s.createList('Mía', [
      { kind: 'address', address: 'tia@example.es', name: 'Tía' },
    ]);
    await s.refreshSharedLists();
    const list = await byName(s, 'Equipo');
    server.offline = true;

    const offline = await refusal(s.renameList(list.id, 'Otro'));
    expect(offline.reason).toBe('offline');
    expect((await refusal(s.shareList(mine, [{ address: MARIA, mayEdit: true }]))).reason).toBe(
      'offline',
    );
    expect((await refusal(s.refreshSharedLists())).reason).toBe('offline');
    expect(await byName(s, 'Equipo')).toEqual(list);
    expect((await byName(s, 'Mía')).shared).toBeUndefined();

    expect(await s.recipientsOf(list.id)).toEqual({
      recipients: [
        { name: 'Luis Ñandú', address: 'luis@example.org' },
        { name: 'Móvil de Luis', address: '32475123456@SMS' },
      ],
      unreachable: 0,
    });
    const csv = Papa.parse<Record<string, string>>(await s.exportList(list.id), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.data.map((r) => r['Name'])).toEqual(['Luis Ñandú', 'Móvil de Luis']);
  });

  it('CONTACTS-5 a change the server refuses (right withdrawn meanwhile) says forbidden, and the book reads the server again', async () => {
    const server = new ListServer();
    const s = await open(server);
    const equipo = server.add(MARIA, 'Equipo', [], [{ address: 'ana@example.org', mayEdit: true }]);
    await s.refreshSharedLists();
    const list = await byName(s, 'Equipo');
    equipo.sharedWith = [{ address: 'ana@example.org', mayEdit: false }];

    const err = await refusal(s.renameList(list.id, 'Otro'));
    expect(err.reason).toBe('forbidden');
    expect(err.message).not.toBe('');
    const now = await byName(s, 'Equipo');
    expect(now.shared?.mayEdit).toBe(false);
    expect(equipo.name).toBe('Equipo');
  });

  it('CONTACTS-5 the local mailbox (no server) has no shared lists', async () => {
    const s = await open();
    const id = await s.createList('Sola');
    expect(await s.sharedListsAvailable()).toBe(false);
    await s.refreshSharedLists();
    expect((await refusal(s.shareList(id, [{ address: MARIA, mayEdit: false }]))).reason).toBe(
      'unavailable',
    );
    await s.renameList(id, 'Sola y local');
    expect((await byName(s, 'Sola y local')).shared).toBeUndefined();
  });
});
