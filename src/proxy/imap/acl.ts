// IMAP ACL (RFC 4314) for sharing a whole mailbox with named people (SHARED-1, ADR 0013).
// imapflow has no ACL helpers: GETACL/SETACL/DELETEACL go through the raw path (raw.ts),
// whose responses are always released.
import type { ImapFlow } from 'imapflow';
import { checkShareAddress } from '../../protocol/jmap-share.js';
import { execRaw, imapMailbox, imapString, tokenText } from './raw.js';

/**
 * Full access, every RFC 4314 right: lookup, read, seen, write, insert, post, create
 * (k), delete mailbox (x), delete messages (t), expunge (e), administer (a), and the
 * obsolete `c`/`d` that RFC 2086 servers still map. Dovecot stores them as given.
 */
export const FULL_RIGHTS = 'lrwstipekxacd';

/** Identifiers that are not one person (RFC 4314 §2, Dovecot): never shared with here. */
const SPECIAL_IDENTIFIERS = new Set(['anyone', 'authenticated', 'owner', 'anonymous']);

/** Why a share identifier is refused, or null when it names one other person. */
export function refuseGrantee(identifier: string, ownUsername: string): string | null {
  const problem = checkShareAddress(identifier);
  if (problem) return problem;
  const id = identifier.trim().toLowerCase();
  if (SPECIAL_IDENTIFIERS.has(id)) return 'share with one person at a time, by address';
  if (id === ownUsername.trim().toLowerCase()) return 'that is your own address';
  return null;
}

/** Whether `identifier` is one person other than the owner (what Share/get lists). */
export function isPersonGrantee(identifier: string, ownUsername: string): boolean {
  return refuseGrantee(identifier, ownUsername) === null;
}

/** GETACL: identifier → rights of one mailbox. */
export async function getAcl(client: ImapFlow, path: string): Promise<Map<string, string>> {
  const acl = new Map<string, string>();
  await execRaw(client, 'GETACL', [imapMailbox(client, path)], ['ACL'], (_n, r) => {
    // * ACL <mailbox> <identifier> <rights> <identifier> <rights> …
    for (let i = 1; i + 1 < r.attributes.length; i += 2) {
      const who = tokenText(r.attributes[i]);
      const rights = tokenText(r.attributes[i + 1]);
      if (who !== null && rights !== null) acl.set(who, rights);
    }
  });
  return acl;
}

export async function setAcl(
  client: ImapFlow,
  path: string,
  identifier: string,
  rights: string,
): Promise<void> {
  await execRaw(
    client,
    'SETACL',
    [imapMailbox(client, path), imapString(identifier, 'identifier'), imapString(rights, 'rights')],
    [],
    () => undefined,
  );
}

export async function deleteAcl(client: ImapFlow, path: string, identifier: string): Promise<void> {
  await execRaw(
    client,
    'DELETEACL',
    [imapMailbox(client, path), imapString(identifier, 'identifier')],
    [],
    () => undefined,
  );
}
