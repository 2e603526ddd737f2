// CONTACTS-5 tests' network boundary: the server's shared lists in memory, as each user
// sees them, with the rights the proxy enforces over IMAP ACL (owner: everything; a grant:
// use, or use and edit). Used by the service's unit tests and the Contacts tool's browser
// tests; the proxy's own tests run the real thing against Dovecot.
import type { ListGrant, SharedList, SharedListMember } from '../../src/protocol/jmap-lists.js';
import type { SharedListSource } from '../../src/state/contact-types.js';
import { sharedListError } from '../../src/state/shared-list-errors.js';

interface Stored {
  id: string;
  name: string;
  owner: string;
  members: SharedListMember[];
  sharedWith: ListGrant[];
  updated: string;
}

/** The server's lists, and what each user may see and do with them. */
export class ListServer {
  readonly lists = new Map<string, Stored>();
  offline = false;
  /** Calls that reached the server (an edit refused before the network makes none). */
  calls = 0;
  private n = 0;

  add(owner: string, name: string, members: SharedListMember[], sharedWith: ListGrant[]): Stored {
    const list = { id: `srv${++this.n}`, name, owner, members, sharedWith, updated: this.stamp() };
    this.lists.set(list.id, list);
    return list;
  }

  private stamp(): string {
    return new Date(Date.UTC(2026, 4, 1, 0, 0, this.n)).toISOString().replace('.000', '');
  }

  as(user: string): SharedListSource {
    const grant = (l: Stored) => l.sharedWith.find((g) => g.address === user);
    const view = (l: Stored): SharedList =>
      structuredClone({
        ...l,
        isMine: l.owner === user,
        mayEdit: l.owner === user || grant(l)?.mayEdit === true,
        sharedWith: l.owner === user ? l.sharedWith : [],
      });
    const reach = () => {
      if (this.offline) throw sharedListError('offline');
      this.calls++;
    };
    const find = (id: string) => {
      const l = this.lists.get(id);
      if (!l || (l.owner !== user && !grant(l))) throw sharedListError('notFound');
      return l;
    };
    return {
      get: async () => {
        reach();
        return [...this.lists.values()].filter((l) => l.owner === user || grant(l)).map(view);
      },
      create: async (input) => {
        reach();
        return view(this.add(user, input.name, input.members, input.sharedWith));
      },
      update: async (id, patch) => {
        reach();
        const l = find(id);
        const owner = l.owner === user;
        if (!owner && (!grant(l)?.mayEdit || patch.sharedWith)) throw sharedListError('forbidden');
        Object.assign(l, structuredClone(patch), { updated: this.stamp() });
        return view(l);
      },
      destroy: async (id) => {
        reach();
        if (find(id).owner !== user) throw sharedListError('forbidden');
        this.lists.delete(id);
      },
    };
  }
}
