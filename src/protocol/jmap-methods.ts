// The standard methods of RFC 8620 §5: argument and response shapes of /get, /changes,
// /set and /query, generic over the data type, plus PatchObject and SetError. The mail
// types (jmap-mail.ts) instantiate these for Mailbox, Email, Thread, Identity and
// EmailSubmission.

import type { Id, Int, UnsignedInt } from './jmap-core.js';

/** RFC 8620 §5.1: arguments of `Foo/get`. */
export interface GetArgs<Property extends string = string> {
  accountId: Id;
  /** Ids to return; null means all (only for types with few objects, e.g. Mailbox). */
  ids?: Id[] | null;
  /** Properties to return; null means all. `id` is always returned. */
  properties?: Property[] | null;
}

/** RFC 8620 §5.1: response of `Foo/get`. */
export interface GetResponse<T> {
  accountId: Id;
  /** State of the whole type on the server at the time of the call. */
  state: string;
  /** The objects found, in no particular order. */
  list: T[];
  /** Requested ids that do not exist (e.g. destroyed since they were seen). */
  notFound: Id[];
}

/** RFC 8620 §5.2: arguments of `Foo/changes`. */
export interface ChangesArgs {
  accountId: Id;
  /** A `state` previously returned by /get or /changes. */
  sinceState: string;
  /** Upper bound on created + updated + destroyed ids; the server may return fewer. */
  maxChanges?: UnsignedInt | null;
}

/**
 * RFC 8620 §5.2: response of `Foo/changes`. When `hasMoreChanges` is true, call again
 * with `sinceState: newState`. An id is in at most one of the three lists.
 */
export interface ChangesResponse {
  accountId: Id;
  /** Equals the request's `sinceState`; the sync engine checks it before applying. */
  oldState: string;
  newState: string;
  hasMoreChanges: boolean;
  created: Id[];
  updated: Id[];
  destroyed: Id[];
}

/**
 * RFC 8620 §5.3: a partial update. Keys are JSON Pointers into the object with the
 * leading `/` left off (`keywords/$seen`); a null value removes the property (or resets it
 * to its default), anything else sets it. Paths may not go inside arrays, every parent
 * must exist, and no key may be a prefix of another (else `invalidPatch`).
 */
export type PatchObject = Record<string, unknown>;

/** RFC 8620 §5.3: arguments of `Foo/set`. */
export interface SetArgs<T> {
  accountId: Id;
  /** Only apply if the type's state is still this (else `stateMismatch`). */
  ifInState?: string | null;
  /** Creation id (client-chosen) → object to create, without server-set properties. */
  create?: Record<Id, Partial<T>> | null;
  /** Id → PatchObject. */
  update?: Record<Id, PatchObject> | null;
  /** Ids to destroy. */
  destroy?: Id[] | null;
}

/** RFC 8620 §5.3: response of `Foo/set`. Per-item failures are SetErrors, not method errors. */
export interface SetResponse<T> {
  accountId: Id;
  /** State before the changes; null if the server cannot say. */
  oldState: string | null;
  newState: string;
  /** Creation id → the server-set and defaulted properties of the new object. */
  created: Record<Id, Partial<T>> | null;
  /** Id → null, or the properties the server changed beyond the patch. */
  updated: Record<Id, Partial<T> | null> | null;
  destroyed: Id[] | null;
  notCreated: Record<Id, SetError> | null;
  notUpdated: Record<Id, SetError> | null;
  notDestroyed: Record<Id, SetError> | null;
}

/**
 * RFC 8620 §5.3 (and §5.4 `alreadyExists`) plus the mail-specific SetErrors of RFC 8621:
 * Mailbox/set §2.5, Email/set §4.6, Email/import §4.8, EmailSubmission/set §7.5.
 */
