// SSRF guard for user-typed upstream hosts (only when the operator allows custom hosts).
// A host is refused when it is, or resolves to, an address inside the operator's own
// network or the machine itself; a name that resolves to several addresses is refused
// if ANY of them is refused (else DNS round-robin would pick the private one later).
// The caller connects to the address returned here, never to the name again, so the
// name cannot be re-pointed at 127.0.0.1 between this check and the connection
// (DNS rebinding). The name is kept for TLS (SNI and the certificate check).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { assertNoCrLf } from './crlf.js';

export class ForbiddenHostError extends Error {
  override name = 'ForbiddenHostError';
}

/** RFC 1035: 253 characters in a full name; anything longer is not a host. */
const MAX_HOST_LENGTH = 253;
const HOST_SHAPE = /^[A-Za-z0-9.:_[\]-]+$/;

/** IPv4 ranges that are not the public Internet (RFC 6890 and friends). */
const FORBIDDEN_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const FORBIDDEN_V6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated), may reach IPv4 internals
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

function v4Hex(address: string): [string, string] {
  const b = address.split('.').map(Number);
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return [hex(b[0] ?? 0, b[1] ?? 0), hex(b[2] ?? 0, b[3] ?? 0)];
}

function buildBlockList(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of FORBIDDEN_V4) {
    list.addSubnet(net, prefix, 'ipv4');
    // The same IPv4 ranges reached through IPv6 wrappers: NAT64 (64:ff9b::/96) and 6to4
    // (2002::/16). IPv4-mapped (::ffff:0:0/96) is matched by BlockList itself.
    const [hi, lo] = v4Hex(net);
    list.addSubnet(`64:ff9b::${hi}:${lo}`, 96 + prefix, 'ipv6');
    list.addSubnet(`2002:${hi}:${lo}::`, 16 + prefix, 'ipv6');
  }
  for (const [net, prefix] of FORBIDDEN_V6) list.addSubnet(net, prefix, 'ipv6');
  return list;
}

const FORBIDDEN = buildBlockList();

/** True when `address` (an IP literal) is loopback, private, link-local, reserved or similar. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family === 6) return FORBIDDEN.check(address.split('%')[0] ?? address, 'ipv6');
  return true; // not an address at all: refuse rather than guess
}

export interface CheckedHost {
  /** The checked IP to connect to. */
  address: string;
  /** The name the user typed, for TLS; absent when they typed an IP. */
  servername?: string;
}

export type Resolver = (host: string) => Promise<readonly string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Resolves a user-typed host and returns an address that may be dialled, or throws
 * ForbiddenHostError. `resolve` is the system resolver except in tests of odd answers.
 */
export async function checkCustomHost(
  host: string,
  resolve: Resolver = systemResolver,
): Promise<CheckedHost> {
  assertNoCrLf(host, 'Server address');
  const trimmed = host.trim();
  if (!trimmed || trimmed.length > MAX_HOST_LENGTH || !HOST_SHAPE.test(trimmed)) {
    throw new ForbiddenHostError('This is not a valid server address.');
  }
  const literal = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  if (isIP(literal)) {
    if (isForbiddenAddress(literal)) throw new ForbiddenHostError(refusal(trimmed));
    return { address: literal };
  }
  let addresses: readonly string[];
  try {
    addresses = await resolve(literal);
  } catch {
    throw new ForbiddenHostError(`The server name ${trimmed} could not be found.`);
  }
  if (addresses.length === 0)
    throw new ForbiddenHostError(`The server name ${trimmed} could not be found.`);
  if (addresses.some(isForbiddenAddress)) throw new ForbiddenHostError(refusal(trimmed));
  return { address: addresses[0] as string, servername: literal };
}

function refusal(host: string): string {
  return `The server ${host} is on a private or local network, which this Buzón does not connect to.`;
}
