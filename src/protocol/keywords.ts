// RFC 8621 §4.1.1: keywords are IMAP flags under JMAP names. The proxy maps them both
// ways (IMAP FETCH FLAGS → `keywords`, `keywords/…` patches → STORE); the client checks
// keywords (tags, TAG-1) before queueing them.

import { KEYWORD } from './jmap-mail.js';

/**
 * RFC 8621 §4.1.1 (after RFC 3501 `atom`): 1–255 characters from %x21–%x7E, without
 * `( ) { ] % * " \`. Servers return keywords lower-case.
 */
const KEYWORD_PATTERN = /^[\x21-\x7e]{1,255}$/;
const KEYWORD_FORBIDDEN = /[(){\]%*"\\]/;

/** The four IMAP system flags with a JMAP keyword (RFC 8621 §4.1.1). */
const SYSTEM_FLAGS: Readonly<Record<string, string>> = {
  '\\seen': KEYWORD.seen,
  '\\flagged': KEYWORD.flagged,
  '\\answered': KEYWORD.answered,
  '\\draft': KEYWORD.draft,
};

/**
 * SPAM-2: keywords sent to IMAP in their registered case (RFC 9051 §2.3.2, the IANA
 * registry of RFC 5788), not the lower case JMAP hands out. IMAP servers match keywords
 * case-insensitively but show a mailbox's keyword in the case it was first stored in
 * (Dovecot, measured), and other clients look for `$Junk` and `$NotJunk`.
 */
const REGISTERED_CASE: Readonly<Record<string, string>> = {
  $junk: '$Junk',
  $notjunk: '$NotJunk',
};

/** True if `value` may be used as a keyword (any case). */
export function isKeyword(value: unknown): value is string {
  return typeof value === 'string' && KEYWORD_PATTERN.test(value) && !KEYWORD_FORBIDDEN.test(value);
}

/**
 * RFC 8621 §4.1.1: the JMAP keyword for an IMAP flag (`\Seen` → `$seen`, `Work` →
 * `work`). `\Recent` and `\Deleted` are not exposed in JMAP, and an invalid flag has no
 * keyword: both give null.
 */
export function imapFlagToKeyword(flag: string): string | null {
  const lower = flag.toLowerCase();
  if (lower.startsWith('\\')) return SYSTEM_FLAGS[lower] ?? null;
  return isKeyword(lower) ? lower : null;
}

/**
 * RFC 8621 §4.1.1: the IMAP flag for a keyword (`$seen` → `\Seen`, `$junk` → `$Junk`);
 * other keywords are IMAP keywords as they are. Null for a string that is not a valid keyword.
 */
export function keywordToImapFlag(keyword: string): string | null {
  if (!isKeyword(keyword)) return null;
  const lower = keyword.toLowerCase();
  for (const [flag, kw] of Object.entries(SYSTEM_FLAGS)) {
    if (kw === lower) return `\\${flag.charAt(1).toUpperCase()}${flag.slice(2)}`;
  }
  return REGISTERED_CASE[lower] ?? lower;
}
