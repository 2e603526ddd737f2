// What Share/get and Share/set share (ADR 0013): the account's folders, the people its
// ACLs name, and the Share state string. A share is one person with rights on the
// account's folders; the list is the union over every folder, so a share half made by
// another client (some folders only) is still listed, and stopping it cleans every folder.
import type { ImapFlow } from 'imapflow';
import type { Share } from '../../protocol/jmap-share.js';
import { getAcl, isPersonGrantee } from '../imap/acl.js';
import { digest } from '../imap/ids.js';
import type { ImapMailbox } from '../imap/mailboxes.js';
import type { JmapContext } from './context.js';
import { MethodError } from './errors.js';

export const shareIdOf = (address: string): string => `S${digest('share', address.toLowerCase())}`;

/** Only the owner manages the shares of their mailbox; a server without ACL has none. */
export function checkOwnAccount(ctx: JmapContext): void {
  if (ctx.scope.kind !== 'personal') {
    throw new MethodError('accountNotSupportedByMethod', 'only the owner manages its shares');
  }
}

/** The folders an ACL goes on: every real folder (hierarchy-only nodes have no ACL). */
export const sharedPaths = (mailboxes: readonly ImapMailbox[]): string[] =>
  mailboxes.filter((m) => m.selectable).map((m) => m.path);

export function hasAcl(client: ImapFlow): boolean {
  return client.capabilities.has('ACL');
}

/** Every person named with some right on any of `paths`, sorted, one entry per address. */
export async function currentShares(
  client: ImapFlow,
  paths: readonly string[],
  ownUsername: string,
): Promise<Share[]> {
  const found = new Map<string, string>();
  for (const path of paths) {
    let acl: Map<string, string>;
    try {
      acl = await getAcl(client, path);
    } catch {
      // A folder whose ACL we may not read names nobody we could stop sharing with.
      continue;
    }
    for (const [who, rights] of acl) {
      if (rights === '' || !isPersonGrantee(who, ownUsername)) continue;
      if (!found.has(who.toLowerCase())) found.set(who.toLowerCase(), who);
    }
  }
  return [...found.values()]
    .sort((a, b) => a.localeCompare(b))
    .map((address) => ({ id: shareIdOf(address), address }));
}

export const shareState = (shares: readonly Share[]): string =>
  `h${digest('share-state', ...shares.map((s) => s.address.toLowerCase()))}`;
