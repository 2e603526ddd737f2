// Constants of the indexed body text, in a module of their own: the page's parser client
// (start-up bundle) needs them, not the parsing and folding code around them (doc-text.ts).

/**
 * The body characters indexed and kept: 4 KB covers the text people write (quotes and
 * signatures follow), and bounds the index at ~100 bytes of postings per message.
 */
export const MAX_BODY_CHARS = 4096;

/**
 * Joins a body's folded tokens for the trip back from the parse worker, one string instead
 * of hundreds: no folded token holds it (folding keeps letters, marks and digits only).
 */
export const TOKEN_JOINER = '\u0000';