export type SetErrorType =
  // RFC 8620 §5.3
  | 'forbidden'
  | 'overQuota'
  | 'tooLarge'
  | 'rateLimit'
  | 'notFound'
  | 'invalidPatch'
  | 'willDestroy'
  | 'invalidProperties'
  | 'singleton'
  // RFC 8620 §5.4 (/copy) and RFC 8621 §4.8 (Email/import)
  | 'alreadyExists'
  // RFC 8621 §2.5 Mailbox/set
  | 'mailboxHasChild'
  | 'mailboxHasEmail'
  // RFC 8621 §4.6 Email/set
  | 'blobNotFound'
  | 'tooManyKeywords'
  | 'tooManyMailboxes'
  // RFC 8621 §4.6 Email/set, §4.8 Email/import and §7.5 EmailSubmission/set
  | 'invalidEmail'
  // RFC 8621 §7.5 EmailSubmission/set
  | 'tooManyRecipients'
  | 'noRecipients'
  | 'invalidRecipients'
  | 'forbiddenMailFrom'
  | 'forbiddenFrom'
  | 'forbiddenToSend'
  | 'cannotUnsend'
  // Buzón (ADR 0033): the SMTP server's TLS was refused before any AUTH; it will not fix
  // itself, so the submission fails rather than waiting (the proxy's problem codes).
  | 'serverCertificateInvalid'
  | 'serverNotEncrypted'
  | 'serverTlsOutdated'
  // Buzón (protocol/jmap-partial.ts): the item's account is another IMAP account whose
  // server cannot be reached now; the change is to be sent again later, not dropped.
  | 'serverUnavailable';

/** RFC 8620 §5.3: why one create, update or destroy failed. */
export interface SetError {
  type: SetErrorType;
  /** Developer-facing explanation; never shown as HTML. */
  description?: string;
  /** `invalidProperties` (§5.3), `invalidEmail` (RFC 8621 §4.6): the offending properties. */
  properties?: string[];
  /** `alreadyExists` (§5.4, RFC 8621 §4.8): the id of the existing object. */
  existingId?: Id;
  /** `blobNotFound` (RFC 8621 §4.6): blob ids that do not exist. */
  notFound?: Id[];
  /** `tooLarge` (RFC 8621 §7.5): the server's maximum message size, in octets. */
  maxSize?: UnsignedInt;
  /** `invalidRecipients` (RFC 8621 §7.5): the addresses refused. */
  invalidRecipients?: string[];
  /** `tooManyRecipients` (RFC 8621 §7.5): the server's limit. */
  maxRecipients?: UnsignedInt;
}

/** RFC 8620 §5.5: one sort criterion for /query. */
export interface Comparator<Property extends string = string> {
  property: Property;
  /** Default true. */
  isAscending?: boolean;
  /** An RFC 4790 collation from `collationAlgorithms`; only for string properties. */
  collation?: string;
}

/** RFC 8620 §5.5: combines filter conditions. `NOT` means none of `conditions` match. */
export interface FilterOperator<Condition> {
  operator: 'AND' | 'OR' | 'NOT';
  conditions: (FilterOperator<Condition> | Condition)[];
}

/** RFC 8620 §5.5: arguments of `Foo/query`. */
export interface QueryArgs<Condition, Property extends string = string> {
  accountId: Id;
  filter?: FilterOperator<Condition> | Condition | null;
  sort?: Comparator<Property>[] | null;
  /** Zero-based index of the first result; negative counts from the end. Default 0. */
  position?: Int;
  /** Id to anchor the window on, instead of `position` (`anchorNotFound` if absent). */
  anchor?: Id | null;
  /** Offset from the anchor. Default 0. */
  anchorOffset?: Int;
  /** Most ids to return; the server may cap it and say so in the response's `limit`. */
  limit?: UnsignedInt | null;
  /** Whether to return `total`. Default false. */
  calculateTotal?: boolean;
}

/** RFC 8620 §5.5: response of `Foo/query`. */
export interface QueryResponse {
  accountId: Id;
  /** State of this query's results; for /queryChanges (optional in Buzón). */
  queryState: string;
  canCalculateChanges: boolean;
  /** Index of the first returned id in the whole result. */
  position: UnsignedInt;
  ids: Id[];
  /** Present iff `calculateTotal` was true. */
  total?: UnsignedInt;
  /** Present iff the server capped the requested limit. */
  limit?: UnsignedInt;
}
