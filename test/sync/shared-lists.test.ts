// Must precede Dexie's import: its liveQuery checks for a global indexedDB once, at load.
import 'fake-indexeddb/auto';
// CONTACTS-5 end to end: three people's address books (the real ContactService on their own
// databases) talking to the real proxy over HTTP, which keeps the list in a folder of Alice's
// account on the real Dovecot with its ACL. Alice shares a list of her contacts with Bob
// (use) and Carol (edit); what each one's book then shows, sends to and refuses is checked,
// and that stopping a share or deleting the list takes it from the others' books.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankContact } from '../../src/contacts/model.js';
import type { ContactList } from '../../src/contacts/model.js';
import { createContactService } from '../../src/state/contact-service.js';
import { SharedListError } from '../../src/state/contact-types.js';
import type { ContactService } from '../../src/state/contact-types.js';
import { openDb } from '../../src/store/db.js';
import type { BuzonDb } from '../../src/store/db.js';
import { JmapClient } from '../../src/sync/jmap-client.js';
import { createSharedListSource, sharedListsOffered } from '../../src/sync/shared-lists.js';
import { cookiePair, send } from '../proxy/support/buzon.js';
import { ALICE, startJmapAccount, type JmapAccount } from '../proxy/support/jmap-account.js';

/** Dovecot and the proxy start in a few seconds; this bounds a cold run. */
const START_TIMEOUT_MS = 30_000;
/** Each step is a few proxy calls, each reconnecting to IMAP once (ADR 0034). */
const TEST_TIMEOUT_MS = 60_000;

const BOB = { user: 'bob@buzon.test', pass: 'bob-secret' };
const CAROL = { user: 'carol@buzon.test', pass: 'carol-secret' };

interface Person {
  book: ContactService;
  db: BuzonDb;
  setOffline(offline: boolean): void;
}

let account: JmapAccount;
const people: Person[] = [];
let alice: Person;
let bob: Person;
let carol: Person;

async function personFor(user: { user: string; pass: string }): Promise<Person> {
  const origin = account.buzon.origin;
  const login = await send(origin, 'POST', '/auth/login', {
    body: { provider: 'test', username: user.user, password: user.pass },
  });
  const cookie = cookiePair(login);
  let offline = false;
  const client = new JmapClient({
    baseUrl: origin,
    headers: { Cookie: cookie, Origin: origin },
    fetch: (input, init) =>
      offline ? Promise.reject(new TypeError('fetch failed: network is down')) : fetch(input, init),
  });
  const db = await openDb(`buzon-account-lists-${user.user}`, {
    indexedDB: new IDBFactory(),
    IDBKeyRange,
  });
  const book = createContactService({
    db,
    sharedLists: createSharedListSource(client),
    sharedListsOffered: () => sharedListsOffered(client),
  });
  const person = { book, db, setOffline: (v: boolean) => (offline = v) };
  people.push(person);
  return person;
}

beforeAll(async () => {
  account = await startJmapAccount();
  alice = await personFor(ALICE);
  bob = await personFor(BOB);
  carol = await personFor(CAROL);
}, START_TIMEOUT_MS);

afterAll(async () => {
  for (const p of people) {
    p.book.close();
    p.db.close();
  }
  await account?.stop();
});

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

async function named(s: ContactService, name: string): Promise<ContactList | undefined> {
  return (await listsOf(s)).find((l) => l.name === name);
}

async function refusal(p: Promise<unknown>): Promise<SharedListError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof SharedListError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

const addresses = async (s: ContactService, id: string) =>
  (await s.recipientsOf(id)).recipients.map((r) => `${r.name} <${r.address}>`);

