// PGP-1: a cheap look for an Autocrypt header before the PgpService (and its worker) is
// loaded for an incoming message: most mail has none, and must not start OpenPGP.
import { MAX_HEADER_BYTES } from '../../mail/limits.js';

/** An "Autocrypt:" field at the start of a line in the header section. */
export function mayCarryAutocrypt(raw: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(raw.subarray(0, MAX_HEADER_BYTES));
  const end = head.search(/\r?\n\r?\n/);
  return /(^|\n)autocrypt[ \t]*:/i.test(end < 0 ? head : head.slice(0, end));
}
