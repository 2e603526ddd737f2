// One Email/set update (RFC 8621 §4.6) turned into IMAP work: the patch is applied to what
// the server holds right now (its FLAGS and folder), the result is checked, and the
// difference becomes flags to add, flags to remove and a folder to move to. Pure.
import type { SetError } from '../../protocol/jmap-methods.js';
import { escapePointerToken, isJsonObject, parsePointer } from '../../protocol/json-pointer.js';
import { imapFlagToKeyword, isKeyword, keywordToImapFlag } from '../../protocol/keywords.js';
import { MAX_MAILBOXES_PER_EMAIL } from '../../protocol/limits.js';
import { applyPatch } from '../../protocol/patch.js';
import { setError } from './set-args.js';

/** The only Email properties an IMAP facade can change (the rest is the immutable message). */
const WRITABLE = new Set(['keywords', 'mailboxIds']);

export interface EmailChange {
  addFlags: string[];
  /** Flags exactly as the server holds them (a keyword another client wrote `Work`). */
  removeFlags: string[];
  /** Mailbox id to MOVE to, or null to stay. */
  moveTo: string | null;
}

export type PlanResult = { ok: true; change: EmailChange } | { ok: false; error: SetError };

/**
 * Keywords are case-insensitive (RFC 8621 §4.1.1) and the facade hands them out lower-case,
 * so `keywords/$Seen` must patch `$seen`: keyword tokens are lower-cased before applying.
 */
function normalizeKeywordKeys(patch: Record<string, unknown>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const tokens = parsePointer(`/${key}`);
    if (tokens === null) return null;
    const normalized =
      tokens[0] === 'keywords' && tokens.length === 2
        ? `keywords/${escapePointerToken((tokens[1] as string).toLowerCase())}`
        : key;
    if (Object.hasOwn(out, normalized)) return null;
    out[normalized] = value;
  }
  return out;
}

/**
 * Plans one update. `flags` are the message's IMAP flags now, `mailboxId` its folder,
 * `known` every selectable folder's id. Refusals (nothing is written for this email):
 * invalidPatch (malformed), invalidProperties (a property other than keywords/mailboxIds,
 * a keyword that is not an atom or not `true`, an unknown folder, no folder),
 * tooManyMailboxes (more than one folder: maxMailboxesPerEmail is 1).
 */
export function planEmailUpdate(
  flags: readonly string[],
  mailboxId: string,
  patch: unknown,
  known: ReadonlySet<string>,
): PlanResult {
  if (!isJsonObject(patch)) return refuse('invalidPatch', 'the patch is not an object');
  const normalized = normalizeKeywordKeys(patch);
  if (normalized === null) return refuse('invalidPatch', 'a key is not a valid path');
  const keywords: Record<string, true> = {};
  for (const flag of flags) {
    const keyword = imapFlagToKeyword(flag);
    if (keyword !== null) keywords[keyword] = true;
  }
  const current = { keywords, mailboxIds: { [mailboxId]: true } };
  const patched = applyPatch(current, normalized);
  if (!patched.ok) return patched;
  const touched = [...new Set(Object.keys(normalized).map((k) => parsePointer(`/${k}`)?.[0] ?? k))];
  const readOnly = touched.filter((p) => !WRITABLE.has(p));
  if (readOnly.length > 0)
    return refuse('invalidProperties', 'only keywords and mailboxIds can change', readOnly);

  // RFC 8621 §4.1.1: `keywords` defaults to {}; removing it clears every keyword.
  const nextKeywords: unknown = (patched.value as Record<string, unknown>)['keywords'] ?? {};
  if (
    !isJsonObject(nextKeywords) ||
    !Object.entries(nextKeywords).every(([k, v]) => isKeyword(k) && v === true)
  ) {
    return refuse('invalidProperties', 'keywords must be valid keywords set to true', ['keywords']);
  }
  const nextMailboxes: unknown = (patched.value as Record<string, unknown>)['mailboxIds'];
  if (
    !isJsonObject(nextMailboxes) ||
    !Object.entries(nextMailboxes).every(([id, v]) => known.has(id) && v === true)
  ) {
    return refuse('invalidProperties', 'mailboxIds must name existing folders set to true', [
      'mailboxIds',
    ]);
  }
  const folders = Object.keys(nextMailboxes);
  if (folders.length === 0)
    return refuse('invalidProperties', 'an email must be in a folder', ['mailboxIds']);
  if (folders.length > MAX_MAILBOXES_PER_EMAIL) {
    return refuse('tooManyMailboxes', 'an email is in exactly one folder on IMAP', ['mailboxIds']);
  }

  const wanted = new Set(Object.keys(nextKeywords).map((k) => k.toLowerCase()));
  const addFlags = [...wanted]
    .filter((k) => !Object.hasOwn(keywords, k))
    .flatMap((k) => keywordToImapFlag(k) ?? []);
  const removeFlags = flags.filter((flag) => {
    const keyword = imapFlagToKeyword(flag);
    return keyword !== null && !wanted.has(keyword);
  });
  const target = folders[0] as string;
  return {
    ok: true,
    change: { addFlags, removeFlags, moveTo: target === mailboxId ? null : target },
  };
}

function refuse(type: SetError['type'], description: string, properties?: string[]): PlanResult {
  return { ok: false, error: setError(type, description, properties) };
}
