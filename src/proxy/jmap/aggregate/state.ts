// Composite state strings (ADR 0016): the user's own state first, then `~<account>:<tag>:
// <state>` per other IMAP account. The tag is a digest of the account's address, so a
// rename of its top-level folder changes the Mailbox state too. Inner states are digests
// with a one-letter prefix ('e…', 'm…', 'q…', 't…'): they never hold '~' or ':'.
import { digest } from '../../imap/ids.js';
import type { Backend } from './backends.js';
import { OWN } from './backends.js';

const PART = '~';
/**
 * An account's part of a state made without that account (its server could not be
 * reached): "not listed" (protocol/jmap-partial.ts). Never an inner state, which is a
 * letter and a digest.
 */
export const NOT_LISTED = '?';
const FIELD = ':';
/** Enough to notice a renamed address; not a secret. */
const TAG_CHARS = 6;

export const addressTag = (address: string): string =>
  digest('address', address).slice(0, TAG_CHARS);

/** One state per backend, in the backends' order. */
export function composeState(
  parts: readonly { backend: Pick<Backend, 'key' | 'address'>; state: string }[],
): string {
  const own = parts.find((p) => p.backend.key === OWN)?.state ?? '';
  const others = parts
    .filter((p) => p.backend.key !== OWN)
    .map((p) => `${p.backend.key}${FIELD}${addressTag(p.backend.address ?? '')}${FIELD}${p.state}`);
  return [own, ...others].join(PART);
}

/**
 * Each backend's part of a composite state, or null when the state was not made for this
 * very set of backends (an account added, removed or renamed since): the caller answers
 * cannotCalculateChanges and the client resyncs.
 */
export function splitState(
  state: string,
  backends: readonly Backend[],
): Map<string, string> | null {
  const [own, ...others] = state.split(PART);
  if (own === undefined || others.length !== backends.length - 1) return null;
  const parts = new Map<string, string>([[OWN, own]]);
  for (const part of others) {
    const [key, tag, inner] = part.split(FIELD);
    const backend = backends.find((b) => b.key === key);
    if (!backend || inner === undefined || tag !== addressTag(backend.address ?? '')) return null;
    parts.set(backend.key, inner);
  }
  return parts.size === backends.length ? parts : null;
}
