// Mailbox/set (RFC 8621 §2.5) over IMAP CREATE, RENAME, DELETE and (UN)SUBSCRIBE. Folders
// with a role (Inbox and the special-use folders) cannot be renamed, moved or destroyed
// (FOLDER-1); Sent and Junk take no subfolders (FOLDER-2). Creates run first, then updates,
// then destroys (deepest first, so a folder and its children can go in one call).
import type { SetError } from '../../protocol/jmap-methods.js';
import { isJsonObject, parsePointer } from '../../protocol/json-pointer.js';
import { MAX_SIZE_MAILBOX_NAME } from '../../protocol/limits.js';
import { applyPatch } from '../../protocol/patch.js';
import type { ImapFlow } from 'imapflow';
import type { ImapMailbox } from '../imap/mailboxes.js';
import { createMailbox, deleteMailbox, renameMailbox, setSubscribed } from '../imap/writes.js';
import { isSingleLine } from '../security/crlf.js';
import { checkAccount } from './args.js';
import type { Args } from './args.js';
import type { JmapContext } from './context.js';
import { invalidArguments } from './errors.js';
import { mailboxGet } from './mailbox-get.js';
import {
  checkIfInState,
  emptyOutcome,
  parseSetArgs,
  setError,
  setErrorFromImap,
} from './set-args.js';
import type { SetOutcome } from './set-args.js';
import { setResponse } from './set-args.js';
import { mailboxSnapshot, mailboxState } from './state.js';

/** What a client may set; the rest of a Mailbox is computed by the server. */
const SETTABLE = new Set(['name', 'parentId', 'isSubscribed', 'role']);
/** FOLDER-2: sent mail and spam are flat. */
const NO_CHILDREN_ROLES = new Set(['sent', 'junk']);
/** LIST wildcards (RFC 3501 §6.3.8): a name holding one would match other folders. */
const LIST_WILDCARDS = /[*%]/;

type Checked<T> = { ok: true; value: T } | { ok: false; error: SetError };
const refuse = (type: SetError['type'], text: string, props?: string[]): Checked<never> => ({
  ok: false,
  error: setError(type, text, props),
});

/** The request's working view: the folders now, the delimiter, and ids created so far. */
interface View {
  mailboxes: readonly ImapMailbox[];
  delimiter: string;
  /** Where top-level folders go ('' for one's own; `shared/<owner>/` in a share: ADR 0013). */
  prefix: string;
  created: Map<string, string>;
}

function checkName(name: unknown, delimiter: string): Checked<string> {
  if (
    typeof name !== 'string' ||
    name.trim() === '' ||
    Buffer.byteLength(name) > MAX_SIZE_MAILBOX_NAME ||
    name.includes(delimiter) ||
    !isSingleLine(name) ||
    LIST_WILDCARDS.test(name)
  ) {
    return refuse(
      'invalidProperties',
      `a name is 1–${MAX_SIZE_MAILBOX_NAME} octets without "${delimiter}", "*", "%" or line breaks`,
      ['name'],
    );
  }
  return { ok: true, value: name };
}

/** `parentId` (an id, `#creationId` of this call, or null) → the parent folder. */
function checkParent(parentId: unknown, view: View): Checked<ImapMailbox | null> {
  if (parentId === null || parentId === undefined) return { ok: true, value: null };
  const id =
    typeof parentId === 'string' && parentId.startsWith('#')
      ? view.created.get(parentId.slice(1))
      : parentId;
  const parent = view.mailboxes.find((m) => m.id === id);
  if (!parent) return refuse('invalidProperties', 'no such parent folder', ['parentId']);
  if (parent.role !== null && NO_CHILDREN_ROLES.has(parent.role))
    return refuse('invalidProperties', `the ${parent.role} folder has no subfolders`, ['parentId']);
  return { ok: true, value: parent };
}

const pathOf = (parent: ImapMailbox | null, name: string, view: View) =>
  parent ? `${parent.path}${view.delimiter}${name}` : `${view.prefix}${name}`;

const parentIdOf = (m: ImapMailbox, view: View) =>
  m.parentPath === null ? null : (view.mailboxes.find((p) => p.path === m.parentPath)?.id ?? null);

