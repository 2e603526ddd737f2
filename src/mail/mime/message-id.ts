// Message ids (RFC 5322 §3.6.4). Ours are strict msg-ids; the ids of messages we reply to
// come from other software, so they only have to be one visible ASCII token.
import { checkAddress } from './address.js';
import { assertSingleLine, VISIBLE_ASCII } from './checks.js';
import { MimeBuildError } from './errors.js';
import { MAX_MESSAGE_ID } from './limits.js';

const ATEXT = "A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~";
const DOT_ATOM_TEXT = `[${ATEXT}]+(?:\\.[${ATEXT}]+)*`;
/** id-left "@" id-right, id-right a dot-atom-text or a no-fold-literal. */
const MSG_ID = new RegExp(
  `^${DOT_ATOM_TEXT}@(?:${DOT_ATOM_TEXT}|\\[[\\x21-\\x5a\\x5e-\\x7e]*\\])$`,
);
/** 128 random bits: collisions are out of reach even across every Buzón install. */
const RANDOM_BYTES = 16;

let counter = 0;

function defaultRandom(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Our own Message-ID (without brackets) must be a valid msg-id. */
export function checkMessageId(id: string, what: string): string {
  assertSingleLine(id, what);
  if (id.length > MAX_MESSAGE_ID || !MSG_ID.test(id)) {
    throw new MimeBuildError(
      `${what} "${id}" is not a valid message id (expected left@right, no brackets).`,
    );
  }
  return id;
}

/** An id we refer to (In-Reply-To, References): one visible ASCII token without brackets. */
export function checkReferencedId(id: string, what: string): string {
  assertSingleLine(id, what);
  if (id.length > MAX_MESSAGE_ID || !VISIBLE_ASCII.test(id) || /[<>]/.test(id)) {
    throw new MimeBuildError(
      `${what} "${id}" is not a usable id (visible ASCII, no spaces or angle brackets).`,
    );
  }
  return id;
}

/**
 * A new unique msg-id for `domain` (without brackets): time, a per-session counter (so
 * ids differ even with a poor `random`) and 128 random bits.
 */
export function newMessageId(domain: string, random: () => string = defaultRandom): string {
  const right = checkAddress(`x@${domain}`, 'Message-ID domain').slice(2);
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  const left = `${Date.now().toString(36)}.${counter.toString(36)}.${random()}`;
  return checkMessageId(`${left}@${right}`, 'Message-ID');
}
