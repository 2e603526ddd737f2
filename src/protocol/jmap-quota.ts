// JMAP for Quotas (RFC 9425): how much of the account the mail server lets the user fill.
// The proxy answers it from IMAP QUOTA (RFC 9208); the PWA shows it under the folder tree
// next to the browser's own storage (ACCOUNT-1).

import type { Id, UnsignedInt } from './jmap-core.js';
import type { ChangesResponse, GetArgs, GetResponse } from './jmap-methods.js';

/** RFC 9425 §3: the capability; its Session and account objects are both empty. */
export const QUOTA_CAPABILITY = 'urn:ietf:params:jmap:quota';

/** RFC 9425 §5: what a quota counts — objects (`count`) or their size (`octets`). */
export type QuotaResourceType = 'count' | 'octets';

/** RFC 9425 §5: whom a quota applies to. */
export type QuotaScope = 'account' | 'domain' | 'global';

/** RFC 9425 §5: one quota. Every property is server-set. */
export interface Quota {
  id: Id;
  resourceType: QuotaResourceType;
  /** Current usage, in the unit of `resourceType`. */
  used: UnsignedInt;
  /** Past this the server refuses new data (IMAP APPEND answers `OVERQUOTA`). */
  hardLimit: UnsignedInt;
  scope: QuotaScope;
  /** A user-facing name; the proxy uses the IMAP quota root's name. */
  name: string;
  /** The data types that count against it, e.g. `Mail`. */
  types: string[];
  /** Optional (RFC 9425 §5): IMAP QUOTA has no such levels, so the proxy omits them. */
  warnLimit?: UnsignedInt | null;
  softLimit?: UnsignedInt | null;
  description?: string | null;
}

export type QuotaProperty = keyof Quota;

/** RFC 9425 §5.1: `Quota/get` is a standard /get. */
export type QuotaGetArgs = GetArgs<QuotaProperty>;
export type QuotaGetResponse = GetResponse<Quota>;

/** RFC 9425 §5.2: `Quota/changes` adds `updatedProperties`, as Mailbox/changes does. */
export interface QuotaChangesResponse extends ChangesResponse {
  /** `["used"]` when only usage changed for every updated quota; otherwise null. */
  updatedProperties: QuotaProperty[] | null;
}
