// The limits the proxy advertises in its Session (RFC 8620 §2, RFC 8621 §1.3) and
// enforces on every request. The proxy receives hostile input, and every one of these
// bounds memory or work a single request could otherwise take. Where RFC 8620 §2
// suggests a minimum, Buzón advertises exactly that minimum unless a reason says more.

/**
 * ACCOUNT-1: a message over 50 MB is not accepted. An upload is one raw message, so the
 * same bound (in MiB, ≥ RFC 8620's suggested 50,000,000 octets) keeps a message the
 * browser may build always uploadable. Mirrors MAX_MESSAGE_BYTES in src/mail/limits.ts,
 * which the proxy cannot import.
 */
export const MAX_SIZE_UPLOAD = 50 * 1024 * 1024;

/**
 * Parallel uploads per account: RFC 8620's suggested minimum. Each one holds a socket
 * and an upstream APPEND on the proxy.
 */
export const MAX_CONCURRENT_UPLOAD = 4;

/**
 * Largest API request body (RFC 8620's suggested minimum, 10,000,000 octets). The proxy
 * buffers and parses the whole body; the biggest legitimate request, an Email/set of
 * MAX_OBJECTS_IN_SET keyword patches, is well under 1 MB.
 */
export const MAX_SIZE_REQUEST = 10_000_000;

/**
 * Parallel API requests per account: RFC 8620's suggested minimum. Each holds an IMAP
 * connection slot upstream; one syncing tab (Web Locks) needs one or two.
 */
export const MAX_CONCURRENT_REQUESTS = 4;

/**
 * Method calls per request: RFC 8620's suggested minimum. The sync engine's biggest
 * request, the incremental chain (Mailbox, Email and Thread `/changes`, each followed by
 * `/get`s of created and updated), is under ten calls.
 */
export const MAX_CALLS_IN_REQUEST = 16;

/**
 * Objects per /get: RFC 8620's suggested minimum. An IMAP facade turns each id into a
 * FETCH; 500 envelopes answer in well under a second and bound the response size. The
 * sync engine's bootstrap pages in batches of this size.
 */
export const MAX_OBJECTS_IN_GET = 500;

/**
 * create + update + destroy entries per /set: RFC 8620's suggested minimum. Bounds the
 * IMAP STORE/MOVE commands one request can queue; the outbox coalesces below this.
 */
export const MAX_OBJECTS_IN_SET = 500;

/**
 * RFC 8621 §1.3.1 for an IMAP facade: an IMAP message lives in exactly one folder (a
 * copy is another message with another id), so an Email is in exactly one Mailbox.
 */
export const MAX_MAILBOXES_PER_EMAIL = 1;

/**
 * Longest mailbox name, in octets. 255 is the file-name limit of the filesystems a
 * maildir lives on (each hierarchy level is a directory name), and IMAP servers refuse
 * longer components.
 */
export const MAX_SIZE_MAILBOX_NAME = 255;

/**
 * Sum of unencoded attachment sizes per Email: base64 turns 3 octets into 4, so this
 * is the most that fits in a MAX_SIZE_UPLOAD message (headers and text take the rest).
 */
export const MAX_SIZE_ATTACHMENTS_PER_EMAIL = Math.floor(MAX_SIZE_UPLOAD / 4) * 3;

/**
 * The proxy relays submissions to SMTP at once and has no FUTURERELEASE queue, so it
 * advertises no delayed send (RFC 8621 §1.3.2: 0 = not supported).
 */
export const MAX_DELAYED_SEND = 0;

/**
 * Seconds between SSE pings (RFC 8620 §7.3) when the client asks for fewer: common
 * reverse proxies drop a connection idle for 60 s, and pinging more often than this
 * only costs the phone's battery.
 */
export const MIN_PING_SECONDS = 15;

/** Upper bound on the ping interval; past 5 minutes a dead connection goes unnoticed. */
export const MAX_PING_SECONDS = 300;
