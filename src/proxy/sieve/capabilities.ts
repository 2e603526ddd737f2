// The capability lines a ManageSieve server sends in its greeting, after STARTTLS and for
// CAPABILITY (RFC 5804 §1.7): `"NAME" ["value"]` per line, names case-insensitive.
import type { Token } from './wire.js';

export interface SieveCapabilities {
  /** IMPLEMENTATION: the server's name and version, e.g. "Dovecot Pigeonhole". */
  implementation: string | null;
  /** SASL mechanisms, upper-cased (may be empty before STARTTLS on a strict server). */
  sasl: string[];
  /** SIEVE: the extensions scripts may require, lower-cased as Sieve names them. */
  sieve: string[];
  starttls: boolean;
  /** MAXREDIRECTS: redirects one script run may perform; null when not announced. */
  maxRedirects: number | null;
  /** NOTIFY: enotify methods (e.g. "mailto"). */
  notify: string[];
  /** VERSION: "1.0" for RFC 5804 servers (which have CHECKSCRIPT); null for older drafts. */
  version: string | null;
}

const words = (value: string | undefined): string[] =>
  value === undefined ? [] : value.split(' ').filter((w) => w !== '');

export function parseCapabilities(lines: readonly Token[][]): SieveCapabilities {
  const found = new Map<string, string | undefined>();
  for (const [name, value] of lines) {
    if (name?.kind !== 'string') continue;
    found.set(name.value.toUpperCase(), value?.kind === 'string' ? value.value : undefined);
  }
  const redirects = Number(found.get('MAXREDIRECTS'));
  return {
    implementation: found.get('IMPLEMENTATION') ?? null,
    sasl: words(found.get('SASL')).map((w) => w.toUpperCase()),
    sieve: words(found.get('SIEVE')).map((w) => w.toLowerCase()),
    starttls: found.has('STARTTLS'),
    maxRedirects: found.has('MAXREDIRECTS') && Number.isSafeInteger(redirects) ? redirects : null,
    notify: words(found.get('NOTIFY')),
    version: found.get('VERSION') ?? null,
  };
}