async function refresh(ctx: JmapContext, view: View): Promise<void> {
  view.mailboxes = await ctx.mailboxes(true);
}

async function create(ctx: JmapContext, value: unknown, view: View): Promise<Checked<string>> {
  if (!isJsonObject(value)) return refuse('invalidProperties', 'a mailbox is an object');
  const extra = Object.keys(value).filter((k) => !SETTABLE.has(k));
  if (extra.length > 0) return refuse('invalidProperties', 'set by the server', extra);
  if (value['role'] !== undefined && value['role'] !== null)
    return refuse('invalidProperties', 'roles belong to the server’s folders', ['role']);
  const subscribed = value['isSubscribed'] ?? true;
  if (typeof subscribed !== 'boolean')
    return refuse('invalidProperties', 'isSubscribed is a boolean', ['isSubscribed']);
  const name = checkName(value['name'], view.delimiter);
  if (!name.ok) return name;
  const parent = checkParent(value['parentId'], view);
  if (!parent.ok) return parent;
  const path = pathOf(parent.value, name.value, view);
  if (view.mailboxes.some((m) => m.path.toLowerCase() === path.toLowerCase()))
    return refuse('invalidProperties', 'a folder with this name already exists', ['name']);
  try {
    await ctx.imap(async (client) => {
      await createMailbox(client, path);
      if (subscribed) await setSubscribed(client, path, true);
    });
  } catch (err) {
    return { ok: false, error: setErrorFromImap(err) };
  }
  await refresh(ctx, view);
  const made = view.mailboxes.find((m) => m.path === path);
  if (!made) return refuse('forbidden', 'the server did not keep the new folder');
  return { ok: true, value: made.id };
}

async function update(
  ctx: JmapContext,
  mailbox: ImapMailbox,
  patch: unknown,
  view: View,
): Promise<Checked<null>> {
  const current = {
    name: mailbox.name,
    parentId: parentIdOf(mailbox, view),
    // A LIST entry without a subscription may leave it undefined.
    isSubscribed: mailbox.subscribed === true,
    role: mailbox.role,
  };
  const patched = applyPatch(current, patch);
  if (!patched.ok) return patched;
  const touched = Object.keys(patch as object).map((k) => parsePointer(`/${k}`)?.[0] ?? k);
  const extra = [...new Set(touched)].filter((k) => !SETTABLE.has(k));
  if (extra.length > 0) return refuse('invalidProperties', 'set by the server', extra);
  const next = patched.value;
  if (next.role !== current.role)
    return refuse('invalidProperties', 'roles belong to the server’s folders', ['role']);
  if (typeof next.isSubscribed !== 'boolean')
    return refuse('invalidProperties', 'isSubscribed is a boolean', ['isSubscribed']);
  let path = mailbox.path;
  if (next.name !== current.name || next.parentId !== current.parentId) {
    if (mailbox.role !== null)
      return refuse('forbidden', `the ${mailbox.role} folder cannot be renamed or moved`);
    const name = checkName(next.name, view.delimiter);
    if (!name.ok) return name;
    const parent = checkParent(next.parentId, view);
    if (!parent.ok) return parent;
    const under = parent.value?.path;
    if (under === mailbox.path || under?.startsWith(`${mailbox.path}${view.delimiter}`))
      return refuse('invalidProperties', 'a folder cannot move under itself', ['parentId']);
    path = pathOf(parent.value, name.value, view);
  }
  const renamed = path !== mailbox.path;
  try {
    await ctx.imap(async (client) => {
      if (renamed) {
        await renameMailbox(client, mailbox.path, path);
        await moveSubscriptions(client, mailbox.path, path, view);
      }
      if (next.isSubscribed !== current.isSubscribed || (renamed && next.isSubscribed))
        await setSubscribed(client, path, next.isSubscribed);
    });
  } catch (err) {
    return { ok: false, error: setErrorFromImap(err) };
  }
  await refresh(ctx, view);
  return { ok: true, value: null };
}

/**
 * RENAME moves a folder and its children but not their subscriptions (Dovecot keeps the old
 * names subscribed): the children's follow them here; the folder's own is set by the caller.
 */
