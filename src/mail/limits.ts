// Parser limits. Every message is hostile until parsed, and parsing runs on the user's
// device, so each limit bounds memory or CPU that a crafted message could otherwise take.

/** ACCOUNT-1: a message over 50 MB is not accepted (and SEND-12 refuses to send one). */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

/**
 * Deepest MIME nesting we walk. Real mailers rarely exceed 6 (mixed › alternative ›
 * related › …, plus a forwarded message); postal-mime's own default of 256 is a crash
 * guard, not a display budget. Each level costs a node, a recursion frame and a frame
 * in the reader.
 */
export const MAX_MIME_DEPTH = 32;

/**
 * Most MIME parts one message may have. A list digest or a photo dump has a few
 * hundred; above this the reader would need thousands of frames and rows, so extra
 * parts are not walked (the raw bytes stay intact and downloadable).
 */
export const MAX_PARTS = 1000;

/**
 * Total header bytes across every part. Real messages carry a few KB of headers
 * (long Received chains reach ~50 KB); 1 MiB leaves room for those while stopping a
 * message that is mostly header from exhausting the parser.
 */
export const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * How many message/rfc822 parts may nest inside each other and still be shown inline.
 * A forward of a forward of a forward is common; ten is not. Deeper messages are
 * listed as .eml attachments instead, which the user can still open one by one.
 */
export const MAX_RFC822_DEPTH = 5;

/** The preview line is about this long (MessageSummary.preview). */
export const PREVIEW_CHARS = 200;

/**
 * How much of a broken message's raw source we hand to the reader as text. The raw
 * bytes are kept whole in the store; this only bounds the string shown on screen.
 */
export const MAX_RAW_TEXT_CHARS = 2 * 1024 * 1024;
