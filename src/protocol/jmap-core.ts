// JMAP core wire types (RFC 8620): the session, the request envelope, errors, blobs and
// push. Shared by the browser's sync engine and the proxy, so nothing here may depend on
// the DOM or on Node. Each type cites the section that defines it; where a comment says
// "server-set" the client never sends that property.
//
// The standard methods' argument and response shapes (/get, /changes, /set, /query) live
// in jmap-methods.ts and are re-exported here so that "the core types" are one import.

export type * from './jmap-methods.js';

/**
 * RFC 8620 §1.2: an identifier, 1–255 octets of `A-Za-z0-9-_`, assigned by the server.
 * Branded only by convention: a plain string on the wire.
 */
export type Id = string;

/** RFC 8620 §1.3: a JSON number that is an integer in −2^53+1 … 2^53−1. */
export type Int = number;

/** RFC 8620 §1.3: an Int ≥ 0. */
export type UnsignedInt = number;

/**
 * RFC 8620 §1.4: an RFC 3339 `date-time` with its time offset, e.g.
 * `2014-10-30T14:12:00+08:00`. Letters upper-case; zero fractional seconds omitted.
 */
export type JmapDate = string;

/**
 * RFC 8620 §1.4: a `Date` whose offset is `Z`, e.g. `2014-10-30T06:12:00Z`. Every
 * timestamp the proxy emits (receivedAt, sendAt) is one of these.
 */
export type UTCDate = string;

/** RFC 8620 §2: the capability every JMAP server has and every request may use. */
export const CORE_CAPABILITY = 'urn:ietf:params:jmap:core';

/**
 * RFC 8620 §2: the `urn:ietf:params:jmap:core` capability object: the server's limits.
 * The proxy's values are in limits.ts, each with its reason.
 */
export interface CoreCapability {
  /** Largest file, in octets, the upload endpoint (§6.1) accepts. */
  maxSizeUpload: UnsignedInt;
  /** Concurrent requests one account may make to the upload endpoint. */
  maxConcurrentUpload: UnsignedInt;
  /** Largest request body, in octets, the API endpoint accepts (§3.6.1 `limit`). */
  maxSizeRequest: UnsignedInt;
  /** Concurrent requests one account may make to the API endpoint. */
  maxConcurrentRequests: UnsignedInt;
  /** Most method calls in one Request (§3.6.1 `limit`). */
  maxCallsInRequest: UnsignedInt;
  /** Most objects one /get may fetch (§5.1 `requestTooLarge`). */
  maxObjectsInGet: UnsignedInt;
  /** Most create + update + destroy entries in one /set (§5.3 `requestTooLarge`). */
  maxObjectsInSet: UnsignedInt;
  /** RFC 4790 collation names the server supports for sorting and filtering. */
  collationAlgorithms: string[];
}

/** RFC 8620 §2: one account the user may access, in `Session.accounts`. */
export interface Account {
  /** User-facing name, e.g. the address for a personal account. */
  name: string;
  /** True for the user's own account; false for a shared one. */
  isPersonal: boolean;
  /** True if the user may not modify anything in this account. */
  isReadOnly: boolean;
  /** Capability URN → per-account capability object (RFC 8621 §1.3 for mail). */
  accountCapabilities: Record<string, unknown>;
}

/** RFC 8620 §2: the Session resource, fetched from the well-known JMAP URL. */
export interface Session {
  /** Capability URN → capability object; core is always present. */
  capabilities: { [CORE_CAPABILITY]: CoreCapability } & Record<string, unknown>;
  /** Account id → Account. */
  accounts: Record<Id, Account>;
  /** Capability URN → id of the account used by default for it. */
  primaryAccounts: Record<string, Id>;
  /** Username the user authenticated as. */
  username: string;
  /** URL for JMAP API requests (§3.1). */
  apiUrl: string;
  /** Level-1 URI template for blob download (§6.2): accountId, blobId, name, type. */
  downloadUrl: string;
  /** Level-1 URI template for blob upload (§6.1): accountId. */
  uploadUrl: string;
  /** Level-1 URI template for push (§7.3): types, closeafter, ping. */
  eventSourceUrl: string;
  /** Changes whenever any Session property changes; compared with `Response.sessionState`. */
  state: string;
}

/**
 * RFC 8620 §3.2: a method call or response: `[name, arguments, methodCallId]`. A method
 * error is the invocation `["error", MethodErrorArgs, callId]` (§3.6.2).
 */
export type Invocation<Args = Record<string, unknown>> = [name: string, args: Args, callId: string];

/** RFC 8620 §3.3: the body POSTed to `apiUrl`. */
export interface Request {
  /** Capabilities the client wishes to use (§3.6.1 `unknownCapability` if not supported). */
  using: string[];
  /** Method calls, processed in order. */
  methodCalls: Invocation[];
  /** Creation id → server id, carried across requests (§5.3 `#creationId` references). */
  createdIds?: Record<Id, Id>;
}

/** RFC 8620 §3.4: the body returned for a processed Request. */
export interface Response {
  /** One or more responses per call, in order, each with the call's id. */
  methodResponses: Invocation[];
  /** Present iff `createdIds` was in the Request: the map updated with new creations. */
  createdIds?: Record<Id, Id>;
  /** The Session's current `state`; differs from the cached one → refetch the Session. */
  sessionState: string;
}

