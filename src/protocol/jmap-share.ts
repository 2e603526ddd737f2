// Buzón's small JMAP extension for sharing one's mailbox (SHARED-1, ADR 0013). The proxy
// maps it onto IMAP ACL (RFC 4314): a Share is one person with full access to every
// folder of the signed-in user's own account. Served for the personal account only; a
// mailbox shared with the user is an account of its own (isPersonal: false) in the Session.
import type { Id } from './jmap-core.js';

export const SHARE_CAPABILITY = 'urn:buzon:params:jmap:share';

/** One person the user shares their whole mailbox with. */
export interface Share {
  /** Stable for the address (a digest of it): the Id to destroy the share with. */
  id: Id;
  /** The grantee's login address, as the mail server knows them. */
  address: string;
}

/** Share/get: every share of the account (no `ids` filter: they are few). */
export interface ShareGetResponse {
  accountId: Id;
  state: string;
  list: Share[];
}

/** Share/set: create by address, destroy by id (RFC 8620 §5.3 shape; no update). */
export interface ShareSetArgs {
  accountId: Id;
  create?: Record<string, { address: string }>;
  destroy?: Id[];
}

/**
 * An address is at most this long (RFC 5321 §4.5.3.1.3: a path is at most 256 octets,
 * of which two are the angle brackets).
 */
export const MAX_SHARE_ADDRESS_LENGTH = 254;

/**
 * A login name or address: letters, digits and `._%+-`, an optional `@domain`. Narrow on
 * purpose: an ACL identifier may be a group or carry a `-` (negative rights) prefix, and a
 * share must name one person.
 */
const SHARE_ADDRESS = /^[A-Za-z0-9][A-Za-z0-9._%+-]*(@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)?$/;

/** Why `address` cannot name a person to share with (plain English), or null. */
export function checkShareAddress(address: string): string | null {
  const value = address.trim();
  if (value === '') return 'an address is required';
  if (value.length > MAX_SHARE_ADDRESS_LENGTH) return 'the address is too long';
  if (!SHARE_ADDRESS.test(value)) return 'this is not an address';
  return null;
}