async function moveSubscriptions(
  client: ImapFlow,
  from: string,
  to: string,
  view: View,
): Promise<void> {
  for (const m of view.mailboxes) {
    const child = m.path.startsWith(`${from}${view.delimiter}`);
    if (m.subscribed !== true || (m.path !== from && !child)) continue;
    await setSubscribed(client, m.path, false);
    if (child) await setSubscribed(client, `${to}${m.path.slice(from.length)}`, true);
  }
}

async function destroy(
  ctx: JmapContext,
  mailbox: ImapMailbox,
  removeEmails: boolean,
  view: View,
): Promise<Checked<null>> {
  if (mailbox.role !== null)
    return refuse('forbidden', `the ${mailbox.role} folder cannot be destroyed`);
  if (view.mailboxes.some((m) => m.parentPath === mailbox.path))
    return refuse('mailboxHasChild', 'the folder has subfolders');
  if (!removeEmails && mailbox.messages > 0)
    return refuse('mailboxHasEmail', 'the folder holds messages');
  try {
    await ctx.imap(async (client, cache) => {
      await deleteMailbox(client, mailbox.path);
      cache.rows.delete(mailbox.id);
      for (const [id, at] of cache.emails) if (at.mailboxId === mailbox.id) cache.emails.delete(id);
    });
  } catch (err) {
    return { ok: false, error: setErrorFromImap(err) };
  }
  await refresh(ctx, view);
  return { ok: true, value: null };
}

export async function mailboxSet(args: Args, ctx: JmapContext): Promise<Args> {
  checkAccount(args, ctx);
  const request = parseSetArgs(args);
  const removeEmails = args['onDestroyRemoveEmails'] ?? false;
  if (typeof removeEmails !== 'boolean')
    throw invalidArguments('"onDestroyRemoveEmails" must be a boolean');
  const before = await ctx.mailboxes(true);
  const oldState = mailboxState(before);
  checkIfInState(request.ifInState, oldState);
  const delimiter = await ctx.imap(async (client) => client.namespace?.delimiter ?? '/');
  const view: View = {
    mailboxes: before,
    delimiter,
    prefix: ctx.topLevelPrefix,
    created: new Map(),
  };
  const outcome: SetOutcome = emptyOutcome();

  for (const [creationId, value] of Object.entries(request.create)) {
    const made = await create(ctx, value, view);
    if (!made.ok) {
      outcome.notCreated[creationId] = made.error;
      continue;
    }
    view.created.set(creationId, made.value);
    // RFC 8620 §5.3: the id plus every server-set or defaulted property.
    const got = await mailboxGet({ accountId: ctx.accountId, ids: [made.value] }, ctx);
    const serverSet = { ...((got['list'] as Record<string, unknown>[])[0] ?? { id: made.value }) };
    // The client sent these; everything else was set or defaulted by the server.
    delete serverSet['name'];
    delete serverSet['parentId'];
    outcome.created[creationId] = serverSet;
  }
  for (const [id, patch] of Object.entries(request.update)) {
    const mailbox = view.mailboxes.find((m) => m.id === id);
    const done = mailbox
      ? await update(ctx, mailbox, patch, view)
      : refuse('notFound', 'no such folder');
    if (done.ok) outcome.updated[id] = null;
    else outcome.notUpdated[id] = done.error;
  }
  const depth = (id: string) =>
    view.mailboxes.find((m) => m.id === id)?.path.split(delimiter).length ?? 0;
  for (const id of [...request.destroy].sort((a, b) => depth(b) - depth(a))) {
    const mailbox = view.mailboxes.find((m) => m.id === id);
    const done = mailbox
      ? await destroy(ctx, mailbox, removeEmails, view)
      : refuse('notFound', 'no such folder');
    if (done.ok) outcome.destroyed.push(id);
    else outcome.notDestroyed[id] = done.error;
  }

  const after = await ctx.mailboxes(true);
  const newState = mailboxState(after);
  await ctx.imap(async (_client, cache) => {
    cache.rememberMailboxState(oldState, mailboxSnapshot(before));
    cache.rememberMailboxState(newState, mailboxSnapshot(after));
  });
  return setResponse(ctx.accountId, oldState, newState, outcome);
}
