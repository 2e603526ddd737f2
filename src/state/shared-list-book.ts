// CONTACTS-5: the address book's lists kept on the server (the user's own once shared, and
// those others share with them). The server's copy is the truth: every change goes there
// first and the book stores what it answers, so offline or refused, nothing changes here.
// The book keeps the last copy read, so the lists work offline (recipients, CSV export).
import type { Contact, ContactList, ListMember } from '../contacts/model.js';
import { resolveMember } from '../contacts/model.js';
import { MAX_MEMBER_NAME_LENGTH, checkSharedListInput } from '../protocol/jmap-lists.js';
import type {
  ListGrant,
  SharedList,
  SharedListMember,
  SharedListUpdate,
} from '../protocol/jmap-lists.js';
import type { BuzonDb } from '../store/db.js';
import type { ServerListRow } from '../store/repos/contact-lists.js';
import {
  ContactListNotFoundError,
  deleteContactList,
  getContactList,
  listContactLists,
  putContactList,
  replaceSharedLists,
} from '../store/repos/contact-lists.js';
import { SharedListError } from './contact-types.js';
import type { ContactService, SharedListSource } from './contact-types.js';
import { sharedListError } from './shared-list-errors.js';

export type SharedListBook = Pick<
  ContactService,
  | 'sharedListsAvailable'
  | 'refreshSharedLists'
  | 'shareList'
  | 'renameList'
  | 'setListMembers'
  | 'deleteList'
>;

export interface SharedListBookDeps {
  db: BuzonDb;
  random: () => string;
  /** The server's lists; absent for the local mailbox (then only local lists exist). */
  source?: SharedListSource | undefined;
  /** Whether the server offers them (its Session); absent: whenever `source` is given. */
  offered?: (() => Promise<boolean>) | undefined;
  /** The book's contacts (not the user's own card), to turn contact members into addresses. */
  contacts: () => Promise<Contact[]>;
  /** The list writes for lists that live on this device only (contact-book.ts). */
  local: Pick<ContactService, 'renameList' | 'setListMembers' | 'deleteList'>;
}

/** A server list as the book keeps it: `address` members only, with where it comes from. */
export function serverRow(s: SharedList): ServerListRow {
  return {
    name: s.name,
    members: s.members.map((m) => ({ kind: 'address', address: m.address, name: m.name })),
    shared: {
      serverId: s.id,
      owner: s.owner,
      isMine: s.isMine,
      mayEdit: s.mayEdit,
      sharedWith: s.sharedWith.map((g) => ({ address: g.address, mayEdit: g.mayEdit })),
      updated: s.updated,
    },
  };
}

/**
 * Members as the server keeps them: a name and an address each, as they are now. Members
 * that reach nobody (contact gone, or without that address) are left out; an address
 * given twice is kept once. Control characters in a name become spaces (a header's rule).
 */
export function plainMembers(members: ListMember[], contacts: Contact[]): SharedListMember[] {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const out: SharedListMember[] = [];
  for (const member of members) {
    const r = resolveMember(member, byId);
    if (!r || seen.has(r.address.toLowerCase())) continue;
    seen.add(r.address.toLowerCase());
    const name = r.name
      .replace(/\p{Cc}/gu, ' ')
      .trim()
      .slice(0, MAX_MEMBER_NAME_LENGTH);
    out.push({ name, address: r.address });
  }
  return out;
}

export function createSharedListBook(deps: SharedListBookDeps): SharedListBook {
  const { db, source, local } = deps;
  const offered = deps.offered ?? (() => Promise.resolve(true));

  function server(): SharedListSource {
    if (!source) throw sharedListError('unavailable');
    return source;
  }

  async function refresh(): Promise<void> {
    if (!source) return;
    // Not knowing (no Session yet, offline) is no reason not to try: `get` says why it failed.
    if (!(await offered().catch(() => true))) return;
    const lists = await source.get();
    await replaceSharedLists(db, lists.map(serverRow), deps.random);
  }

  /** Keeps what the server answered under the list's local id. */
  async function store(id: string, answer: SharedList): Promise<void> {
    const row = serverRow(answer);
    await putContactList(db, { id, name: row.name, members: row.members, shared: row.shared });
  }

  /**
   * The server refused (the right was withdrawn, the list is gone): the book reads its truth
   * again, so what the user sees is what they may do. The refusal is what the caller is told.
   */
  async function onRefusal(err: unknown): Promise<never> {
    if (err instanceof SharedListError && (err.reason === 'forbidden' || err.reason === 'notFound'))
      await refresh().catch(() => undefined);
    throw err;
  }

  /** Changes name or members of a server list: checked here, then the server decides. */
  async function change(list: ContactList, patch: SharedListUpdate): Promise<void> {
    const info = list.shared;
    if (!info) return;
    if (!info.mayEdit) throw sharedListError('forbidden');
    const problem = checkSharedListInput(patch);
    if (problem) throw sharedListError('invalid', problem.reason);
    const answer = await server().update(info.serverId, patch).catch(onRefusal);
    await store(list.id, answer);
  }

  async function serverList(id: string): Promise<ContactList | undefined> {
    const list = await getContactList(db, id);
    return list?.shared ? list : undefined;
  }

  return {
    async sharedListsAvailable() {
      if (!source) return false;
      try {
        return await offered();
      } catch {
        // Offline before the Session was read: lists kept from the server say it has them.
        return (await listContactLists(db)).some((l) => l.shared !== undefined);
      }
    },

    refreshSharedLists: refresh,

    async shareList(id, grants: ListGrant[]) {
      const list = await getContactList(db, id);
      if (!list) throw new ContactListNotFoundError(id);
      if (list.shared && !list.shared.isMine) throw sharedListError('forbidden');
      const sharedWith = grants.map((g) => ({ address: g.address.trim(), mayEdit: g.mayEdit }));
      if (list.shared) {
        const problem = checkSharedListInput({ sharedWith });
        if (problem) throw sharedListError('invalid', problem.reason);
        const answer = await server().update(list.shared.serverId, { sharedWith }).catch(onRefusal);
        return store(id, answer);
      }
      // The first share moves the list to the server, as names and addresses.
      const input = {
        name: list.name,
        members: plainMembers(list.members, await deps.contacts()),
        sharedWith,
      };
      const problem = checkSharedListInput(input);
      if (problem) throw sharedListError('invalid', problem.reason);
      await store(id, await server().create(input));
    },

    async renameList(id, name) {
      const list = await serverList(id);
      if (!list) return local.renameList(id, name);
      await change(list, { name: name.trim() });
    },

    async setListMembers(id, members) {
      const list = await serverList(id);
      if (!list) return local.setListMembers(id, members);
      await change(list, { members: plainMembers(members, await deps.contacts()) });
    },

    async deleteList(id) {
      const list = await serverList(id);
      if (!list?.shared) return local.deleteList(id);
      // Only the owner deletes; a list shared with the user comes back at the next read.
      if (!list.shared.isMine) throw sharedListError('forbidden');
      try {
        await server().destroy(list.shared.serverId);
      } catch (err) {
        // Already gone from the server: the book follows.
        if (!(err instanceof SharedListError && err.reason === 'notFound')) await onRefusal(err);
      }
      await deleteContactList(db, id);
    },
  };
}
