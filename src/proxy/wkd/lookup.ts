// PGP-1: a Web Key Directory lookup for one address (draft-koch-openpgp-webkey-service §3.1):
// the advanced method first (openpgpkey.<domain>), then the direct one (<domain>) when the
// advanced one gives no key — as Thunderbird and OpenPGP.js do, because many domains have
// a wildcard DNS record that makes openpgpkey.<domain> exist without serving keys. Each
// host name is resolved here and refused when ANY of its addresses is not public (the
// same rule as user-typed mail hosts, security/upstream-guard.ts); the checked address is
// the one dialled.
import { lookup } from 'node:dns/promises';
import type { WkdUrls } from '../../pgp/wkd.js';
import type { WkdTestOptions } from '../config/types.js';
import { isForbiddenAddress } from '../security/upstream-guard.js';
import { fetchKey } from './fetch-key.js';
import type { FetchOutcome, WkdFailureCode } from './fetch-key.js';

/**
 * Time for one method (name resolution, connection, TLS and the whole answer). A WKD
 * server answers a few KB in well under a second; two methods at most keep the user's
 * "Look up key" under 10 s even when both hosts hang.
 */
export const WKD_TIMEOUT_MS = 5_000;

/** HTTPS only: the draft requires it, and it is what authenticates the domain's answer. */
const HTTPS_PORT = 443;

/** DNS answers meaning "this name does not exist" (as opposed to a failing resolver). */
const NO_SUCH_NAME = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME']);

export class WkdLookupFailure extends Error {
  override name = 'WkdLookupFailure';
  constructor(readonly code: WkdFailureCode) {
    super(`WKD lookup failed: ${code}`);
  }
}

type Resolve = (host: string) => Promise<readonly string[]>;

const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** The key bytes, or null when the domain publishes none; throws WkdLookupFailure. */
export async function lookupWkdKey(
  urls: WkdUrls,
  options: WkdTestOptions = {},
): Promise<Uint8Array | null> {
  const advanced = await tryUrl(new URL(urls.advanced), options);
  if (advanced.kind === 'key') return advanced.bytes;
  const direct = await tryUrl(new URL(urls.direct), options);
  if (direct.kind === 'key') return direct.bytes;
  if (direct.kind === 'absent') return null;
  throw new WkdLookupFailure(direct.code);
}

async function tryUrl(url: URL, options: WkdTestOptions): Promise<FetchOutcome> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? WKD_TIMEOUT_MS);
  const allowed = new Set(options.allowAddresses ?? []);
  let addresses: readonly string[];
  try {
    addresses = await untilAborted((options.resolve ?? systemResolve)(url.hostname), signal);
  } catch (err) {
    if (signal.aborted) return { kind: 'failed', code: 'timeout' };
    const code = (err as { code?: unknown }).code;
    // No such name: nothing published there (the usual case for openpgpkey.<domain>).
    return typeof code === 'string' && NO_SUCH_NAME.has(code)
      ? { kind: 'absent' }
      : { kind: 'failed', code: 'unreachable' };
  }
  if (addresses.length === 0) return { kind: 'absent' };
  // Any refused address refuses the name: DNS round-robin could hand out the private one later.
  if (addresses.some((a) => isForbiddenAddress(a) && !allowed.has(a)))
    return { kind: 'failed', code: 'refused' };
  return fetchKey({
    url,
    address: addresses[0] as string,
    port: options.port ?? HTTPS_PORT,
    ...(options.ca ? { ca: options.ca } : {}),
    signal,
  });
}

/** `work`, or a rejection as soon as `signal` aborts (getaddrinfo itself cannot be cancelled). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
