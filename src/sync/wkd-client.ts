// PGP-1: the page's Web Key Directory lookup, through the proxy's POST /wkd
// (src/proxy/wkd/routes.ts): same origin, with the session cookie, like the other small
// clients (json-api.ts). The address goes in the body, never in the URL. The answer is
// the key's bytes as the domain published them (binary OpenPGP), read by the caller.
import { isWkdAddress, WKD_MAX_KEY_BYTES } from '../pgp/wkd.js';

/** The proxy's route (src/proxy/wkd/routes.ts WKD_PATH). */
const WKD_PATH = '/wkd';

/**
 * `offline` the proxy cannot be reached; `notSignedIn`; `invalidAddress`; `rateLimited`;
 * `refused` the domain is on a private network; `timeout`; `tooLarge`; `unreachable` the
 * key server failed; `unavailable` this proxy has no WKD route; `httpError` anything else.
 */
export type WkdErrorCode =
  | 'offline'
  | 'notSignedIn'
  | 'invalidAddress'
  | 'rateLimited'
  | 'refused'
  | 'timeout'
  | 'tooLarge'
  | 'unreachable'
  | 'unavailable'
  | 'httpError';

export class WkdLookupError extends Error {
  override name = 'WkdLookupError';
  constructor(
    readonly code: WkdErrorCode,
    /** The proxy's HTTP status; 0 when there was no answer. */
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

/** The proxy's problem types (without `urn:buzon:error:`) → what the caller can act on. */
const CODES: ReadonlyMap<string, WkdErrorCode> = new Map([
  ['notSignedIn', 'notSignedIn'],
  ['invalidAddress', 'invalidAddress'],
  ['unsafeInput', 'invalidAddress'],
  ['tooManyLookups', 'rateLimited'],
  ['wkdRefused', 'refused'],
  ['wkdTimeout', 'timeout'],
  ['wkdTooLarge', 'tooLarge'],
  ['wkdUnreachable', 'unreachable'],
]);

/** For Node tests, which have no cookie jar and no page origin. */
export interface WkdFetcherOptions {
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

/**
 * A lookup function for `base` ("" = this page's origin): the published key's bytes, null
 * when the address's domain publishes none, or a WkdLookupError.
 */
export function createWkdFetcher(
  base = '',
  opts: WkdFetcherOptions = {},
): (address: string) => Promise<Uint8Array | null> {
  const doFetch =
    opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  return async (address) => {
    if (!isWkdAddress(address))
      throw new WkdLookupError('invalidAddress', 0, 'This is not an e-mail address.');
    let res: Response;
    try {
      res = await doFetch(`${base}${WKD_PATH}`, {
        method: 'POST',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { ...opts.headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ address }),
      });
    } catch {
      throw new WkdLookupError('offline', 0, 'The server cannot be reached right now.');
    }
    if (res.ok) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      // The proxy already caps it; a page never trusts a size it did not check.
      if (bytes.byteLength > WKD_MAX_KEY_BYTES)
        throw new WkdLookupError('tooLarge', res.status, 'The published key is too large.');
      return bytes;
    }
    const problem = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    const type = typeof problem['type'] === 'string' ? problem['type'] : '';
    const code = type.replace(/^urn:buzon:error:/, '');
    if (res.status === 404 && code === 'noKey') return null;
    const detail = typeof problem['detail'] === 'string' ? problem['detail'] : `HTTP ${res.status}`;
    const mapped = CODES.get(code) ?? (res.status === 404 ? 'unavailable' : 'httpError');
    throw new WkdLookupError(mapped, res.status, detail);
  };
}
