// The IMAP side of server-kept contact lists (CONTACTS-5, ADR 0034): where a user's own
// lists and those shared with them are, reading and replacing a list's one message, and
// the ACL entries that say who may use or edit it. Every function runs on a connection
// the caller holds (one ctx.imap() call), so a read and the write after it are not split.
import type { ImapFlow, ListResponse } from 'imapflow';
import type { GroupCard } from '../../contacts/group-vcard.js';
import type { ListGrant } from '../../protocol/jmap-lists.js';
import { deleteAcl, getAcl, isPersonGrantee, setAcl } from '../imap/acl.js';
import { digest } from '../imap/ids.js';
import { myRights } from '../imap/mailboxes.js';
import { listMatching, otherUsersNamespace } from '../imap/shared-namespace.js';
import { createMailbox, deleteMailbox, expungeUids } from '../imap/writes.js';
import { buildRecord, ListRecordError, parseRecord } from './record.js';
import { MAX_GROUP_VCARD_CHARS } from '../../contacts/group-vcard.js';
import { LISTS_ROOT } from './root.js';

/** "Can use": look the folder up and read the list (RFC 4314 `l`, `r`). */
export const USE_RIGHTS = 'lr';
/**
 * "Can edit": also keep \Seen (`s`), write flags (`w`), insert the new copy (`i`), mark the
 * old one deleted (`t`) and expunge it (`e`). Never `a` (only the owner shares), `x` (only
 * the owner deletes the list) nor `k`/`c` (no folders under a list).
 */
export const EDIT_RIGHTS = 'lrswite';
/** The rights MYRIGHTS must show for an edit to be possible at all. */
const EDIT_NEEDS = ['i', 't', 'e'];
/**
 * The largest stored list read: the largest vCard a list can be, base64 (4/3) and its few
 * headers. Anyone with the edit right can put any message in the folder (another client):
 * a larger one is refused by its size before its bytes are fetched.
 */
const MAX_RECORD_BYTES = Math.ceil((MAX_GROUP_VCARD_CHARS * 4 * 4) / 3) + 64 * 1024;

/** Where one list lives. */
export interface ListLocation {
  /** The wire id: the same for the owner and every grantee. */
  id: string;
  owner: string;
  folderId: string;
  path: string;
  isMine: boolean;
}

/** The list as stored: its card, when it was written, and the UIDs holding copies. */
export interface StoredList {
  group: GroupCard;
  updated: Date;
  uids: number[];
}

export const listIdOf = (owner: string, folderId: string): string =>
  `L${digest('shared-list', owner.trim().toLowerCase(), folderId)}`;

export const mayEditWith = (rights: string | null): boolean =>
  rights === null || EDIT_NEEDS.every((r) => rights.includes(r));

export const delimiterOf = (client: ImapFlow): string => client.namespace?.delimiter ?? '/';

const listPattern = (client: ImapFlow, pattern: string): Promise<ListResponse[]> =>
  listMatching(client, pattern, { listOnly: true });

const selectable = (e: ListResponse): boolean =>
  !e.flags.has('\\Noselect') && !e.flags.has('\\NonExistent');

/** The user's own lists: the folders directly under the lists root. */
export async function ownLists(client: ImapFlow, username: string): Promise<ListLocation[]> {
  const d = delimiterOf(client);
  const prefix = `${LISTS_ROOT}${d}`;
  return (await listPattern(client, `${prefix}%`))
    .filter((e) => selectable(e) && e.path.startsWith(prefix))
    .map((e) => {
      const folderId = e.path.slice(prefix.length);
      return {
        id: listIdOf(username, folderId),
        owner: username,
        folderId,
        path: e.path,
        isMine: true,
      };
    })
    .filter((l) => l.folderId !== '' && !l.folderId.includes(d));
}

/**
 * Lists others share with the user: `shared/<owner>/Buzón lists/<id>` (Dovecot's other-users
 * namespace). The connection must be newer than a share to see it (ADR 0013); a revoked
 * share is gone from LIST at once.
 */
export async function sharedLists(client: ImapFlow): Promise<ListLocation[]> {
  const ns = otherUsersNamespace(client);
  if (!ns || !client.capabilities.has('ACL')) return [];
  const d = ns.delimiter;
  const out: ListLocation[] = [];
  for (const e of await listPattern(client, `${ns.prefix}%${d}${LISTS_ROOT}${d}%`)) {
    if (!selectable(e) || !e.path.startsWith(ns.prefix)) continue;
    const parts = e.path.slice(ns.prefix.length).split(d);
    const [owner, root, folderId] = parts;
    if (parts.length !== 3 || !owner || root !== LISTS_ROOT || !folderId) continue;
    out.push({ id: listIdOf(owner, folderId), owner, folderId, path: e.path, isMine: false });
  }
  return out;
}

