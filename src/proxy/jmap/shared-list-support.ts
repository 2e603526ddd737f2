// What SharedList/get and SharedList/set share (CONTACTS-5, ADR 0034): the account check,
// every list the user can see read into the wire shape, and the state string.
import type { ImapFlow } from 'imapflow';
import type { SharedList } from '../../protocol/jmap-lists.js';
import { digest } from '../imap/ids.js';
import type { ListLocation, StoredList } from '../lists/folders.js';
import {
  grantsOf,
  mayEditWith,
  ownLists,
  readList,
  rightsOf,
  sharedLists,
} from '../lists/folders.js';
import { ListRecordError } from '../lists/record.js';
import type { JmapContext } from './context.js';
import { MethodError } from './errors.js';

/** Lists are the owner's personal data, kept with IMAP ACL: not in a shared mailbox. */
export function checkListsAccount(ctx: JmapContext, client?: ImapFlow): void {
  if (ctx.scope.kind !== 'personal') {
    throw new MethodError(
      'accountNotSupportedByMethod',
      'contact lists belong to your own account',
    );
  }
  if (client && !client.capabilities.has('ACL')) {
    throw new MethodError(
      'accountNotSupportedByMethod',
      'the mail server cannot share (no IMAP ACL)',
    );
  }
}

/** One list the user can see, as stored and as answered. */
export interface SeenList {
  location: ListLocation;
  /** MYRIGHTS letters on a list shared with the user; null on the user's own. */
  rights: string | null;
  stored: StoredList;
  list: SharedList;
}

/**
 * Every list of the user and shared with the user, read now. A folder without a readable
 * list (empty, or another client's message) is left out rather than failing the rest.
 */
export async function seeLists(client: ImapFlow, username: string): Promise<SeenList[]> {
  const own = await ownLists(client, username);
  const shared = await sharedLists(client);
  const rights = await rightsOf(client, shared);
  const out: SeenList[] = [];
  for (const location of [...own, ...shared]) {
    let stored: StoredList | null;
    try {
      stored = await readList(client, location.path);
    } catch (err) {
      if (err instanceof ListRecordError) continue;
      // A share revoked between LIST and SELECT: the list is simply gone.
      if ((err as { responseStatus?: string }).responseStatus === 'NO') continue;
      throw err;
    }
    if (!stored) continue;
    const mine = location.isMine;
    const right = mine ? null : (rights.get(location.path) ?? '');
    if (!mine && !right?.includes('r')) continue;
    out.push({
      location,
      rights: right,
      stored,
      list: {
        id: location.id,
        name: stored.group.name,
        owner: location.owner,
        isMine: mine,
        mayEdit: mine || mayEditWith(right),
        members: stored.group.members,
        sharedWith: mine ? await grantsOf(client, location.path, username) : [],
        updated: stored.updated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    });
  }
  return out.sort((a, b) => (a.list.id < b.list.id ? -1 : 1));
}

/** Changes whenever anything the user sees of any list does. */
export const listsState = (lists: readonly SeenList[]): string =>
  `l${digest('shared-list-state', JSON.stringify(lists.map((l) => l.list)))}`;
