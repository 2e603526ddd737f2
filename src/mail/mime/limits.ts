// Line limits of the formats the builder writes, each with the rule it comes from.

/** RFC 5322 §2.1.1: a line MUST be at most 998 octets, CRLF excluded. */
export const MAX_LINE_OCTETS = 998;

/**
 * Header lines are folded at 76 characters: RFC 5322 asks for 78, and RFC 2047 §2 asks
 * that a line carrying encoded-words stay within 76, so the stricter rule serves both.
 */
export const FOLD_WIDTH = 76;

/** RFC 2047 §2: an encoded-word is at most 75 characters, `=?UTF-8?B?` and `?=` included. */
export const MAX_ENCODED_WORD = 75;

/**
 * A plain ASCII word longer than this is written as encoded-words instead, so that it can
 * be split and the header still folds within FOLD_WIDTH.
 */
export const MAX_RAW_WORD = 70;

/** Runs of spaces longer than this are encoded with their neighbours so a fold never leaves a long blank tail. */
export const MAX_RAW_SPACES = 4;

/** RFC 2045 §6.7 (5) and §6.8: quoted-printable and base64 lines are at most 76 characters. */
export const ENCODED_LINE = 76;

/** A text part goes out as 7bit, unencoded, only when every line fits RFC 5322's 78 characters. */
export const MAX_7BIT_LINE = 78;

/** A quoted display name longer than this is written as encoded-words, which can be folded. */
export const MAX_QUOTED_PHRASE = 60;

/** RFC 2231 continuation pieces stay this short so each `filename*N*=` fits on a folded line. */
export const MAX_PARAM_PIECE = 56;

/** The ASCII `filename="…"` fallback is cut to this, extension kept; the full name is in `filename*`. */
export const MAX_FALLBACK_FILENAME = 60;

/** RFC 5321 §4.5.3.1: a local part is at most 64 octets and a forward path at most 256 (254 without brackets). */
export const MAX_LOCAL_PART = 64;
export const MAX_ADDRESS = 254;

/** Message ids (ours and those we reply to) stay well within one header line. */
export const MAX_MESSAGE_ID = 250;
