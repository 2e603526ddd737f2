// SEND-15: GET /l/<token>, the recipient's download. Public (a recipient has no session
// here): the token is the credential. The file is sent as an attachment under a policy
// that would sandbox it even if a browser tried to show it, and is never cached.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { sendLinkPage } from './pages.js';
import { TOKEN_SHAPE } from './record.js';
import type { FoundLink, LinkStore } from './store.js';

export const LINK_PREFIX = '/l/';

/** The token of a `/l/<token>` path, '' for a path under the prefix that holds none, or null. */
export function parseLinkPath(pathname: string): string | null {
  if (!pathname.startsWith(LINK_PREFIX)) return null;
  return pathname.slice(LINK_PREFIX.length);
}

/** RFC 8187 attr-char: everything else is percent-encoded. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * RFC 6266 §4.3: `filename*` carries the real name (UTF-8, RFC 8187) and `filename` an
 * ASCII stand-in for old clients, with quotes, backslashes, `%` and anything outside
 * printable ASCII replaced.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_').trim() || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}

/** The headers of a file answer; the CSP replaces the app's own for this response. */
function fileHeaders(found: FoundLink): Record<string, string> {
  const { record } = found;
  return {
    'Content-Type': record.type,
    'Content-Length': String(record.size),
    'Content-Disposition': contentDisposition(record.filename),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Robots-Tag': 'noindex',
  };
}

/**
 * Answers one link: 404 page for an unknown token, 410 for an expired one, else the
 * file. `onFirstDownload` runs once per recipient token, on the first GET that starts
 * sending the file (HEAD never counts).
 */
export async function sendLinkedFile(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  store: LinkStore,
  onFirstDownload: (found: FoundLink, at: Date) => void,
): Promise<void> {
  const head = req.method === 'HEAD';
  const found = TOKEN_SHAPE.test(token) ? store.find(token) : undefined;
  if (!found) return sendLinkPage(res, 'unknown', {}, !head);
  if (store.isExpired(found.record)) return sendLinkPage(res, 'expired', {}, !head);
  const file = await store.open(found.record);
  if (!file) return sendLinkPage(res, 'unknown', {}, !head);
  if (head) {
    file.source.destroy();
    res.writeHead(200, fileHeaders(found)).end();
    return;
  }
  const first = store.markDownloaded(found);
  if (first) onFirstDownload(found, first);
  res.writeHead(200, fileHeaders(found));
  await new Promise<void>((resolve) => {
    // A failed tag check at the end, or a recipient who goes away, cuts the response:
    // the declared length is then not reached and the client sees a broken download.
    pipeline(file.source, file.stream, res, () => resolve());
  });
}
