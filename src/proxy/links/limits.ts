// SEND-15 limits of the link store. Every one bounds what a signed-in user (or a stolen
// session) can make the proxy keep on the operator's disk or send from its notice account.
import { MAX_SIZE_UPLOAD } from '../../protocol/limits.js';
import type { LinkLimits } from '../config/types.js';

/** A file sent as a link is held to the same 50 MB as a message (ACCOUNT-1, SEND-12). */
export const MAX_LINK_FILE_BYTES = MAX_SIZE_UPLOAD;

/**
 * Files one user may store per 24 hours. A person sends a handful of big files a day;
 * fifty never stops real work and keeps one account (or a stolen session) from turning
 * the proxy into a free file host.
 */
export const MAX_LINK_FILES_PER_USER_PER_DAY = 50;

/**
 * The whole store across users: 10 GiB of the operator's disk. When full, new links are
 * refused (507) until old ones expire; nobody's existing links are dropped to make room.
 */
export const MAX_LINK_STORE_BYTES = 10 * 1024 * 1024 * 1024;

/** Recipients per file: the same bound as a message's (smtp/envelope.ts MAX_RECIPIENTS). */
export { MAX_RECIPIENTS as MAX_LINK_RECIPIENTS } from '../smtp/envelope.js';

/**
 * Requests to `/l/<token>` per client IP in the window. Tokens hold 128 random bits, so
 * this is not what stops guessing; it bounds how much one address can pull (each answer
 * may be 50 MB) while leaving an office behind one NAT room for everybody's downloads.
 */
export const LINK_REQUESTS_PER_IP = 60;
export const LINK_REQUEST_WINDOW_MS = 15 * 60 * 1000;

/** Expired links are removed at start and then this often. */
export const LINK_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** The per-user count is over a sliding day. */
export const DAY_MS = 24 * 60 * 60 * 1000;

export function linkLimits(overrides: Partial<LinkLimits> = {}): LinkLimits {
  return {
    maxFileBytes: MAX_LINK_FILE_BYTES,
    maxFilesPerUserPerDay: MAX_LINK_FILES_PER_USER_PER_DAY,
    maxStoreBytes: MAX_LINK_STORE_BYTES,
    ...overrides,
  };
}
