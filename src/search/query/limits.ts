// Limits of the search query language. A query is typed by the user, but it can also be
// pasted (a whole e-mail into the box) or reopened from a saved search, and it is run
// against every message of the local mailbox in a worker: each limit bounds the work one
// query can cause, far above what a person types.

/**
 * Most literals (words, phrases, operators) one query keeps; the rest are dropped with a
 * warning. Each literal costs one index probe and one check per candidate message, so a
 * pasted paragraph of 2,000 words would otherwise cost 2,000 probes per keystroke. People
 * type fewer than ten; Gmail's own limit is in the same range.
 */
export const MAX_QUERY_TERMS = 64;

/**
 * Longest query text read, in UTF-16 code units; the rest is cut with a warning. The box
 * is one line, so anything longer is pasted text; bounding it bounds the lexer and the
 * size of a saved search or a "last searches" entry.
 */
export const MAX_QUERY_CHARS = 2048;

/**
 * Most words in one phrase. A phrase is checked token by token against every candidate
 * body; 32 words is a long sentence, and a longer one finds the same messages.
 */
export const MAX_PHRASE_TOKENS = 32;

/**
 * Shortest prefix for `info*` (SEARCH-1). A shorter prefix matches too large a share of
 * all tokens (`a*`, `de*`) to be a useful search and would force a scan of the whole
 * token dictionary, so `inf*` is read as the literal word `inf`.
 */
export const MIN_PREFIX_CHARS = 4;

/** A snippet under the subject in the result list is about this long (SEARCH-6). */
export const SNIPPET_CHARS = 160;

/**
 * How much of a snippet comes before its first hit: some context, yet the hit stays within
 * the first half of the one line a result row shows (about 60 characters).
 */
export const SNIPPET_LEAD_CHARS = 24;
