// Buzón's small JMAP extension for contact lists kept on the server and shared with named
// people (CONTACTS-5, ADR 0034). The proxy keeps each list in a folder of the owner's IMAP
// account (one message holding the list as a vCard 4.0 group) and maps "who may use it" and
// "who may edit it" onto that folder's ACL (RFC 4314), so the server itself refuses an edit
// by someone without the right. Served for the personal account only.
import type { Id, UTCDate } from './jmap-core.js';
import { checkShareAddress } from './jmap-share.js';

export const LISTS_CAPABILITY = 'urn:buzon:params:jmap:lists';

/** A member of a shared list: a name and where to write (e-mail, `number@SMS`, `number@FAX`). */
export interface SharedListMember {
  name: string;
  address: string;
}

/** One person a list is shared with; `mayEdit` false: they can use it but not change it. */
export interface ListGrant {
  address: string;
  mayEdit: boolean;
}

/** A list on the server: one of the user's own, or one someone shares with them. */
export interface SharedList {
  /** Stable for the owner and the list's folder: both sides see the same id. */
  id: Id;
  name: string;
  /** The owner's login name as the mail server knows it. */
  owner: string;
  /** True for the user's own lists (they alone share or delete them). */
  isMine: boolean;
  /** Whether the user may change name and members (always for their own lists). */
  mayEdit: boolean;
  members: SharedListMember[];
  /** Who the list is shared with; always [] on a list someone shares with the user. */
  sharedWith: ListGrant[];
  /** When the list last changed (its message's INTERNALDATE). */
  updated: UTCDate;
}

/** SharedList/get: every list of the user and shared with the user (no `ids`: they are few). */
export interface SharedListGetArgs {
  accountId: Id;
}

export interface SharedListGetResponse {
  accountId: Id;
  state: string;
  list: SharedList[];
}

export interface SharedListCreate {
  name: string;
  members: SharedListMember[];
  sharedWith: ListGrant[];
}

/** Only the owner may change `sharedWith`; someone with the edit right, name and members. */
export type SharedListUpdate = Partial<SharedListCreate>;

/**
 * SharedList/set (RFC 8620 §5.3 shape). `created` and `updated` carry the whole list as it
 * now is. SetError types: `forbidden` (no right: an edit without the edit right, a share or
 * a destroy of someone else's list), `notFound`, `invalidProperties` (with `properties`),
 * `overQuota`.
 */
export interface SharedListSetArgs {
  accountId: Id;
  create?: Record<Id, SharedListCreate>;
  update?: Record<Id, SharedListUpdate>;
  destroy?: Id[];
}

export interface SharedListSetResponse {
  accountId: Id;
  newState: string;
  created?: Record<Id, SharedList> | null;
  updated?: Record<Id, SharedList> | null;
  destroyed?: Id[] | null;
  notCreated?: Record<Id, { type: string; description?: string; properties?: string[] }> | null;
  notUpdated?: Record<Id, { type: string; description?: string; properties?: string[] }> | null;
  notDestroyed?: Record<Id, { type: string; description?: string }> | null;
}

/** A list name is a label in a menu: this long at most. */
export const MAX_LIST_NAME_LENGTH = 200;
/** Members per list: a department-sized list; bounds the stored vCard (~200 bytes each). */
export const MAX_LIST_MEMBERS = 2000;
/** People a list is shared with: one ACL entry each on the list's folder. */
export const MAX_LIST_GRANTS = 100;
/** A member's name, as a display name in a header is this long at most. */
export const MAX_MEMBER_NAME_LENGTH = 200;

// The address forms a member may have: an e-mail address, or the SMS/fax forms of SEND-8/9.
const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/;
// C0 controls, DEL and the Unicode line breaks: a name or address is one line of a header.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/**
 * Why this create or update cannot be stored: the first offending property and plain English
 * words, or null. Both sides check: the composer before the network, the proxy always.
 */
export function checkSharedListInput(
  input: SharedListUpdate,
): { property: 'name' | 'members' | 'sharedWith'; reason: string } | null {
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (name === '') return { property: 'name', reason: 'a list needs a name' };
    if (name.length > MAX_LIST_NAME_LENGTH || CONTROL.test(name)) {
      return { property: 'name', reason: 'this name cannot be used' };
    }
  }
  if (input.members !== undefined) {
    if (input.members.length > MAX_LIST_MEMBERS) {
      return { property: 'members', reason: `a list holds at most ${MAX_LIST_MEMBERS} members` };
    }
    for (const m of input.members) {
      const bad =
        typeof m.name !== 'string' ||
        typeof m.address !== 'string' ||
        m.name.length > MAX_MEMBER_NAME_LENGTH ||
        CONTROL.test(m.name) ||
        CONTROL.test(m.address) ||
        !EMAIL.test(m.address);
      if (bad) return { property: 'members', reason: `${String(m.address)} is not an address` };
    }
  }
  if (input.sharedWith !== undefined) {
    if (input.sharedWith.length > MAX_LIST_GRANTS) {
      return { property: 'sharedWith', reason: `at most ${MAX_LIST_GRANTS} people` };
    }
    for (const g of input.sharedWith) {
      const problem = typeof g.address === 'string' ? checkShareAddress(g.address) : 'no address';
      if (problem !== null || typeof g.mayEdit !== 'boolean') {
        return { property: 'sharedWith', reason: `${String(g.address)}: ${problem ?? 'no right'}` };
      }
    }
  }
  return null;
}
