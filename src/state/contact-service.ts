// The ContactService (issue 4, CONTACTS-1): the address book over the store, and autosuggest
// from an in-memory index (contacts/suggest.ts) built on the first keystroke and rebuilt on
// the first keystroke after any contact or correspondent changed (this tab or another).
// Loaded on first use through a ContactServiceLoader, never in the start-up bundle.
import { MAX_SUGGESTIONS, SuggestIndex } from '../contacts/suggest.js';
import type { BuzonDb } from '../store/db.js';
import { deleteContactEverywhere } from '../store/repos/contact-lists.js';
import {
  findContactsByAddress,
  getContact,
  listContacts,
  listCorrespondents,
  observeContactChanges,
  putContact,
} from '../store/repos/contacts.js';
import { createContactBook } from './contact-book.js';
import type { ContactBook } from './contact-book.js';
import type { ContactService, SharedListSource } from './contact-types.js';
import { createMyCard, isMyCard, othersOnly } from './my-card.js';
import { createSharedListBook } from './shared-list-book.js';

export interface ContactDeps {
  db: BuzonDb;
  now?: () => number;
  random?: () => string;
  /**
   * CONTACTS-5: the server's shared lists (sync/shared-lists.ts) for a signed-in account;
   * absent for the local mailbox, where `sharedListsAvailable()` is false.
   */
  sharedLists?: SharedListSource;
  /** Whether the server offers them (its Session names the capability); default: yes. */
  sharedListsOffered?: () => Promise<boolean>;
}

export function createContactService(deps: ContactDeps): ContactService {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? (() => crypto.randomUUID());
  /**
   * The index being built or built; dropped when the data changes (a build that raced a
   * change still answers the keystroke that started it, and is then dropped).
   */
  let index: Promise<SuggestIndex> | null = null;
  let primed = false;

  // Every emission invalidates, except a first one that arrives before any build (it is the
  // state the build will read anyway).
  const watch = observeContactChanges(db).subscribe({
    next: () => {
      if (!primed && !index) {
        primed = true;
        return;
      }
      primed = true;
      index = null;
    },
    // A failing watch (the database closed) leaves the last index in use.
    error: () => undefined,
  });

  function current(): Promise<SuggestIndex> {
    if (index) return index;
    const building = Promise.all([others(), listCorrespondents(db)]).then(
      ([contacts, correspondents]) => SuggestIndex.build(contacts, correspondents),
    );
    index = building;
    // A failed build is not cached: the next keystroke tries again.
    building.catch(() => {
      if (index === building) index = null;
    });
    return building;
  }

  /** The address book without the user's own card (SEND-14): never suggested nor listed. */
  const others = async () => othersOnly(await listContacts(db));

  /** A write here invalidates at once (the watch would, a moment later). */
  function changed(): void {
    index = null;
  }

  /** CONTACTS-5: list writes of a server list go to the server; the rest stay as they were. */
  const withSharedLists = (book: ContactBook) => ({
    ...book,
    ...createSharedListBook({
      db,
      random,
      source: deps.sharedLists,
      offered: deps.sharedListsOffered,
      contacts: others,
      local: book,
    }),
  });

  return {
    async suggest(prefix, limit = MAX_SUGGESTIONS) {
      if (!prefix.trim()) return [];
      return (await current()).suggest(prefix, limit);
    },
    async prepare() {
      await current();
    },
    listContacts: others,
    getContact: (id) => getContact(db, id),
    async putContact(input) {
      const id = input.id ?? random();
      await putContact(db, { ...input, id, updatedAt: now() });
      changed();
      return id;
    },
    /** A deleted contact also leaves every list it was in (CONTACTS-4). */
    async deleteContact(id) {
      await deleteContactEverywhere(db, id);
      changed();
    },
    findByAddress: async (address) =>
      (await findContactsByAddress(db, address)).filter((c) => !isMyCard(c)),
    close: () => watch.unsubscribe(),
    ...withSharedLists(createContactBook({ db, now, random, changed })),
    ...createMyCard({ db, now }),
  };
}