/** MYRIGHTS of each list folder (null: a server without ACL, which means all rights). */
export async function rightsOf(
  client: ImapFlow,
  lists: readonly ListLocation[],
): Promise<Map<string, string | null>> {
  return myRights(
    client,
    lists.map((l) => l.path),
  );
}

/** The newest copy of the list in `path` (several only after a write raced another), or null. */
export async function readList(client: ImapFlow, path: string): Promise<StoredList | null> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const uids = (await client.search({ all: true }, { uid: true })) || [];
    const newest = Math.max(0, ...uids);
    if (newest === 0) return null;
    const meta = await client.fetchOne(String(newest), { size: true }, { uid: true });
    if (meta && (meta.size ?? 0) > MAX_RECORD_BYTES) throw new ListRecordError('too large');
    const message = await client.fetchOne(
      String(newest),
      { source: true, internalDate: true },
      { uid: true },
    );
    if (!message || !message.source) return null;
    const updated = message.internalDate instanceof Date ? message.internalDate : new Date();
    return { group: parseRecord(message.source), updated, uids };
  } finally {
    lock.release();
  }
}

/**
 * Stores `group` as the list's one message: APPEND the new copy, then remove exactly the
 * copies read before (UID EXPUNGE), so a copy another editor wrote meanwhile stays and the
 * newest wins. The server refuses both without the edit right (NOPERM).
 */
export async function writeList(
  client: ImapFlow,
  path: string,
  group: GroupCard,
  owner: string,
  replace: readonly number[],
): Promise<void> {
  const lock = await client.getMailboxLock(path);
  try {
    await client.append(path, buildRecord(group, owner), ['\\Seen']);
    await expungeUids(client, replace);
  } finally {
    lock.release();
  }
}

/** The people a list folder names (GETACL): their right read back as use or edit. */
export async function grantsOf(
  client: ImapFlow,
  path: string,
  username: string,
): Promise<ListGrant[]> {
  const out: ListGrant[] = [];
  for (const [who, rights] of await getAcl(client, path)) {
    if (rights === '' || !isPersonGrantee(who, username)) continue;
    out.push({ address: who, mayEdit: mayEditWith(rights) });
  }
  return out.sort((a, b) => a.address.localeCompare(b.address));
}

/** Makes the folder's ACL say `after`: SETACL for new or changed people, DELETEACL for gone. */
export async function applyGrants(
  client: ImapFlow,
  path: string,
  before: readonly ListGrant[],
  after: readonly ListGrant[],
): Promise<void> {
  const key = (a: string) => a.trim().toLowerCase();
  const wanted = new Map(after.map((g) => [key(g.address), g]));
  for (const old of before) {
    if (!wanted.has(key(old.address))) await deleteAcl(client, path, old.address);
  }
  for (const g of after) {
    const old = before.find((b) => key(b.address) === key(g.address));
    if (old && old.mayEdit === g.mayEdit) continue;
    await setAcl(client, path, g.address.trim(), g.mayEdit ? EDIT_RIGHTS : USE_RIGHTS);
  }
}

/** Creates the lists root if it is missing (left unsubscribed: it is no mail folder). */
export async function ensureRoot(client: ImapFlow): Promise<void> {
  const listed = await listPattern(client, LISTS_ROOT);
  if (listed.some((e) => e.path === LISTS_ROOT && !e.flags.has('\\NonExistent'))) return;
  await createMailbox(client, LISTS_ROOT);
}

/**
 * A new list: its folder, its ACL, its message — all or nothing (a failure removes the
 * folder again, so a half-made list never shows).
 */
export async function createList(
  client: ImapFlow,
  folderId: string,
  group: GroupCard,
  owner: string,
  grants: readonly ListGrant[],
): Promise<string> {
  await ensureRoot(client);
  const path = `${LISTS_ROOT}${delimiterOf(client)}${folderId}`;
  await createMailbox(client, path);
  try {
    await applyGrants(client, path, [], grants);
    await writeList(client, path, group, owner, []);
  } catch (err) {
    await deleteMailbox(client, path).catch(() => undefined);
    throw err;
  }
  return path;
}

export const destroyList = (client: ImapFlow, path: string): Promise<void> =>
  deleteMailbox(client, path);
