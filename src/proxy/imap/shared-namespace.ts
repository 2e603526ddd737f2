// Mailboxes other users share with the signed-in user (RFC 4314 ACL, RFC 2342 "other
// users" namespace, e.g. Dovecot's `shared/<owner>/`). Each owner's mailbox is a JMAP
// account of its own (SHARED-2, ADR 0013); the personal account never shows them.
import type { ImapFlow, ListOptions, ListResponse } from 'imapflow';
import { isListsPath } from '../lists/root.js';
import { digest } from './ids.js';
import { execRaw, imapString, tokenText } from './raw.js';
import type { ImapValue } from './raw.js';

/** Which part of the server a JMAP account sees. */
export type MailboxScope =
  | { kind: 'personal' }
  | {
      kind: 'shared';
      /** The owner's login name as the server lists it (the account's name). */
      owner: string;
      /** The owner's INBOX, which is also the root of their folders, e.g. `shared/alice@x`. */
      root: string;
      delimiter: string;
    };

export const PERSONAL_SCOPE: MailboxScope = { kind: 'personal' };

/** Stable per grantee and owner, and unlike the personal id (another prefix letter). */
export function sharedAccountIdFor(providerId: string, username: string, owner: string): string {
  return `S${digest('shared-account', providerId, username.trim().toLowerCase(), owner.toLowerCase())}`;
}

/** The "other users" namespace prefix and delimiter (`shared/`, `/`), or null without one. */
export function otherUsersNamespace(
  client: ImapFlow,
): { prefix: string; delimiter: string } | null {
  const other = client.namespaces?.other;
  const first = other ? other[0] : undefined;
  if (!first || first.prefix === '' || !first.delimiter) return null;
  return { prefix: first.prefix, delimiter: first.delimiter };
}

/**
 * Prefixes that are not the user's own mail (other users' and public namespaces): the
 * personal account skips them, or a share would show up as the grantee's own folders.
 */
export function foreignPrefixes(client: ImapFlow): string[] {
  const ns = client.namespaces;
  if (!ns) return [];
  return [...(ns.other || []), ...(ns.shared || [])].map((n) => n.prefix).filter((p) => p !== '');
}

export function isUnder(path: string, prefix: string, delimiter: string): boolean {
  const bare = prefix.endsWith(delimiter) ? prefix.slice(0, -delimiter.length) : prefix;
  return path === bare || path.startsWith(bare + delimiter);
}

/** Flags of a raw LIST response (`(\HasChildren \Noselect)`), upper-cased. */
function flagsOf(value: ImapValue | undefined): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(value)) for (const f of value) out.add((tokenText(f) ?? '').toUpperCase());
  return out;
}

/**
 * Owners who share mail with the user. Dovecot reads its list of sharing users once per
 * connection, so a share made after login is seen only by a new connection (the Session
 * route recycles the pool's); a revoked share is listed `\NonExistent` or `\Noselect
 * \HasNoChildren` at once and is skipped. An owner whose INBOX is not shared is checked
 * further: one who shares only contact lists (ADR 0034) shares no mailbox.
 */
export async function listSharedOwners(client: ImapFlow): Promise<string[]> {
  const ns = otherUsersNamespace(client);
  if (!ns || !client.capabilities.has('ACL')) return [];
  const owners: string[] = [];
  const partial: string[] = [];
  await execRaw(
    client,
    'LIST',
    [imapString('', 'reference'), imapString(`${ns.prefix}%`, 'pattern')],
    ['LIST'],
    (_n, r) => {
      const flags = flagsOf(r.attributes[0]);
      const path = tokenText(r.attributes[2]);
      if (path === null || !path.startsWith(ns.prefix)) return;
      const owner = path.slice(ns.prefix.length);
      if (owner === '' || owner.includes(ns.delimiter)) return;
      if (!flags.has('\\HASCHILDREN') && (flags.has('\\NONEXISTENT') || flags.has('\\NOSELECT')))
        return;
      if (flags.has('\\NONEXISTENT') || flags.has('\\NOSELECT')) partial.push(owner);
      else owners.push(owner);
    },
  );
  for (const owner of partial) {
    if (await sharesMailFolder(client, `${ns.prefix}${owner}`, ns.delimiter)) owners.push(owner);
  }
  return owners;
}

