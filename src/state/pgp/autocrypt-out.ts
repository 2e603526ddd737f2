// PGP-1 on the sending side (Autocrypt Level 1 §2.1): the Autocrypt header of a message
// sent from an address with a usable own key, so a correspondent's Autocrypt client (and
// Buzón, which learns such keys unconfirmed) picks the key up. Everything here reads the
// keystore and the stored armored public key: no OpenPGP.js, no worker, so a message from
// an address without a key costs one index lookup.
//
// The key sent is the stored public key with only the packets a correspondent needs for
// this address (§2.1.1 "minimal"): the primary key and its own signatures, the user id(s)
// for this address with their signatures, and every subkey with its bindings. Other user
// ids and photo ids are left out, so a key shared by several addresses does not tell each
// correspondent about the others. Signatures are not checked here (that needs the crypto):
// all that the stored key has for the kept packets goes along.
import { MAX_AUTOCRYPT_KEYDATA_BYTES } from '../../pgp/autocrypt.js';
import { isAddress } from '../../mail/recipients.js';
import type { PgpService } from '../pgp-types.js';
import type { PgpContext } from './deps.js';
import { signingKeyFor } from './protect.js';

/**
 * Base64 characters per folded line: with the leading space, 73 columns — within RFC
 * 5322's 78 and the builder's own 76 (FOLD_WIDTH); a multiple of 4 so no line splits a
 * base64 quantum (some readers decode line by line).
 */
const KEYDATA_LINE_CHARS = 72;

/** RFC 9580 §5: packet tags the minimal key is made of. */
const TAG = {
  signature: 2,
  publicKey: 6,
  trust: 12,
  userId: 13,
  publicSubkey: 14,
  userAttribute: 17,
};

/** Printable ASCII without ";" (the attribute separator): an address written as is. */
const HEADER_SAFE = /^[\x21-\x3a\x3c-\x7e]+$/;

interface Packet {
  tag: number;
  start: number;
  end: number;
  body: Uint8Array;
}

/** The base64 body of an ASCII-armored block (RFC 9580 §6.2), checksum and headers dropped. */
export function armorBody(armored: string): string | null {
  const lines = armored.split(/\r?\n/).map((l) => l.trimEnd());
  const begin = lines.findIndex((l) => /^-----BEGIN PGP [A-Z ]+-----$/.test(l));
  if (begin < 0) return null;
  // Armor headers ("Comment: …") end at the first empty line.
  const blank = lines.indexOf('', begin + 1);
  if (blank < 0) return null;
  const body: string[] = [];
  for (const line of lines.slice(blank + 1)) {
    if (line.startsWith('-----END PGP ')) return body.length > 0 ? body.join('') : null;
    // The optional CRC-24 line: "=" and four base64 characters.
    if (/^=[A-Za-z0-9+/]{4}$/.test(line)) continue;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(line)) return null;
    body.push(line);
  }
  return null;
}

function fromBase64(text: string): Uint8Array | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The packets of a transferable public key; null on anything unexpected (RFC 9580 §4.2). */
function packets(data: Uint8Array): Packet[] | null {
  const out: Packet[] = [];
  let pos = 0;
  while (pos < data.length) {
    const start = pos;
    const first = data[pos++] ?? 0;
    if ((first & 0x80) === 0) return null;
    let tag: number;
    let len: number;
    if (first & 0x40) {
      tag = first & 0x3f;
      const o1 = data[pos++] ?? 0;
      if (o1 < 192) len = o1;
      else if (o1 < 224) len = ((o1 - 192) << 8) + (data[pos++] ?? 0) + 192;
      else if (o1 === 255) {
        len = new DataView(data.buffer, data.byteOffset + pos, 4).getUint32(0);
        pos += 4;
      } else return null; // partial lengths: never in a key
    } else {
      tag = (first >> 2) & 0x0f;
      const size = [1, 2, 4][first & 0x03];
      if (size === undefined) return null; // indeterminate length: never in a key
      len = 0;
      for (let k = 0; k < size; k++) len = len * 256 + (data[pos++] ?? 0);
    }
    if (pos + len > data.length) return null;
    out.push({ tag, start, end: pos + len, body: data.subarray(pos, pos + len) });
    pos += len;
  }
  return out;
}

/** The address a user id names: inside <…>, else the whole id; lower case. */
function userIdAddress(body: Uint8Array): string {
  const text = new TextDecoder().decode(body);
  const angle = /<([^<>]*)>\s*$/.exec(text);
  return (angle ? angle[1] : text)?.trim().toLowerCase() ?? '';
}

/**
 * The key with only what a correspondent writing to `address` needs (see the top);
 * null when it cannot be read as a public key or names no user id for the address.
 */
export function minimalKey(data: Uint8Array, address: string): Uint8Array | null {
  const list = packets(data);
  if (!list || list[0]?.tag !== TAG.publicKey) return null;
  const wanted = address.trim().toLowerCase();
  const kept: Uint8Array[] = [];
  let keep = true; // the component the following signatures belong to is kept
  let userIds = 0;
  for (const p of list) {
    if (p.tag === TAG.userId) {
      keep = userIdAddress(p.body) === wanted;
      if (keep) userIds++;
    } else if (p.tag === TAG.userAttribute) keep = false;
    else if (p.tag === TAG.publicKey || p.tag === TAG.publicSubkey) keep = true;
    else if (p.tag === TAG.trust) continue; // local to the keyring it came from
    if (keep) kept.push(data.subarray(p.start, p.end));
  }
  if (userIds === 0) return null;
  const out = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
  let at = 0;
  for (const k of kept) {
    out.set(k, at);
    at += k.length;
  }
  return out;
}

/**
 * The header field, folded: addr and "keydata=" on the first line, then the base64 in
 * lines of KEYDATA_LINE_CHARS, each after CRLF and a space (the folding white space the
 * reader removes). No final CRLF, as the builder's header fields.
 */
export function foldAutocrypt(address: string, keydata: Uint8Array): string {
  const lines = toBase64(keydata).match(new RegExp(`.{1,${KEYDATA_LINE_CHARS}}`, 'g')) ?? [];
  return [`Autocrypt: addr=${address}; keydata=`, ...lines.map((l) => ` ${l}`)].join('\r\n');
}

/** The Autocrypt header for a message from `from`, or null (see PgpService.autocryptHeader). */
export async function autocryptHeader(ctx: PgpContext, from: string): Promise<string | null> {
  const address = from.trim();
  // An address that cannot stand in the header as is gets none (RFC 2047 would hide it).
  if (!HEADER_SAFE.test(address) || !isAddress(address.toLowerCase())) return null;
  const key = await signingKeyFor(ctx, address);
  if (!key) return null;
  const body = armorBody(key.publicArmored);
  const full = body === null ? null : fromBase64(body);
  if (!full) return null;
  const keydata = minimalKey(full, address) ?? full;
  // A key our own reader would refuse is not worth its weight on every message.
  if (keydata.length > MAX_AUTOCRYPT_KEYDATA_BYTES) return null;
  return foldAutocrypt(address, keydata);
}

export function autocryptOps(ctx: PgpContext): Pick<PgpService, 'autocryptHeader'> {
  return { autocryptHeader: (from) => autocryptHeader(ctx, from) };
}
