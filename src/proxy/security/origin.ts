// Same-origin guard for writes (CSRF), and the rule for which origin and which cookie a
// request gets. The server's own origin is BUZON_PUBLIC_ORIGIN when set (Buzón behind a
// TLS reverse proxy); unset, the API answers only plain HTTP on loopback, where the
// origin is `http://<Host>` and the Host must be a loopback name: that also stops DNS
// rebinding (evil.example re-pointed at 127.0.0.1 sends Host: evil.example).
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { BuzonConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for `localhost`, `127.0.0.1`, `[::1]`, with or without a port. */
export function isLoopbackHostHeader(hostHeader: string): boolean {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_NAMES.has(host);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/** How the session cookie may be set for this request; `null`: not at all (plain HTTP off loopback). */
export type CookieMode = 'secure' | 'loopback-dev' | null;

export function cookieModeFor(req: IncomingMessage, config: BuzonConfig): CookieMode {
  if (config.publicOrigin) {
    return config.publicOrigin.startsWith('https:') ? 'secure' : 'loopback-dev';
  }
  const host = req.headers.host;
  if (host && isLoopbackHostHeader(host) && isLoopbackAddress(req.socket.remoteAddress))
    return 'loopback-dev';
  return null;
}

/** The origin a write on this request must carry, or null when the API is unavailable here. */
export function expectedOrigin(req: IncomingMessage, config: BuzonConfig): string | null {
  if (config.publicOrigin) return config.publicOrigin;
  if (cookieModeFor(req, config) === null) return null;
  return `http://${(req.headers.host ?? '').toLowerCase()}`;
}

/** The refusal when the API is reached over plain HTTP from elsewhere than loopback. */
export function httpsRequired(): HttpError {
  return new HttpError(
    403,
    'httpsRequired',
    'Signing in needs HTTPS. Serve Buzón behind a TLS reverse proxy and set BUZON_PUBLIC_ORIGIN=https://your.host.',
  );
}

/** Throws 403 unless a write (anything but GET/HEAD) carries exactly the server's own Origin. */
export function assertSameOrigin(req: IncomingMessage, config: BuzonConfig): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') {
    throw new HttpError(
      403,
      'originRequired',
      'This request has no Origin header, so it was refused.',
    );
  }
  const expected = expectedOrigin(req, config);
  if (expected === null) throw httpsRequired();
  if (origin.toLowerCase() !== expected) {
    throw new HttpError(
      403,
      'foreignOrigin',
      'This request came from another site, so it was refused.',
    );
  }
}

/** The client's IP: the socket peer, or the last X-Forwarded-For hop when the operator trusts its proxy. */
export function clientIp(req: IncomingMessage, config: BuzonConfig): string {
  if (config.trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
      .split(',')
      .pop()
      ?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
