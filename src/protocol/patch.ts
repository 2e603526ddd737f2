// RFC 8620 §5.3 PatchObject semantics. The proxy applies client patches to what it knows
// of an object (and turns the difference into IMAP STORE/MOVE); the sync engine applies
// its pending ops over server truth to show offline changes. Both must agree exactly,
// which is why there is one implementation, here.

import type { SetError } from './jmap-methods.js';
import { defineOwn, escapePointerToken, isJsonObject, parsePointer } from './json-pointer.js';

/** The patched copy, or the `invalidPatch` SetError to report for this update. */
export type PatchResult<T> = { ok: true; value: T } | { ok: false; error: SetError };

/**
 * RFC 8620 §5.3: applies `patch` to a copy of `object` (the input is never modified;
 * unchanged branches and the patch's values are shared, not cloned). Each key is a
 * JSON Pointer with the leading `/` left off:
 * - null removes the property (a no-op if absent). Where a property has a default, the
 *   caller decides whether removal means the default (e.g. `keywords` → `{}`);
 * - any other value sets it, adding or replacing.
 * Refused with `invalidPatch` (nothing applied): a patch that is not an object, a key
 * that is not a valid pointer, a path that goes inside an array, a path whose parent
 * does not exist or is not an object, and two keys where one is a prefix of the other.
 * Whether the patched properties are valid for the type (`invalidProperties`) is the
 * caller's check.
 */
export function applyPatch<T extends object>(object: T, patch: unknown): PatchResult<T> {
  if (!isJsonObject(patch)) return invalid('the patch is not an object');
  const paths: [tokens: string[], value: unknown][] = [];
  for (const [key, value] of Object.entries(patch)) {
    const tokens = parsePointer(`/${key}`);
    if (tokens === null) return invalid(`${JSON.stringify(key)} is not a valid path`);
    paths.push([tokens, value]);
  }
  const overlap = findPrefixPair(paths.map(([tokens]) => tokens));
  if (overlap !== null) return invalid(`${overlap[0]} is a prefix of ${overlap[1]}`);

  const root: Record<string, unknown> = { ...(object as Record<string, unknown>) };
  // Objects copied during this patch: each is copied once, then written in place.
  const copies = new WeakSet<object>([root]);
  for (const [tokens, value] of paths) {
    let parent = root;
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i] as string;
      const child = Object.hasOwn(parent, token) ? parent[token] : undefined;
      if (Array.isArray(child)) return invalid(`${keyOf(tokens)} goes inside an array`);
      if (!isJsonObject(child)) return invalid(`the parent of ${keyOf(tokens)} does not exist`);
      let copy = child;
      if (!copies.has(child)) {
        copy = { ...child };
        copies.add(copy);
        defineOwn(parent, token, copy);
      }
      parent = copy;
    }
    const last = tokens[tokens.length - 1] as string;
    if (value === null) {
      Reflect.deleteProperty(parent, last);
    } else {
      defineOwn(parent, last, value);
    }
  }
  return { ok: true, value: root as T };
}

/**
 * Returns two paths (as pointers) where one is a prefix of the other, or null. Linear in
 * the total number of tokens: hostile patches may have many keys.
 */
function findPrefixPair(all: readonly string[][]): [string, string] | null {
  const seen = new Set(all.map(path));
  for (const tokens of all) {
    let prefix = '';
    for (let i = 0; i < tokens.length - 1; i++) {
      prefix += `/${escapePointerToken(tokens[i] as string)}`;
      if (seen.has(prefix)) return [prefix.slice(1), keyOf(tokens)];
    }
  }
  return null;
}

/** Canonical pointer for a token list (so `a~1b` and `a/b` never collide). */
function path(tokens: readonly string[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

/** The patch key for a token list, as the client wrote it (escaped, no leading `/`). */
function keyOf(tokens: readonly string[]): string {
  return path(tokens).slice(1);
}

function invalid(description: string): PatchResult<never> {
  return { ok: false, error: { type: 'invalidPatch', description } };
}
