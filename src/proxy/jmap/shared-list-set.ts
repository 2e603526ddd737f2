// SharedList/set (CONTACTS-5, ADR 0034), RFC 8620 §5.3 shape. Create: folder, ACL, message.
// Update: name and members by anyone with the edit right (a new message replaces the old),
// sharedWith by the owner only (SETACL / DELETEACL). Destroy: the owner DELETEs the folder.
// The proxy refuses what the user has no right to (`forbidden`), and the server's ACL
// refuses it again underneath.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { SetError } from '../../protocol/jmap-methods.js';
import type { SharedList, SharedListUpdate } from '../../protocol/jmap-lists.js';
import {
  applyGrants,
  createList,
  destroyList,
  listIdOf,
  ownLists,
  writeList,
} from '../lists/folders.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { MethodError } from './errors.js';
import { parseSetArgs, setError, setErrorFromImap } from './set-args.js';
import { parseListInput } from './shared-list-input.js';
import { checkListsAccount, listsState, seeLists } from './shared-list-support.js';
import type { SeenList } from './shared-list-support.js';

/** 96 random bits as the folder name: unguessable, and a rename never touches it. */
const FOLDER_ID_BYTES = 12;

const orNull = <T extends object>(value: T): T | null =>
  Object.keys(value).length > 0 ? value : null;

/** A NO from the server for one item; anything else fails the whole call. */
function refusal(err: unknown): SetError {
  const e = err as { responseStatus?: string; serverResponseCode?: string };
  if (e.responseStatus === 'NO') {
    return e.serverResponseCode?.toUpperCase() === 'OVERQUOTA'
      ? setError('overQuota', 'the mail server is over quota')
      : setError('forbidden', 'the mail server refused');
  }
  return setErrorFromImap(err);
}

interface Outcome {
  created: Record<string, SharedList>;
  notCreated: Record<string, SetError>;
  updated: Record<string, SharedList>;
  notUpdated: Record<string, SetError>;
  destroyed: string[];
  notDestroyed: Record<string, SetError>;
}

async function create(
  client: ImapFlow,
  username: string,
  value: unknown,
): Promise<{ id: string } | SetError> {
  const parsed = parseListInput(value, username, true);
  if (!parsed.ok) return setError('invalidProperties', parsed.reason, parsed.properties);
  const { name = '', members = [], sharedWith = [] } = parsed.value;
  const folderId = randomBytes(FOLDER_ID_BYTES).toString('hex');
  try {
    await createList(client, folderId, { uid: randomUUID(), name, members }, username, sharedWith);
  } catch (err) {
    return refusal(err);
  }
  return { id: listIdOf(username, folderId) };
}

async function update(
  client: ImapFlow,
  username: string,
  target: SeenList | undefined,
  value: unknown,
): Promise<SetError | null> {
  if (!target) return setError('notFound', 'no such list');
  const parsed = parseListInput(value, username, false);
  if (!parsed.ok) return setError('invalidProperties', parsed.reason, parsed.properties);
  const patch: SharedListUpdate = parsed.value;
  const { list, location, stored } = target;
  if (patch.sharedWith !== undefined && !list.isMine)
    return setError('forbidden', 'only the owner shares a list');
  const content = patch.name !== undefined || patch.members !== undefined;
  if (content && !list.mayEdit)
    return setError('forbidden', 'you may use this list, not change it');
  try {
    if (content) {
      const group = {
        uid: stored.group.uid || randomUUID(),
        name: patch.name ?? stored.group.name,
        members: patch.members ?? stored.group.members,
      };
      await writeList(client, location.path, group, list.owner, stored.uids);
    }
    if (patch.sharedWith !== undefined)
      await applyGrants(client, location.path, list.sharedWith, patch.sharedWith);
  } catch (err) {
    return refusal(err);
  }
  return null;
}

async function destroy(
  client: ImapFlow,
  username: string,
  id: string,
  target: SeenList | undefined,
): Promise<SetError | null> {
  if (target && !target.list.isMine) return setError('forbidden', 'only the owner deletes a list');
  // One's own list whose message cannot be read (another client wrote something else there)
  // is not listed, but its owner may still delete it by the id it had.
  const path =
    target?.location.path ?? (await ownLists(client, username)).find((l) => l.id === id)?.path;
  if (path === undefined) return setError('notFound', 'no such list');
  try {
    await destroyList(client, path);
  } catch (err) {
    return refusal(err);
  }
  return null;
}

export async function sharedListSet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  checkListsAccount(ctx);
  const request = parseSetArgs(args);
  const username = ctx.session.username;
  // A list shared since this connection logged in is seen only by a new one (ADR 0013).
  ctx.reconnect();
  return ctx.imap(async (client) => {
    checkListsAccount(ctx, client);
    const before = await seeLists(client, username);
    const oldState = listsState(before);
    if (request.ifInState !== null && request.ifInState !== oldState) {
      throw new MethodError('stateMismatch', 'the lists changed since "ifInState"');
    }
    const byId = new Map(before.map((s) => [s.list.id, s]));
    const out: Outcome = {
      created: {},
      notCreated: {},
      updated: {},
      notUpdated: {},
      destroyed: [],
      notDestroyed: {},
    };
    const createdIds = new Map<string, string>();
    for (const [creationId, value] of Object.entries(request.create)) {
      const result = await create(client, username, value);
      if ('type' in result) out.notCreated[creationId] = result;
      else createdIds.set(creationId, result.id);
    }
    const updatedIds: string[] = [];
    for (const [id, value] of Object.entries(request.update)) {
      const failed = await update(client, username, byId.get(id), value);
      if (failed) out.notUpdated[id] = failed;
      else updatedIds.push(id);
    }
    for (const id of request.destroy) {
      const failed = await destroy(client, username, id, byId.get(id));
      if (failed) out.notDestroyed[id] = failed;
      else out.destroyed.push(id);
    }
    // `created` and `updated` carry each list as it now is on the server.
    const after = await seeLists(client, username);
    const now = new Map(after.map((s) => [s.list.id, s.list]));
    for (const [creationId, id] of createdIds) {
      const list = now.get(id);
      if (list) out.created[creationId] = list;
      else out.notCreated[creationId] = setError('forbidden', 'the list could not be read back');
    }
    for (const id of updatedIds) {
      const list = now.get(id);
      if (list) out.updated[id] = list;
      else out.notUpdated[id] = setError('notFound', 'the list is gone');
    }
    return {
      accountId: ctx.accountId,
      oldState,
      newState: listsState(after),
      created: orNull(out.created),
      updated: orNull(out.updated),
      destroyed: out.destroyed.length > 0 ? out.destroyed : null,
      notCreated: orNull(out.notCreated),
      notUpdated: orNull(out.notUpdated),
      notDestroyed: orNull(out.notDestroyed),
    };
  });
}
