// PGP-1: the Autocrypt header of an incoming message (Autocrypt Level 1, §2.1 and §2.3):
//   Autocrypt: addr=alice@example.org; [prefer-encrypt=mutual;] keydata=<base64, folded>
// Only the message's top-level header block counts (a header inside a forwarded message
// is someone else's). A header is invalid when it lacks addr or keydata, repeats an
// attribute, or carries a critical attribute (a name not starting with "_") this parser
// does not know; headers for another address than the single From are ignored, and two
// valid ones for it cancel each other out. Pure: no openpgp, the caller reads the key.
import { addressParser } from 'postal-mime';
import { MAX_HEADER_BYTES } from '../mail/limits.js';
import { entityAt, readFields } from '../mail/raw-mime.js';
import { isAddress } from '../mail/recipients.js';

/**
 * The largest key an Autocrypt header may carry. Level 1 §2.1.1 asks for a minimal key
 * (one user id, one encryption subkey, their self-signatures): ~0.5 KB for Curve25519,
 * ~2.5 KB for RSA-4096. Ten times the largest leaves room for odd encoders, and stops a
 * header from feeding megabytes to the key parser.
 */
export const MAX_AUTOCRYPT_KEYDATA_BYTES = 32 * 1024;

/**
 * The longest Autocrypt header value read: the largest keydata in base64 (4/3 of it)
 * folded at 76 columns (3 more characters a line) with its other attributes.
 */
export const MAX_AUTOCRYPT_HEADER_CHARS = 48 * 1024;

export interface AutocryptHeader {
  /** The address the key is for, lower-cased (it equals the From address). */
  addr: string;
  /** The binary OpenPGP key, as sent. */
  keydata: Uint8Array;
  preferEncrypt: 'mutual' | 'nopreference';
}

/** Base64 after folding white space is removed (padding optional: some encoders drop it). */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The one Autocrypt header that applies to this message (raw RFC 5322 bytes), or null. */
export function readAutocrypt(raw: Uint8Array): AutocryptHeader | null {
  const scanEnd = Math.min(raw.length, MAX_HEADER_BYTES);
  const entity = entityAt(raw, 0, scanEnd);
  // No end of the header block within the limit: a message that is mostly header is not read.
  if (entity.bodyStart === scanEnd && scanEnd < raw.length) return null;
  const fields = readFields(raw, entity);
  const from = singleFrom(fields.filter((f) => f.key === 'from').map((f) => f.value));
  if (!from) return null;
  const valid = fields
    .filter((f) => f.key === 'autocrypt')
    .map((f) => parseAutocryptValue(f.value))
    .filter((h): h is AutocryptHeader => h !== null && h.addr === from);
  return valid.length === 1 ? (valid[0] ?? null) : null;
}

/** The From address, lower-cased, when there is exactly one From field with one mailbox. */
function singleFrom(values: string[]): string | null {
  if (values.length !== 1) return null;
  const list = addressParser(values[0] ?? '');
  const only = list.length === 1 ? list[0] : undefined;
  if (!only || only.group || !only.address) return null;
  const addr = only.address.trim().toLowerCase();
  return isAddress(addr) ? addr : null;
}

/** One header value parsed, or null when it is invalid (§2.1: the whole header is ignored). */
export function parseAutocryptValue(value: string): AutocryptHeader | null {
  if (value.length > MAX_AUTOCRYPT_HEADER_CHARS) return null;
  const attributes = new Map<string, string>();
  for (const part of value.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (attributes.has(name)) return null;
    attributes.set(name, part.slice(eq + 1).trim());
  }
  for (const name of attributes.keys()) {
    const known = name === 'addr' || name === 'prefer-encrypt' || name === 'keydata';
    if (!known && !name.startsWith('_')) return null; // an unknown critical attribute
  }
  const addr = attributes.get('addr')?.toLowerCase();
  const keydata = decodeKeydata(attributes.get('keydata'));
  if (!addr || !isAddress(addr) || !keydata) return null;
  // §2.1: "mutual", or no preference (absent, or a value this version does not define).
  const preferEncrypt = attributes.get('prefer-encrypt') === 'mutual' ? 'mutual' : 'nopreference';
  return { addr, keydata, preferEncrypt };
}

function decodeKeydata(text: string | undefined): Uint8Array | null {
  if (text === undefined) return null;
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) return null;
  if (Math.floor((compact.length * 3) / 4) > MAX_AUTOCRYPT_KEYDATA_BYTES + 2) return null;
  const padded = compact.padEnd(Math.ceil(compact.length / 4) * 4, '=');
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  if (binary.length === 0 || binary.length > MAX_AUTOCRYPT_KEYDATA_BYTES) return null;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
