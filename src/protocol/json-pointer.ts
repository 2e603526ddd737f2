// JSON Pointer (RFC 6901) with JMAP's `*` extension (RFC 8620 §3.7). Used to resolve
// result references and to walk PatchObject paths (§5.3). Input is hostile: nothing here
// throws, and only own properties are followed, so `constructor` or `__proto__` in a
// pointer never reaches Object.prototype.

/** The outcome of evaluating a pointer: the value, or why it does not resolve. */
export type PointerResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** RFC 6901 §4: an array index is `0` or digits without a leading zero. */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own data property, so a key named `__proto__` stays data, not a prototype. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * RFC 6901 §3–4: splits a pointer into its unescaped reference tokens (`~1` → `/`, then
 * `~0` → `~`). `""` is the whole document. Returns null for a pointer that is not empty
 * and does not start with `/`, or that has a `~` not followed by `0` or `1`.
 */
export function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  const tokens = pointer.slice(1).split('/');
  for (const token of tokens) {
    if (/~(?![01])/.test(token)) return null;
  }
  return tokens.map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** RFC 6901 §3: escapes one token (`~` → `~0`, then `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Options for evaluatePointer. */
export interface EvaluateOptions {
  /**
   * RFC 8620 §3.7: `*` on an array maps the rest of the pointer over every item, and
   * item results that are arrays are flattened into the output. On by default, since
   * result references are what pointers are evaluated for.
   */
  wildcard?: boolean;
}

/**
 * RFC 6901 §4 (plus RFC 8620 §3.7 `*`): the value `pointer` refers to in `document`,
 * or a reason it does not resolve (malformed pointer, missing key, index out of range,
 * `-`, or a token applied to a string, number, boolean or null).
 */
export function evaluatePointer(
  document: unknown,
  pointer: string,
  options: EvaluateOptions = {},
): PointerResult {
  const tokens = parsePointer(pointer);
  if (tokens === null)
    return { ok: false, reason: `malformed JSON Pointer ${JSON.stringify(pointer)}` };
  return walk(document, tokens, 0, options.wildcard ?? true);
}

function walk(
  value: unknown,
  tokens: readonly string[],
  at: number,
  wildcard: boolean,
): PointerResult {
  if (at === tokens.length) return { ok: true, value };
  const token = tokens[at] as string;
  if (Array.isArray(value)) {
    if (wildcard && token === '*') return mapItems(value, tokens, at + 1);
    if (!ARRAY_INDEX.test(token) || Number(token) >= value.length) {
      return { ok: false, reason: `no array item ${JSON.stringify(token)} at token ${at + 1}` };
    }
    return walk(value[Number(token)], tokens, at + 1, wildcard);
  }
  if (isJsonObject(value)) {
    if (!Object.hasOwn(value, token)) {
      return { ok: false, reason: `no property ${JSON.stringify(token)} at token ${at + 1}` };
    }
    return walk(value[token], tokens, at + 1, wildcard);
  }
  return {
    ok: false,
    reason: `token ${at + 1} applied to a ${value === null ? 'null' : typeof value}`,
  };
}

/** RFC 8620 §3.7: applies the rest of the pointer to each item and flattens arrays. */
function mapItems(items: readonly unknown[], tokens: readonly string[], at: number): PointerResult {
  const out: unknown[] = [];
  for (const item of items) {
    const result = walk(item, tokens, at, true);
    if (!result.ok) return result;
    if (Array.isArray(result.value)) {
      // A loop, not push(...spread): a spread of a huge array overflows the call stack.
      for (const v of result.value as unknown[]) out.push(v);
    } else {
      out.push(result.value);
    }
  }
  return { ok: true, value: out };
}
