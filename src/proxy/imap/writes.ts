// IMAP writes for Email/set and Mailbox/set: flag STOREs, UID MOVE (RFC 6851), UID
// EXPUNGE (UIDPLUS, RFC 4315) and CREATE/RENAME/DELETE/SUBSCRIBE. Sent raw through
// imapflow's internal `exec` because its helpers swallow a NO and drop its response code,
// and the code is what tells `overQuota` from `forbidden`. Every response is released
// with `next()` (ADR 0008); a NO becomes ImapRefusedError with the RFC 5530 code.
import type { ImapFlow } from 'imapflow';
import { parseCopyUid } from 'imapflow/lib/commands/copyuid-parser.js';
import { normalizePath } from 'imapflow/lib/tools.js';
import { assertNoCrLf } from '../security/crlf.js';
import type { SessionCache } from './cache.js';
import { emailIdFromGuid } from './ids.js';
import { fetchMetadata } from './messages.js';
import { imapAtom, imapMailbox, imapSequence, pairs, tokenText, uidSet } from './raw.js';
import type { ImapValue, UntaggedResponse } from './raw.js';

/** The server answered NO; `code` is the response code (`OVERQUOTA`, `NOPERM`, …) or null. */
export class ImapRefusedError extends Error {
  override name = 'ImapRefusedError';
  constructor(
    readonly command: string,
    readonly code: string | null,
  ) {
    super(`the server refused ${command}${code ? ` [${code}]` : ''}`);
  }
}

interface TaggedResponse {
  attributes?: ImapValue[];
}

interface RawExec {
  exec(
    command: string,
    attributes: ImapValue[],
    options?: { untagged?: Record<string, (u: UntaggedResponse) => void> },
  ): Promise<{ next: () => void; response: TaggedResponse }>;
}

/** `[CODE …]` of a tagged response, upper case, or null. */
function responseCode(response: unknown): string | null {
  const first = (response as TaggedResponse | undefined)?.attributes?.[0];
  const section = first && !Array.isArray(first) ? first.section : undefined;
  const code = Array.isArray(section) ? tokenText(section[0] as ImapValue) : null;
  return code ? code.toUpperCase() : null;
}

/** Runs one command; NO → ImapRefusedError, anything else (BAD, a dropped link) rethrown. */
async function exec(
  client: ImapFlow,
  command: string,
  args: ImapValue[],
  untagged: Record<string, (u: UntaggedResponse) => void> = {},
): Promise<TaggedResponse> {
  try {
    const done = await (client as unknown as RawExec).exec(command, args, { untagged });
    done.next();
    return done.response;
  } catch (err) {
    const e = err as { responseStatus?: string; response?: unknown };
    if (e.responseStatus === 'NO') throw new ImapRefusedError(command, responseCode(e.response));
    throw err;
  }
}

const mailboxArg = imapMailbox;

/** What the selected mailbox holds at some UIDs: the facade's id and the raw flags. */
export interface HeldMessage {
  id: string;
  flags: string[];
}

/**
 * Id and FLAGS of the given UIDs of the selected mailbox. With X-GUID one light FETCH;
 * without it the id needs the header block, which fetchMetadata already knows how to hash.
 */
export async function fetchHeld(
  client: ImapFlow,
  cache: SessionCache,
  uids: readonly number[],
): Promise<Map<number, HeldMessage>> {
  const held = new Map<number, HeldMessage>();
  if (uids.length === 0) return held;
  if (cache.fetchGuid !== true) {
    for (const row of await fetchMetadata(client, cache, uids)) {
      held.set(row.message.uid, { id: row.id, flags: [...(row.message.flags ?? [])] });
    }
    return held;
  }
  const items = [imapAtom('UID'), imapAtom('FLAGS'), imapAtom('X-GUID')];
  await exec(client, 'UID FETCH', [imapSequence(uidSet(uids)), items], {
    FETCH: (untagged) => {
      const raw = pairs(untagged.attributes[1]);
      const uid = Number(tokenText(raw.get('UID')));
      const guid = tokenText(raw.get('X-GUID'));
      const flags = raw.get('FLAGS');
      if (!Number.isSafeInteger(uid) || !guid) return;
      held.set(uid, {
        id: emailIdFromGuid(guid),
        flags: Array.isArray(flags) ? flags.flatMap((f) => tokenText(f) ?? []) : [],
      });
    },
  });
  return held;
}

