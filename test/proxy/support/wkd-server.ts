// A loopback Web Key Directory for the proxy's WKD tests: an HTTPS server on 127.0.0.1:0
// with a throwaway certificate (made by openssl) for a few `.test` names, a real binary
// key for joe.doe, and one behaviour per local part (the `l=` parameter): a missing key, a
// key too large, a server that never answers, a redirect, a home page instead of a key.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import type { RunningBuzon } from './buzon.js';
import { WKD_MAX_KEY_BYTES } from '../../../src/pgp/wkd.js';

/** The names the certificate is valid for; anything else fails the TLS name check. */
export const CERT_NAMES = [
  'wkd.test',
  'openpgpkey.wkd.test',
  'direct.test',
  'wild.test',
  'openpgpkey.wild.test',
];

export interface SeenRequest {
  host: string;
  /** Path and query as requested. */
  path: string;
  /** Every request header name (lower-case), to check that nothing about the user is sent. */
  headerNames: string[];
}

export interface WkdServer {
  port: number;
  /** The certificate (self-signed, so also its own CA). */
  cert: string;
  /** The binary key served for joe.doe@… and its fingerprint. */
  key: Uint8Array;
  fingerprint: string;
  seen: SeenRequest[];
  stop(): Promise<void>;
}

function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'buzon-wkd-tls-'));
  try {
    const san = CERT_NAMES.map((n) => `DNS:${n}`).join(',');
    execFileSync(
      'openssl',
      [
        ...'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1'.split(' '),
        ...['-subj', '/CN=wkd.test', '-addext', `subjectAltName=${san}`],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Hosts answer by method: `openpgpkey.wkd.test` serves the advanced path, `direct.test`
 * and `wild.test` the direct one, `openpgpkey.wild.test` 404s everything (a wildcard DNS
 * record's web server). Local parts: joe.doe → the key; big → a key over the limit,
 * streamed; big-declared → the same announced in Content-Length; slow → no answer;
 * moved → 302; page → a 200 HTML page; anything else → 404.
 */
export async function startWkdServer(): Promise<WkdServer> {
  const tls = makeCertificate();
  const { publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Joe Doe', email: 'joe.doe@wkd.test' }],
    format: 'binary',
  });
  const fingerprint = (await openpgp.readKey({ binaryKey: publicKey })).getFingerprint();
  const seen: SeenRequest[] = [];
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const host = (req.headers.host ?? '').toLowerCase();
    const url = new URL(req.url ?? '/', 'https://x');
    seen.push({ host, path: req.url ?? '', headerNames: Object.keys(req.headers) });
    const advancedHost = host === 'openpgpkey.wkd.test';
    const directHost = host === 'direct.test' || host === 'wild.test';
    const shape = advancedHost
      ? /^\/\.well-known\/openpgpkey\/wkd\.test\/hu\/[a-z0-9]{32}$/
      : /^\/\.well-known\/openpgpkey\/hu\/[a-z0-9]{32}$/;
    if (!(advancedHost || directHost) || !shape.test(url.pathname)) {
      res.writeHead(404).end('not here');
      return;
    }
    const over = new Uint8Array(WKD_MAX_KEY_BYTES + 1);
    over.set(publicKey);
    switch (url.searchParams.get('l')) {
      case 'joe.doe':
      case 'Joe.Doe':
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(publicKey);
        return;
      case 'big':
        // No Content-Length: the proxy must count and stop on its own.
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.write(over.subarray(0, 64 * 1024));
        res.end(over.subarray(64 * 1024));
        return;
      case 'big-declared':
        res.writeHead(200, { 'Content-Length': over.byteLength }).end(over);
        return;
      case 'slow':
        return; // never answers; the proxy's time limit must end it
      case 'moved':
        res.writeHead(302, { Location: 'https://127.0.0.1/' }).end();
        return;
      case 'page':
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><p>Welcome');
        return;
      default:
        res.writeHead(404).end('no key');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cert: tls.cert,
    key: publicKey,
    fingerprint,
    seen,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Test name resolution: every name here is 127.0.0.1; any other does not exist. */
export function loopbackResolver(names: readonly string[]) {
  return async (host: string): Promise<readonly string[]> => {
    if (names.includes(host)) return ['127.0.0.1'];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };
}

/** A session as the sign-in route makes it (WKD needs no mail server); its Cookie header value. */
export function signIn(running: RunningBuzon): string {
  const provider = {
    id: 'test',
    name: 'Test',
    imap: { host: 'imap.test', port: 993, tls: 'implicit' as const },
  };
  const { setCookie } = running.app.sessions.create(
    { username: 'gus@example.org', password: 'secret' },
    provider,
    'loopback-dev',
  );
  return setCookie.split(';')[0] ?? '';
}
