// The account's folders as the JMAP facade needs them: LIST with LIST-STATUS (one round
// trip for counts and mod-sequences), a stable id per folder from Dovecot's mailbox GUID
// (`STATUS (X-GUID)`, one round trip per folder and session, then cached), and on demand
// the user's ACL rights (MYRIGHTS, RFC 4314).
import type { ImapFlow, ListResponse } from 'imapflow';
import type { SessionCache } from './cache.js';
import { mailboxIdFromGuid, mailboxIdFromPath } from './ids.js';
import { execRaw, imapAtom, imapMailbox, pairs, tokenText } from './raw.js';
import { listScope, PERSONAL_SCOPE, sharedView } from './shared-namespace.js';
import type { MailboxScope } from './shared-namespace.js';

export interface ImapMailbox {
  id: string;
  path: string;
  /** Last hierarchy level, as shown to the user. */
  name: string;
  parentPath: string | null;
  /** RFC 8621 role: `inbox` or a SPECIAL-USE attribute lower-cased without `\`. */
  role: string | null;
  subscribed: boolean;
  /** False for `\Noselect` hierarchy nodes (e.g. the shared namespace's root). */
  selectable: boolean;
  messages: number;
  unseen: number;
  uidValidity: bigint;
  highestModseq: bigint;
}

/** SPECIAL-USE attributes (RFC 6154) that are JMAP roles. */
const SPECIAL_USE_ROLES = new Set([
  'all',
  'archive',
  'drafts',
  'flagged',
  'important',
  'junk',
  'sent',
  'trash',
]);

function roleOf(entry: ListResponse): string | null {
  if (entry.path.toUpperCase() === 'INBOX') return 'inbox';
  const special = entry.specialUse?.replace(/^\\/, '').toLowerCase();
  if (!special || special === 'inbox') return null;
  return SPECIAL_USE_ROLES.has(special) ? special : null;
}

/**
 * Every folder of `scope` (the user's own, or one owner's shared mailbox: ADR 0013) with its
 * counts; ids resolved through the cache or STATUS X-GUID.
 */
export async function listMailboxes(
  client: ImapFlow,
  cache: SessionCache,
  scope: MailboxScope = PERSONAL_SCOPE,
): Promise<ImapMailbox[]> {
  // STATUS of the selected mailbox answers the session's view, which Dovecot refreshes only
  // when the mailbox is synced: NOOP first, or states miss other clients' changes.
  if (client.mailbox) await client.noop();
  const listed = await listScope(client, scope, {
    statusQuery: { messages: true, unseen: true, uidValidity: true, highestModseq: true },
  });
  const taken = new Set<string>();
  const out: ImapMailbox[] = [];
  // SPECIAL-USE from the server first, then imapflow's guesses by name: one role each.
  const ordered = [...listed].sort(
    (a, b) =>
      Number(b.specialUseSource === 'extension') - Number(a.specialUseSource === 'extension'),
  );
  const roles = new Map<string, string | null>();
  for (const entry of ordered) {
    let role = roleOf(entry);
    if (role !== null && taken.has(role)) role = null;
    if (role !== null) taken.add(role);
    roles.set(entry.path, role);
  }
  const sharedRoles = new Set<string>();
  for (const entry of listed) {
    if (entry.flags.has('\\NonExistent')) continue;
    const selectable = !entry.flags.has('\\Noselect');
    const status = entry.status;
    const uidValidity = status?.uidValidity ?? 0n;
    const view =
      scope.kind === 'shared'
        ? oneRoleEach(sharedView(entry, scope), sharedRoles)
        : {
            name: entry.name,
            parentPath: entry.parentPath ? entry.parentPath : null,
            role: roles.get(entry.path) ?? null,
          };
    out.push({
      id: selectable
        ? await mailboxId(client, cache, entry.path, uidValidity)
        : mailboxIdFromPath(entry.path, 0),
      path: entry.path,
      ...view,
      // imapflow leaves it undefined for a folder whose subscription it has not seen.
      subscribed: entry.subscribed === true,
      selectable,
      messages: status?.messages ?? 0,
      unseen: status?.unseen ?? 0,
      uidValidity,
      highestModseq: status?.highestModseq ?? 0n,
    });
  }
  return out;
}

/** A role guessed twice (e.g. "Sent" and "Sent Items") stays with the first folder. */
function oneRoleEach<T extends { role: string | null }>(view: T, taken: Set<string>): T {
  if (view.role === null) return view;
  if (taken.has(view.role)) return { ...view, role: null };
  taken.add(view.role);
  return view;
}

async function mailboxId(
  client: ImapFlow,
  cache: SessionCache,
  path: string,
  uidValidity: bigint,
): Promise<string> {
  const key = `${path}\0${uidValidity}`;
  const known = cache.mailboxIds.get(key);
  if (known) return known;
  let id: string | null = null;
  if (cache.statusGuid !== false) {
    try {
      await execRaw(
        client,
        'STATUS',
        [imapMailbox(client, path), [imapAtom('X-GUID')]],
        ['STATUS'],
        (_n, r) => {
          const guid = tokenText(pairs(r.attributes[1]).get('X-GUID'));
          if (guid !== null) id = mailboxIdFromGuid(guid);
        },
      );
      cache.statusGuid = true;
    } catch (err) {
      // Dovecot answers every folder; another server says BAD "Invalid status item" once
      // and we stop asking. Any other refusal is about this folder: not cached, retried.
      if (
        !/invalid status item/i.test(JSON.stringify((err as { response?: unknown }).response ?? ''))
      ) {
        return mailboxIdFromPath(path, uidValidity);
      }
      cache.statusGuid = false;
    }
  }
  const resolved = id ?? mailboxIdFromPath(path, uidValidity);
  cache.mailboxIds.set(key, resolved);
  return resolved;
}

/** RFC 4314 MYRIGHTS letters per path; null when the server has no ACL (all rights). */
export async function myRights(
  client: ImapFlow,
  paths: readonly string[],
): Promise<Map<string, string | null>> {
  const rights = new Map<string, string | null>();
  const hasAcl = client.capabilities.has('ACL');
  for (const path of paths) {
    if (!hasAcl) {
      rights.set(path, null);
      continue;
    }
    let letters = '';
    try {
      await execRaw(client, 'MYRIGHTS', [imapMailbox(client, path)], ['MYRIGHTS'], (_n, r) => {
        letters = tokenText(r.attributes[1]) ?? '';
      });
    } catch {
      // A folder we may not even look up has no rights.
      letters = '';
    }
    rights.set(path, letters);
  }
  return rights;
}