/**
 * `UID STORE <uids> ±FLAGS.SILENT (…)` in the selected mailbox. ±FLAGS touches only the
 * named flags, so a keyword another client changed meanwhile is never undone (ARCHITECTURE
 * § Sync: ops are patches).
 */
export async function storeFlags(
  client: ImapFlow,
  uids: readonly number[],
  operation: 'add' | 'remove',
  flags: readonly string[],
): Promise<void> {
  if (uids.length === 0 || flags.length === 0) return;
  for (const flag of flags) assertNoCrLf(flag, 'keyword');
  const item = imapAtom(`${operation === 'add' ? '+' : '-'}FLAGS.SILENT`);
  await exec(client, 'UID STORE', [imapSequence(uidSet(uids)), item, flags.map(imapAtom)]);
}

/**
 * `UID MOVE` (RFC 6851) from the selected mailbox; answers source UID → destination UID
 * from COPYUID (UIDPLUS). A UID missing from the map was not moved (already gone).
 */
export async function moveUids(
  client: ImapFlow,
  uids: readonly number[],
  destinationPath: string,
): Promise<Map<number, number>> {
  if (!client.capabilities.has('MOVE')) throw new ImapRefusedError('UID MOVE', 'CANNOT');
  const map: { path: string; destination: string; uidMap?: Map<number, number> } = {
    path: client.mailbox ? client.mailbox.path : '',
    destination: destinationPath,
  };
  // Dovecot sends COPYUID in an untagged OK before the expunges; others in the tagged OK.
  const tagged = await exec(
    client,
    'UID MOVE',
    [imapSequence(uidSet(uids)), mailboxArg(client, destinationPath)],
    { OK: (untagged) => parseCopyUid(untagged as never, map) },
  );
  parseCopyUid(tagged as never, map);
  return map.uidMap ?? new Map();
}

/**
 * Removes exactly these UIDs: `\Deleted`, then `UID EXPUNGE` (UIDPLUS), so messages another
 * client marked `\Deleted` stay. Without UIDPLUS a plain EXPUNGE is all IMAP offers.
 */
export async function expungeUids(client: ImapFlow, uids: readonly number[]): Promise<void> {
  if (uids.length === 0) return;
  await storeFlags(client, uids, 'add', ['\\Deleted']);
  if (client.capabilities.has('UIDPLUS')) {
    await exec(client, 'UID EXPUNGE', [imapSequence(uidSet(uids))]);
  } else {
    await exec(client, 'EXPUNGE', []);
  }
}

/** A mailbox being renamed or deleted must not stay selected under its old name. */
async function unselect(client: ImapFlow, path: string): Promise<void> {
  if (client.mailbox && client.mailbox.path === normalizePath(client, path))
    await client.mailboxClose();
}

export async function createMailbox(client: ImapFlow, path: string): Promise<void> {
  await exec(client, 'CREATE', [mailboxArg(client, path)]);
}

export async function renameMailbox(client: ImapFlow, from: string, to: string): Promise<void> {
  await unselect(client, from);
  await exec(client, 'RENAME', [mailboxArg(client, from), mailboxArg(client, to)]);
}

/** DELETE (RFC 3501 §6.3.4): the server removes the folder's messages with it. */
export async function deleteMailbox(client: ImapFlow, path: string): Promise<void> {
  await unselect(client, path);
  await exec(client, 'DELETE', [mailboxArg(client, path)]);
}

export async function setSubscribed(
  client: ImapFlow,
  path: string,
  subscribed: boolean,
): Promise<void> {
  await exec(client, subscribed ? 'SUBSCRIBE' : 'UNSUBSCRIBE', [mailboxArg(client, path)]);
}
