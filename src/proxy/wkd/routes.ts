// PGP-1: Web Key Directory lookups for the page.
//   POST /wkd  { address } → 200 application/octet-stream: the binary key as published
//              404 noKey: the domain publishes no key for it
//              400 invalidAddress / unsafeInput, 401 notSignedIn, 429 tooManyLookups,
//              403 wkdRefused (the domain is on a private or local network),
//              504 wkdTimeout, 502 wkdTooLarge / wkdUnreachable
// Why through the proxy: the key's domain is another origin (CORS would refuse most), and
// the lookup tells that domain whom the user is about to write to; asked by the proxy, it
// learns the proxy's IP, not the user's. Why POST with a JSON body: the address never sits
// in a URL, so neither this proxy's nor a reverse proxy's access log holds it (the app
// logs a failing request's URL). The address is never logged here either.
// Why a signed-in session: without one the route would be an open HTTPS fetcher anyone on
// the Internet could aim at any domain (hiding their own IP behind the operator's); the
// session also keys the rate limit. A user with no mail account has nobody to look up.
import type { IncomingMessage } from 'node:http';
import { wkdUrls } from '../../pgp/wkd.js';
import type { SessionManager } from '../auth/sessions.js';
import type { BuzonConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { apiHeaders, readJsonBody } from '../http/json.js';
import type { Router } from '../http/router.js';
import { assertNoCrLf } from '../security/crlf.js';
import { SlidingWindowLimiter } from '../security/rate-limit.js';
import type { Logger } from '../security/redact.js';
import type { WkdFailureCode } from './fetch-key.js';
import { lookupWkdKey, WkdLookupFailure } from './lookup.js';

export const WKD_PATH = '/wkd';

/** The body is `{"address": "…"}`: an address is at most 254 characters, JSON escapes a little. */
const WKD_BODY_LIMIT_BYTES = 2 * 1024;

/**
 * Lookups per session: the composer looks up each new recipient once, so even a message to
 * 50 new people stays well under it; a runaway tab or a script probing domains through the
 * operator's server does not get far.
 */
export const WKD_LOOKUPS = { limit: 100, windowMs: 10 * 60 * 1000 };

/** What the user is told for each way a lookup fails. */
const FAILURES: Record<WkdFailureCode, [status: number, code: string, detail: string]> = {
  refused: [
    403,
    'wkdRefused',
    "This address's domain is on a private or local network, which Buzón does not connect to.",
  ],
  timeout: [504, 'wkdTimeout', "The address's key server did not answer in time."],
  tooLarge: [
    502,
    'wkdTooLarge',
    'The key published for this address is too large to be a usable key, so it was not fetched.',
  ],
  unreachable: [
    502,
    'wkdUnreachable',
    "The address's key server could not be reached or gave no usable answer.",
  ],
};

export function registerWkdRoutes(
  router: Router,
  config: BuzonConfig,
  sessions: SessionManager,
  log: Logger,
): void {
  const lookups = new SlidingWindowLimiter(WKD_LOOKUPS.limit, WKD_LOOKUPS.windowMs);

  router.add('POST', WKD_PATH, async (req, res) => {
    const sessionId = await signedIn(req, sessions);
    const { address } = await readJsonBody(req, WKD_BODY_LIMIT_BYTES);
    if (typeof address !== 'string')
      throw new HttpError(400, 'invalidAddress', 'Send the e-mail address as "address".');
    assertNoCrLf(address, 'Address');
    const urls = await wkdUrls(address.trim());
    if (!urls) throw new HttpError(400, 'invalidAddress', 'This is not an e-mail address.');
    const decision = lookups.check(sessionId);
    if (!decision.allowed)
      throw new HttpError(429, 'tooManyLookups', 'Too many key lookups. Try again later.', {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    lookups.record(sessionId);

    let key: Uint8Array | null;
    try {
      key = await lookupWkdKey(urls, config.wkd);
    } catch (err) {
      if (!(err instanceof WkdLookupFailure)) throw err;
      log.warn('wkd lookup failed', { reason: err.code }); // never the address
      throw new HttpError(...FAILURES[err.code]);
    }
    if (!key) throw new HttpError(404, 'noKey', 'No key is published for this address.');
    res.writeHead(200, {
      ...apiHeaders(),
      'Content-Type': 'application/octet-stream',
      'Content-Length': key.byteLength,
    });
    res.end(key);
  });
}

async function signedIn(req: IncomingMessage, sessions: SessionManager): Promise<string> {
  const session = await sessions.authenticate(req);
  if (!session) throw new HttpError(401, 'notSignedIn', 'You are not signed in.');
  return session.sessionId;
}
