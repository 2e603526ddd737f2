// IMAP QUOTA (RFC 9208, formerly RFC 2087): the quota roots that apply to the INBOX and
// their resources. Sent raw rather than through imapflow's `getQuota`, which keeps only
// the last root of several and answers `false` for a failure and for "no quota" alike (a
// dropped connection must fail the call, not look like an account without limits).
import type { ImapFlow } from 'imapflow';
import { execRaw, imapMailbox, imapString, tokenText } from './raw.js';
import type { ImapValue } from './raw.js';

/** One resource of a quota root, in IMAP's units (STORAGE in KiB, MESSAGE in messages). */
export interface ImapQuotaResource {
  /** Upper case, e.g. `STORAGE`, `MESSAGE`, `MAILBOX`. */
  name: string;
  usage: number;
  limit: number;
}

export interface ImapQuotaRoot {
  /** The root's name as the server gives it, e.g. Dovecot's `User quota`. */
  root: string;
  resources: ImapQuotaResource[];
}

/**
 * True when the server speaks QUOTA. An RFC 9208 server may advertise only its
 * `QUOTA=RES-*` resource types without the bare RFC 2087 `QUOTA` token.
 */
export function serverHasQuota(client: Pick<ImapFlow, 'capabilities'>): boolean {
  for (const name of client.capabilities.keys()) {
    const upper = name.toUpperCase();
    if (upper === 'QUOTA' || upper.startsWith('QUOTA=RES-')) return true;
  }
  return false;
}

/** An RFC 9208 number64: digits only, and exact in a JS number. */
function count(value: ImapValue | undefined): number | null {
  const text = tokenText(value);
  if (text === null || !/^\d{1,16}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** `* QUOTA <root> (<name> <usage> <limit> …)` → the root and its resources. */
function parseQuota(attributes: ImapValue[]): ImapQuotaRoot | null {
  const root = tokenText(attributes[0]);
  const list = attributes[1];
  if (root === null || !Array.isArray(list)) return null;
  const resources: ImapQuotaResource[] = [];
  for (let i = 0; i + 2 < list.length; i += 3) {
    const name = tokenText(list[i]);
    const usage = count(list[i + 1]);
    const limit = count(list[i + 2]);
    if (name !== null && usage !== null && limit !== null) {
      resources.push({ name: name.toUpperCase(), usage, limit });
    }
  }
  return { root, resources };
}

/**
 * The quota roots of `mailbox` (the INBOX: where new mail lands, so what "full" means to
 * the user). `GETQUOTAROOT` names the roots and usually sends their QUOTA inline; a root
 * without one is asked with `GETQUOTA`. A server without QUOTA has no roots: [].
 */
export async function quotaRoots(client: ImapFlow, mailbox = 'INBOX'): Promise<ImapQuotaRoot[]> {
  if (!serverHasQuota(client)) return [];
  const names: string[] = [];
  const found = new Map<string, ImapQuotaRoot>();
  const onQuota = (attributes: ImapValue[]) => {
    const parsed = parseQuota(attributes);
    if (parsed) found.set(parsed.root, parsed);
  };
  await execRaw(
    client,
    'GETQUOTAROOT',
    [imapMailbox(client, mailbox)],
    ['QUOTAROOT', 'QUOTA'],
    (name, response) => {
      if (name === 'QUOTA') return onQuota(response.attributes);
      // `* QUOTAROOT <mailbox> <root>…`: zero or more roots after the mailbox name.
      for (const token of response.attributes.slice(1)) {
        const root = tokenText(token);
        if (root !== null) names.push(root);
      }
    },
  );
  for (const root of names) {
    if (found.has(root)) continue;
    await execRaw(client, 'GETQUOTA', [imapString(root, 'quota root')], ['QUOTA'], (_n, r) =>
      onQuota(r.attributes),
    );
  }
  // In the order the server named them; a QUOTA for an unnamed root is kept too.
  const ordered = names.flatMap((n) => found.get(n) ?? []);
  for (const [root, value] of found) if (!names.includes(root)) ordered.push(value);
  return ordered;
}
