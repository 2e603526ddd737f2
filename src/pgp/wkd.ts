// PGP-1: Web Key Directory (draft-koch-openpgp-webkey-service) addresses and URLs, shared by
// the page (which checks an address before asking the proxy) and the proxy (which fetches
// the key). Pure: no network, no openpgp; SHA-1 comes from Web Crypto, in both Node and
// the browser.

/** RFC 5321 §4.5.3.1.3: a path holds at most 256 octets, so an address at most 254. */
const MAX_ADDRESS_LENGTH = 254;
/** RFC 5321 §4.5.3.1.1: a local part is at most 64 octets. */
const MAX_LOCAL_PART_BYTES = 64;
/** RFC 1035: 253 characters in a full domain name, 63 in one label. */
const MAX_DOMAIN_LENGTH = 253;

/**
 * The largest key Buzón takes from a Web Key Directory. A WKD answer is one transferable
 * public key: a few KB for Curve25519, ~10 KB for RSA-4096 with a few signatures; keys
 * carrying years of third-party signatures run to ~100 KB. More is a flooded key or not
 * a key at all (the "certificate flooding" attack on keyservers).
 */
export const WKD_MAX_KEY_BYTES = 256 * 1024;

/** z-base-32's alphabet (the draft §3.1 uses it for the hashed local part). */
const Z_BASE_32 = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/**
 * A local part as people use it: no white space, controls or the characters that delimit
 * an address in a header. Quoted local parts are refused (nobody publishes keys for them).
 */
const LOCAL_PART = /^[^\s\p{Cc}@<>()[\]",;:\\]+$/u;
/** A domain before IDNA conversion: no white space, controls, URL or address delimiters. */
const DOMAIN_INPUT = /^[^\s\p{Cc}@<>()[\]",;:\\/?#%]+$/u;
/** One DNS label after IDNA conversion (LDH; `xn--` labels included). */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export interface WkdAddress {
  /** The local part exactly as given (the `l=` parameter keeps its case). */
  local: string;
  /** The domain in lower-case ASCII (IDNA), as it goes into a host name. */
  domain: string;
}

export interface WkdUrls {
  /** `https://openpgpkey.<domain>/.well-known/openpgpkey/<domain>/hu/<hash>?l=<local>` */
  advanced: string;
  /** `https://<domain>/.well-known/openpgpkey/hu/<hash>?l=<local>` */
  direct: string;
}

/** The address split for WKD, or null when it is not a plain `local@domain.tld`. */
export function parseWkdAddress(address: string): WkdAddress | null {
  if (address.length > MAX_ADDRESS_LENGTH) return null;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return null;
  const local = address.slice(0, at);
  const rawDomain = address.slice(at + 1);
  if (!LOCAL_PART.test(local) || new TextEncoder().encode(local).length > MAX_LOCAL_PART_BYTES)
    return null;
  if (!DOMAIN_INPUT.test(rawDomain)) return null;
  const domain = asciiDomain(rawDomain);
  return domain === null ? null : { local, domain };
}

export function isWkdAddress(address: string): boolean {
  return parseWkdAddress(address) !== null;
}

/** The domain in IDNA ASCII, lower-cased; null for an IP address or anything not a host name. */
function asciiDomain(input: string): string | null {
  let host: string;
  try {
    // The URL parser is the IDNA (UTS #46) conversion both Node and browsers ship.
    host = new URL(`https://${input}/`).hostname;
  } catch {
    return null;
  }
  if (host.length > MAX_DOMAIN_LENGTH) return null;
  const labels = host.split('.');
  // One label is not a public domain; an all-digit last label is an IPv4 address.
  if (labels.length < 2 || /^\d+$/.test(labels[labels.length - 1] ?? '')) return null;
  return labels.every((l) => LABEL.test(l)) ? host : null;
}

/** z-base-32 (draft §3.1; RFC 6189 §5.1.6's alphabet), 5 bits a character, no padding. */
export function zBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += Z_BASE_32[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += Z_BASE_32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The draft's hashed local part: upper-case ASCII mapped to lower case (only ASCII: the
 * draft leaves other characters as they are), SHA-1 of its UTF-8, in z-base-32.
 */
export async function wkdHash(local: string): Promise<string> {
  const lowered = local.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(lowered));
  return zBase32(new Uint8Array(digest));
}

/** Both WKD URLs for an address (advanced first, as the draft asks), or null when it is not one. */
export async function wkdUrls(address: string): Promise<WkdUrls | null> {
  const parsed = parseWkdAddress(address);
  if (!parsed) return null;
  const { local, domain } = parsed;
  const hash = await wkdHash(local);
  const query = `?l=${encodeURIComponent(local)}`;
  return {
    advanced: `https://openpgpkey.${domain}/.well-known/openpgpkey/${domain}/hu/${hash}${query}`,
    direct: `https://${domain}/.well-known/openpgpkey/hu/${hash}${query}`,
  };
}
