// PGP-1: one WKD request — an HTTPS GET of one URL, dialled at an address the caller has
// already checked (so a name cannot be re-pointed at 127.0.0.1 between the check and the
// connection), with the name kept for SNI and the certificate check. No redirects, no
// cookies, no pooled connections; the body is cut off at WKD_MAX_KEY_BYTES.
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { WKD_MAX_KEY_BYTES } from '../../pgp/wkd.js';

/** What one URL answered. */
export type FetchOutcome =
  | { kind: 'key'; bytes: Uint8Array }
  /** 404/410, or a 200 that is not a key (a site answering every path with its home page). */
  | { kind: 'absent' }
  | { kind: 'failed'; code: WkdFailureCode };

/**
 * Why a lookup failed: `refused` the name is on a private or local network; `timeout` no
 * answer in time; `tooLarge` over WKD_MAX_KEY_BYTES; `unreachable` no connection, a TLS
 * failure, a redirect or another HTTP status.
 */
export type WkdFailureCode = 'refused' | 'timeout' | 'tooLarge' | 'unreachable';

export interface FetchTarget {
  url: URL;
  /** The checked IP to connect to. */
  address: string;
  port: number;
  /** PEM CA for tests; unset: the system's CAs. */
  ca?: string;
  signal: AbortSignal;
}

/** RFC 4880 §4.2 packet tag 6: a transferable public key starts with its Public-Key packet. */
const PUBLIC_KEY_TAG = 6;

/** True when the bytes start with an OpenPGP Public-Key packet (old or new header format). */
export function startsWithPublicKey(bytes: Uint8Array): boolean {
  const first = bytes[0];
  if (first === undefined || (first & 0x80) === 0) return false;
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
  return tag === PUBLIC_KEY_TAG;
}

export function fetchKey(target: FetchTarget): Promise<FetchOutcome> {
  const { url, signal } = target;
  return new Promise((resolve) => {
    const req = request(
      {
        host: target.address,
        port: target.port,
        servername: url.hostname,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        // Only what the draft needs: no cookies, no Referer, nothing about the user.
        headers: { Host: url.hostname, Accept: 'application/octet-stream' },
        agent: false,
        signal,
        ...(target.ca ? { ca: target.ca } : {}),
      },
      (res) => void readAnswer(res, signal).then(resolve),
    );
    req.on('error', () =>
      resolve({ kind: 'failed', code: signal.aborted ? 'timeout' : 'unreachable' }),
    );
    req.end();
  });
}

async function readAnswer(res: IncomingMessage, signal: AbortSignal): Promise<FetchOutcome> {
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    res.destroy();
    // 3xx too: a redirect would need its own address check, and the draft says not to use them.
    return status === 404 || status === 410
      ? { kind: 'absent' }
      : { kind: 'failed', code: 'unreachable' };
  }
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (declared > WKD_MAX_KEY_BYTES) {
    res.destroy();
    return { kind: 'failed', code: 'tooLarge' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > WKD_MAX_KEY_BYTES) {
        res.destroy();
        return { kind: 'failed', code: 'tooLarge' };
      }
      chunks.push(chunk);
    }
  } catch {
    return { kind: 'failed', code: signal.aborted ? 'timeout' : 'unreachable' };
  }
  const bytes = new Uint8Array(Buffer.concat(chunks));
  return startsWithPublicKey(bytes) ? { kind: 'key', bytes } : { kind: 'absent' };
}