/**
 * RFC 8620 §3.7: stands in for an argument value (the argument's name prefixed with `#`).
 * The value is taken from an earlier response in the same request with a JSON Pointer
 * that may use `*` to map over arrays.
 */
export interface ResultReference {
  /** Method call id of the earlier call. */
  resultOf: string;
  /** Expected response name, e.g. `Email/query`; a mismatch is `invalidResultReference`. */
  name: string;
  /** RFC 6901 pointer into that response's arguments, with the §3.7 `*` extension. */
  path: string;
}

/** RFC 8620 §3.6.1: request-level problem types, sent as RFC 7807 problem details. */
export const REQUEST_PROBLEM = {
  /** `using` names a capability the server does not support. */
  unknownCapability: 'urn:ietf:params:jmap:error:unknownCapability',
  /** The content type was not `application/json` or the body was not I-JSON. */
  notJSON: 'urn:ietf:params:jmap:error:notJSON',
  /** The body was JSON but not a Request object. */
  notRequest: 'urn:ietf:params:jmap:error:notRequest',
  /** A request limit (named in `limit`) would have been exceeded. */
  limit: 'urn:ietf:params:jmap:error:limit',
} as const;

/** RFC 8620 §3.6.1: one of the request-level problem type URNs. */
export type RequestProblemType = (typeof REQUEST_PROBLEM)[keyof typeof REQUEST_PROBLEM];

/**
 * RFC 8620 §3.6.1 (RFC 7807): the JSON body of a request-level error, served as
 * `application/problem+json` with the HTTP status in `status`.
 */
export interface ProblemDetails {
  type: RequestProblemType;
  /** HTTP status code; 400 for every §3.6.1 problem. */
  status: number;
  /** Human-readable explanation for developers; never shown as HTML. */
  detail: string;
  /** §3.6.1: for `limit`, the name of the limit, e.g. `maxCallsInRequest`. */
  limit?: keyof CoreCapability;
}

/**
 * RFC 8620 §3.6.2 (general) plus the method-specific errors of §5.1 (/get), §5.2
 * (/changes), §5.3 (/set), §5.4 (/copy) and §5.5 (/query).
 */
export type MethodErrorType =
  // §3.6.2: any method
  | 'serverUnavailable'
  | 'serverFail'
  | 'serverPartialFail'
  | 'unknownMethod'
  | 'invalidArguments'
  | 'invalidResultReference'
  | 'forbidden'
  | 'accountNotFound'
  | 'accountNotSupportedByMethod'
  | 'accountReadOnly'
  // §5.1 /get, §5.3 /set: too many ids or objects for maxObjectsInGet / maxObjectsInSet
  | 'requestTooLarge'
  // §5.2 /changes: the server cannot compute changes from this state (resync needed)
  | 'cannotCalculateChanges'
  // §5.3 /set, §5.4 /copy, RFC 8621 §4.8 Email/import: `ifInState` did not match
  | 'stateMismatch'
  // §5.4 /copy
  | 'fromAccountNotFound'
  | 'fromAccountNotSupportedByMethod'
  // §5.5 /query
  | 'anchorNotFound'
  | 'unsupportedSort'
  | 'unsupportedFilter'
  // Buzón (ADR 0033): the mail server's TLS failed after sign-in; nothing was sent. Retried
  // like serverUnavailable, but the user is told why (the proxy's problem codes).
  | 'serverCertificateInvalid'
  | 'serverNotEncrypted'
  | 'serverTlsOutdated';

/** RFC 8620 §3.6.2: the arguments of an `["error", …, callId]` response. */
export interface MethodErrorArgs {
  type: MethodErrorType;
  /** Developer-facing explanation; never shown as HTML. */
  description?: string;
}

/** RFC 8620 §6.1: the JSON returned by a successful POST to the upload URL. */
export interface BlobUploadResponse {
  accountId: Id;
  /** Id of the new blob; only valid for the server's blob-retention period until used. */
  blobId: Id;
  /** Media type as given in the upload's Content-Type header. */
  type: string;
  /** Size in octets. */
  size: UnsignedInt;
}

/**
 * RFC 8620 §6.2: the variables of the download URL template. `name` is the file name
 * the server puts in Content-Disposition; `type` the media type it serves.
 */
export interface DownloadUrlVars {
  accountId: Id;
  blobId: Id;
  name: string;
  type: string;
}

/** RFC 8620 §7.1: data type name (e.g. `Email`) → new state string, for one account. */
export type TypeState = Record<string, string>;

/** RFC 8620 §7.1: a push notification that some data types changed state. */
export interface StateChange {
  '@type': 'StateChange';
  /** Account id → the types that changed in it and their new states. */
  changed: Record<Id, TypeState>;
}

/**
 * RFC 8620 §7.3: the variables of the eventSourceUrl template, as the client sends them.
 * `types` is comma-separated type names or `*`; `closeafter` is `state` (close after the
 * first state event, for long polling) or `no`; `ping` is seconds between pings, 0 = none.
 */
export interface EventSourceUrlVars {
  types: string;
  closeafter: 'state' | 'no';
  ping: string;
}

/**
 * RFC 8620 §7.3: the data of an SSE `ping` event; `interval` is the ping interval in
 * seconds the server actually uses (it may differ from the one requested).
 */
export interface PingEventData {
  interval: UnsignedInt;
}

/**
 * RFC 8620 §7.3: the SSE event names. `state` events carry a StateChange as data;
 * `ping` events a PingEventData.
 */
export type EventSourceEventName = 'state' | 'ping';
