import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The app's own policy. Mail never runs in this document; it is rendered in sandboxed
 * `srcdoc` iframes, which inherit this policy and add their own stricter one. Remote
 * images are allowed here only so that the per-message policy can let them through
 * once the user asks (VIEW-2); the app itself loads nothing remote.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http: https:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self' blob: data: about:",
  "object-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Serves the built PWA from `root`; unknown paths fall back to index.html (SPA). */
export function createStaticHandler(root: string) {
  const rootDir = normalize(root + sep);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('Bad path');
      return;
    }
    if (pathname.includes('\0')) {
      res.writeHead(400).end('Bad path');
      return;
    }
    let file = normalize(join(rootDir, pathname));
    if (!file.startsWith(rootDir)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info) {
      file = join(rootDir, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info) {
        res.writeHead(503).end('The app is not built yet: run npm run build.');
        return;
      }
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    // Hashed assets never change; the shell and the service worker must always revalidate
    // so that a new version is noticed (PWA-1).
    const cache = pathname.startsWith('/assets/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': type,
      'Content-Length': info.size,
      'Cache-Control': cache,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