/** Whether some folder under `root` that the user can open is mail, not a contact list. */
async function sharesMailFolder(
  client: ImapFlow,
  root: string,
  delimiter: string,
): Promise<boolean> {
  const listed = await listMatching(client, `${root}${delimiter}*`);
  return listed.some(
    (e) =>
      isUnder(e.path, root, delimiter) &&
      !e.flags.has('\\Noselect') &&
      !e.flags.has('\\NonExistent') &&
      !isListsPath(e.path, delimiter, root),
  );
}

/** The scope of `owner`'s shared mailbox. */
export function sharedScope(client: ImapFlow, owner: string): MailboxScope | null {
  const ns = otherUsersNamespace(client);
  if (!ns) return null;
  return { kind: 'shared', owner, root: `${ns.prefix}${owner}`, delimiter: ns.delimiter };
}

interface ListRunner {
  run(
    command: 'LIST',
    reference: string,
    pattern: string,
    options: ListOptions,
  ): Promise<ListResponse[]>;
}

/**
 * LIST with a pattern of our own: imapflow's list() always asks for "*", its command runner
 * takes a pattern (the same parsing of the answer).
 */
export function listMatching(
  client: ImapFlow,
  pattern: string,
  options: ListOptions = {},
): Promise<ListResponse[]> {
  return (client as unknown as ListRunner).run('LIST', '', pattern, options);
}

/**
 * LIST (with LIST-STATUS) of what `scope` covers; foreign namespaces left out of personal,
 * and the contact lists' folders (ADR 0034) out of every scope: they are not mail.
 */
export async function listScope(
  client: ImapFlow,
  scope: MailboxScope,
  options: ListOptions,
): Promise<ListResponse[]> {
  if (scope.kind === 'personal') {
    const foreign = foreignPrefixes(client);
    const delimiter = client.namespace?.delimiter ?? '/';
    return (await client.list(options)).filter(
      (e) => !foreign.some((p) => isUnder(e.path, p, delimiter)) && !isListsPath(e.path, delimiter),
    );
  }
  // `root*` also matches `root2/…` of another owner: filtered by hierarchy below.
  const listed = await listMatching(client, `${scope.root}*`, options);
  return listed.filter(
    (e) =>
      isUnder(e.path, scope.root, scope.delimiter) &&
      !isListsPath(e.path, scope.delimiter, scope.root),
  );
}

/** Role names a shared mailbox's top folders usually have (no SPECIAL-USE across users). */
const SHARED_ROLE_NAMES: Readonly<Record<string, string>> = {
  sent: 'sent',
  'sent items': 'sent',
  'sent messages': 'sent',
  drafts: 'drafts',
  trash: 'trash',
  'deleted items': 'trash',
  'deleted messages': 'trash',
  junk: 'junk',
  spam: 'junk',
  archive: 'archive',
};

/**
 * How a shared folder looks from inside its account: the root is the owner's INBOX, its
 * children are top-level folders (roles guessed by their usual names), deeper folders keep
 * their parent. `path` stays the full IMAP path.
 */
export function sharedView(
  entry: ListResponse,
  scope: Extract<MailboxScope, { kind: 'shared' }>,
): { name: string; parentPath: string | null; role: string | null } {
  if (entry.path === scope.root) return { name: 'INBOX', parentPath: null, role: 'inbox' };
  if (entry.parentPath === scope.root || entry.parentPath === '') {
    return {
      name: entry.name,
      parentPath: null,
      role: SHARED_ROLE_NAMES[entry.name.toLowerCase()] ?? null,
    };
  }
  return { name: entry.name, parentPath: entry.parentPath, role: null };
}
