// Limits of the OpenPGP MIME analysis, on top of the parser's (src/mail/limits.ts), which
// bound depth, part count, header bytes and message size the same way for every reader.

/**
 * Armored blocks recognised in one text part. A real message has one, a thread quoting
 * old signed mails a handful; each block becomes a verify or decrypt job for the worker,
 * so a body of thousands of tiny blocks must not become thousands of jobs.
 */
export const MAX_INLINE_BLOCKS = 32;
