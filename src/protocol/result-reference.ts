// RFC 8620 §3.7: back-references between method calls of one request. An argument named
// `#ids` holds a ResultReference; before the method runs, it is replaced by `ids` with
// the value the reference points at in an earlier response. The proxy resolves these for
// its IMAP facade; the sync engine builds them (`resultReference`).

import type { Invocation, MethodErrorArgs, ResultReference } from './jmap-core.js';
import { defineOwn, evaluatePointer, isJsonObject } from './json-pointer.js';

/** Arguments with every `#name` reference replaced, or the method error to return. */
export type ResolveResult =
  { ok: true; args: Record<string, unknown> } | { ok: false; error: MethodErrorArgs };

/** Builds the `#arg` value that refers to `path` in the response to call `resultOf`. */
export function resultReference(resultOf: string, name: string, path: string): ResultReference {
  return { resultOf, name, path };
}

/** True if `value` has the §3.7 ResultReference shape (three string properties). */
export function isResultReference(value: unknown): value is ResultReference {
  return (
    isJsonObject(value) &&
    typeof value['resultOf'] === 'string' &&
    typeof value['name'] === 'string' &&
    typeof value['path'] === 'string'
  );
}

/**
 * RFC 8620 §3.7: resolves every `#`-prefixed argument against `previousResponses` (the
 * methodResponses produced so far in this request, in order):
 * 1. an argument present both as `foo` and `#foo` → `invalidArguments`;
 * 2. find the FIRST response whose call id equals `resultOf`, else `invalidResultReference`;
 * 3. its name must equal `name` (an `error` response never matches), else
 *    `invalidResultReference`;
 * 4. evaluate `path` against its arguments (with the `*` wildcard); failure →
 *    `invalidResultReference`.
 * A `#` argument that is not a ResultReference object is `invalidResultReference` too.
 * Whether the resolved value has the type the method expects is the method's check
 * (`invalidArguments`). The input is not modified.
 */
export function resolveResultReferences(
  args: Readonly<Record<string, unknown>>,
  previousResponses: readonly Invocation[],
): ResolveResult {
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (!key.startsWith('#')) {
      defineOwn(resolved, key, value);
      continue;
    }
    const target = key.slice(1);
    if (Object.hasOwn(args, target)) {
      return fail(
        'invalidArguments',
        `both ${JSON.stringify(target)} and ${JSON.stringify(key)} given`,
      );
    }
    if (!isResultReference(value)) {
      return fail('invalidResultReference', `${JSON.stringify(key)} is not a ResultReference`);
    }
    const response = previousResponses.find(([, , callId]) => callId === value.resultOf);
    if (response === undefined) {
      return fail(
        'invalidResultReference',
        `no earlier response with id ${JSON.stringify(value.resultOf)}`,
      );
    }
    if (response[0] !== value.name) {
      return fail(
        'invalidResultReference',
        `response ${JSON.stringify(value.resultOf)} is ${JSON.stringify(response[0])}, not ${JSON.stringify(value.name)}`,
      );
    }
    const pointed = evaluatePointer(response[1], value.path);
    if (!pointed.ok)
      return fail('invalidResultReference', `${JSON.stringify(key)}: ${pointed.reason}`);
    defineOwn(resolved, target, pointed.value);
  }
  return { ok: true, args: resolved };
}

function fail(type: MethodErrorArgs['type'], description: string): ResolveResult {
  return { ok: false, error: { type, description } };
}
