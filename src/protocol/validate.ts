// Runtime checks for what crosses the wire. The proxy receives hostile input: every
// function here returns a typed error instead of throwing, and accepts `unknown`.
// Request-level problems are RFC 8620 §3.6.1; method-level ones §3.6.2; per-object ones
// are SetErrors (§5.3). Result references and patches have their own modules, re-exported
// here so that "validate what the client sent" is one import.

import type { Invocation, ProblemDetails, Request, RequestProblemType } from './jmap-core.js';
import { CORE_CAPABILITY, REQUEST_PROBLEM } from './jmap-core.js';
import { MAIL_CAPABILITY, SUBMISSION_CAPABILITY } from './jmap-mail.js';
import { isJsonObject } from './json-pointer.js';
import { MAX_CALLS_IN_REQUEST, MAX_SIZE_REQUEST } from './limits.js';

export { resolveResultReferences, resultReference, isResultReference } from './result-reference.js';
export type { ResolveResult } from './result-reference.js';
export { applyPatch } from './patch.js';
export type { PatchResult } from './patch.js';
export { evaluatePointer, parsePointer, escapePointerToken } from './json-pointer.js';
export type { PointerResult } from './json-pointer.js';
export { isId, isUtcDate, toUtcDate } from './primitives.js';

/** The capabilities the proxy implements (ARCHITECTURE.md § Wire protocol, phase 1). */
export const SUPPORTED_CAPABILITIES: readonly string[] = [
  CORE_CAPABILITY,
  MAIL_CAPABILITY,
  SUBMISSION_CAPABILITY,
];

/** What parseRequest checks against; defaults are the proxy's own. */
export interface RequestLimits {
  /** Capability URNs the server supports. */
  capabilities?: readonly string[];
  /** `maxCallsInRequest` as advertised in the Session. */
  maxCallsInRequest?: number;
}

/** A valid Request, or the problem details to answer with (HTTP 400). */
export type ParseRequestResult =
  { ok: true; request: Request } | { ok: false; problem: ProblemDetails };

/**
 * RFC 8620 §3.6.1: checks a parsed JSON body against the Request type (§3.3).
 * `notJSON` is the caller's (a body that fails JSON.parse or has the wrong content type:
 * see notJsonProblem); `maxSizeRequest` is checked before parsing (checkRequestSize).
 * - `notRequest`: not an object; `using` not an array of strings; `methodCalls` not an
 *   array of `[string, object, string]`; `createdIds` present but not string → string;
 * - `limit` (`maxCallsInRequest`): more method calls than advertised;
 * - `unknownCapability`: a `using` entry the server does not support (all are listed).
 * Unknown method names are not a request problem: they are `unknownMethod` per call.
 */
export function parseRequest(json: unknown, limits: RequestLimits = {}): ParseRequestResult {
  const supported = limits.capabilities ?? SUPPORTED_CAPABILITIES;
  const maxCalls = limits.maxCallsInRequest ?? MAX_CALLS_IN_REQUEST;
  if (!isJsonObject(json)) return notRequest('the body is not a JSON object');
  const { using, methodCalls, createdIds } = json;
  if (!Array.isArray(using) || !using.every((u) => typeof u === 'string')) {
    return notRequest('"using" must be an array of capability URNs');
  }
  if (!Array.isArray(methodCalls)) return notRequest('"methodCalls" must be an array');
  // Checked before each call's shape: no point walking thousands of hostile entries.
  if (methodCalls.length > maxCalls) {
    return {
      ok: false,
      problem: problem(
        REQUEST_PROBLEM.limit,
        `${methodCalls.length} method calls; at most ${maxCalls} per request`,
        'maxCallsInRequest',
      ),
    };
  }
  for (const [index, call] of methodCalls.entries()) {
    if (!isInvocation(call)) {
      return notRequest(`methodCalls[${index}] must be [name, arguments object, call id]`);
    }
  }
  if (createdIds !== undefined && !isStringMap(createdIds)) {
    return notRequest('"createdIds" must map creation ids to ids');
  }
  const unknown = (using as string[]).filter((u) => !supported.includes(u));
  if (unknown.length > 0) {
    return {
      ok: false,
      problem: problem(
        REQUEST_PROBLEM.unknownCapability,
        `unsupported capabilities: ${unknown.map((u) => JSON.stringify(u)).join(', ')}`,
      ),
    };
  }
  const request: Request = { using: using as string[], methodCalls: methodCalls as Invocation[] };
  if (createdIds !== undefined) request.createdIds = createdIds as Record<string, string>;
  return { ok: true, request };
}

/**
 * RFC 8620 §3.6.1 `limit` (`maxSizeRequest`): checks a body's length in octets before it
 * is buffered and parsed. Returns the problem to answer with, or null if it fits.
 */
export function checkRequestSize(
  byteLength: number,
  maxSizeRequest: number = MAX_SIZE_REQUEST,
): ProblemDetails | null {
  if (byteLength <= maxSizeRequest) return null;
  return problem(
    REQUEST_PROBLEM.limit,
    `the request is ${byteLength} octets; at most ${maxSizeRequest}`,
    'maxSizeRequest',
  );
}

/** RFC 8620 §3.6.1 `notJSON`: for a body that is not `application/json` or not I-JSON. */
export function notJsonProblem(detail: string): ProblemDetails {
  return problem(REQUEST_PROBLEM.notJSON, detail);
}

/** RFC 8620 §3.6.1 / RFC 7807: a problem details object; every §3.6.1 problem is a 400. */
export function problem(
  type: RequestProblemType,
  detail: string,
  limit?: ProblemDetails['limit'],
): ProblemDetails {
  return limit === undefined ? { type, status: 400, detail } : { type, status: 400, detail, limit };
}

function notRequest(detail: string): ParseRequestResult {
  return { ok: false, problem: problem(REQUEST_PROBLEM.notRequest, detail) };
}

/** RFC 8620 §3.2: `[String, String[*], String]`, the arguments being a JSON object. */
function isInvocation(value: unknown): value is Invocation {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    isJsonObject(value[1]) &&
    typeof value[2] === 'string'
  );
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isJsonObject(value) && Object.values(value).every((v) => typeof v === 'string');
}