describe('CONTACTS-5 shared lists through the real proxy and Dovecot', () => {
  let aliceListId = '';

  it(
    'CONTACTS-5 Alice shares a list of her contacts: Bob can write to it but not change it, Carol can change it, and everyone sees the change',
    async () => {
      expect(await alice.book.sharedListsAvailable()).toBe(true);
      const ana = await alice.book.putContact({
        ...blankContact(),
        firstName: 'Ana',
        lastName: 'Pérez',
        emails: [{ address: 'ana@example.org', label: 'work' }],
        phones: [{ number: '+32 475 12 34 56', kind: 'mobile' }],
      });
      aliceListId = await alice.book.createList('Equipo de ventas', [
        { kind: 'contact', contactId: ana, via: 'email' },
        { kind: 'contact', contactId: ana, via: 'sms' },
        { kind: 'address', address: 'luis@example.org', name: 'Luis Gómez' },
      ]);
      await alice.book.shareList(aliceListId, [
        { address: BOB.user, mayEdit: false },
        { address: CAROL.user, mayEdit: true },
      ]);
      const mine = await named(alice.book, 'Equipo de ventas');
      expect(mine?.shared).toMatchObject({ isMine: true, mayEdit: true });
      expect(mine?.shared?.sharedWith).toEqual(
        expect.arrayContaining([
          { address: BOB.user, mayEdit: false },
          { address: CAROL.user, mayEdit: true },
        ]),
      );

      // Bob: the list is in his book, from Alice, to write to but not to change.
      await bob.book.refreshSharedLists();
      const bobs = await named(bob.book, 'Equipo de ventas');
      if (!bobs) throw new Error("Bob's book does not have the list");
      expect(bobs.shared).toMatchObject({ owner: ALICE.user, isMine: false, mayEdit: false });
      const expected = [
        'Ana Pérez <ana@example.org>',
        'Ana Pérez <32475123456@SMS>',
        'Luis Gómez <luis@example.org>',
      ];
      expect(await addresses(bob.book, bobs.id)).toEqual(expected);
      const csv = Papa.parse<string[]>(await bob.book.exportList(bobs.id)).data;
      expect(csv.map((row) => row[0])).toEqual(expect.arrayContaining(['Ana Pérez', 'Luis Gómez']));
      const refused = await refusal(bob.book.setListMembers(bobs.id, []));
      expect(refused.reason).toBe('forbidden');
      await bob.book.refreshSharedLists();
      expect(await addresses(bob.book, bobs.id)).toEqual(expected);

      // Carol may edit: she adds someone, and Alice and Bob see it at their next refresh.
      await carol.book.refreshSharedLists();
      const carols = await named(carol.book, 'Equipo de ventas');
      if (!carols) throw new Error("Carol's book does not have the list");
      expect(carols.shared).toMatchObject({ isMine: false, mayEdit: true });
      await carol.book.setListMembers(carols.id, [
        ...carols.members,
        { kind: 'address', address: 'marta@example.org', name: 'Marta Ruiz' },
      ]);
      // Only the owner decides who else may use it.
      const notHers = await refusal(
        carol.book.shareList(carols.id, [{ address: BOB.user, mayEdit: true }]),
      );
      expect(notHers.reason).toBe('forbidden');
      for (const p of [alice, bob]) {
        await p.book.refreshSharedLists();
        const list = await named(p.book, 'Equipo de ventas');
        if (!list) throw new Error('the list went missing');
        expect(await addresses(p.book, list.id)).toEqual([
          ...expected,
          'Marta Ruiz <marta@example.org>',
        ]);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 offline, a change to a shared list is refused and nothing changes; the list still gives its recipients',
    async () => {
      const carols = await named(carol.book, 'Equipo de ventas');
      if (!carols) throw new Error("Carol's book does not have the list");
      carol.setOffline(true);
      try {
        const refused = await refusal(carol.book.renameList(carols.id, 'Otro nombre'));
        expect(refused.reason).toBe('offline');
        expect((await named(carol.book, 'Equipo de ventas'))?.id).toBe(carols.id);
        expect((await carol.book.recipientsOf(carols.id)).recipients).toHaveLength(4);
      } finally {
        carol.setOffline(false);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'CONTACTS-5 when Alice stops sharing with Bob the list leaves his book; when she deletes it, it leaves Carol’s',
    async () => {
      await alice.book.shareList(aliceListId, [{ address: CAROL.user, mayEdit: true }]);
      await bob.book.refreshSharedLists();
      expect(await named(bob.book, 'Equipo de ventas')).toBeUndefined();
      await carol.book.refreshSharedLists();
      expect(await named(carol.book, 'Equipo de ventas')).toBeDefined();

      await alice.book.deleteList(aliceListId);
      expect(await named(alice.book, 'Equipo de ventas')).toBeUndefined();
      await carol.book.refreshSharedLists();
      expect(await named(carol.book, 'Equipo de ventas')).toBeUndefined();
    },
    TEST_TIMEOUT_MS,
  );
});
