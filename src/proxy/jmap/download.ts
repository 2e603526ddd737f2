// Blob download (RFC 8620 §6.2): GET /jmap/download/{accountId}/{blobId}/{name}?accept=…
// A blob is a whole message (blobId = email id); its raw RFC 5322 bytes come from
// FETCH BODY.PEEK[] and are never changed or cached by the proxy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isId } from '../../protocol/validate.js';
import { HttpError } from '../http/errors.js';
import { fetchSource } from '../imap/messages.js';
import type { JmapContext } from './context.js';
import { inMailbox, locate } from './email-index.js';

export const DOWNLOAD_PREFIX = '/jmap/download/';

const DEFAULT_TYPE = 'message/rfc822';
/** RFC 6838 type/subtype (no parameters): anything else falls back to the default. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
/** Types a browser would run as a document or script; served as opaque bytes instead. */
const ACTIVE_TYPE = /html|xml|svg|javascript|ecmascript|json|pdf/i;
/** Longest file name we put in Content-Disposition; file systems stop at 255. */
const MAX_FILENAME_CHARS = 200;

export interface DownloadTarget {
  accountId: string;
  blobId: string;
  name: string;
}

/** Splits the path after the prefix; null when it does not have exactly three segments. */
export function parseDownloadPath(pathname: string): DownloadTarget | null {
  if (!pathname.startsWith(DOWNLOAD_PREFIX)) return null;
  const parts = pathname.slice(DOWNLOAD_PREFIX.length).split('/');
  if (parts.length !== 3) return null;
  try {
    const [accountId, blobId, name] = parts.map((p) => decodeURIComponent(p)) as [
      string,
      string,
      string,
    ];
    return { accountId, blobId, name };
  } catch {
    return null;
  }
}

export function contentTypeFor(accept: string | null): string {
  const type = accept?.trim() ?? '';
  if (!MEDIA_TYPE.test(type)) return DEFAULT_TYPE;
  return ACTIVE_TYPE.test(type) ? 'application/octet-stream' : type.toLowerCase();
}

/** A file name safe in a header and on disk: no controls, separators or quotes. */
export function safeFilename(name: string): string {
  const cleaned = [...name]
    .map((c) =>
      c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || '"\\/:*?<>|'.includes(c) ? '_' : c,
    )
    .join('')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, MAX_FILENAME_CHARS);
  return cleaned || 'message.eml';
}

export function contentDisposition(name: string): string {
  const safe = safeFilename(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

export async function sendDownload(
  req: IncomingMessage,
  res: ServerResponse,
  target: DownloadTarget,
  ctx: JmapContext,
): Promise<void> {
  if (target.accountId !== ctx.accountId || !isId(target.blobId)) {
    throw new HttpError(404, 'blobNotFound', 'There is no such blob.');
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  // An upload not imported yet (RFC 8620 §6.1) is served as uploaded, typed by `accept`
  // or else by its upload's media type (active types neutralized either way).
  const upload = ctx.upload(target.blobId);
  let source: Buffer | null = upload?.bytes ?? null;
  const fallbackType = upload?.type.split(';')[0]?.trim() ?? null;
  for (const refresh of source === null ? [false, true] : []) {
    const where = (await locate(ctx, [target.blobId], refresh)).get(target.blobId);
    const mailbox = where && (await ctx.mailboxes()).find((m) => m.id === where.mailboxId);
    if (!where || !mailbox) continue;
    const row = await ctx.imap((client, cache) =>
      inMailbox(client, mailbox.path, () => fetchSource(client, cache, where.uid)),
    );
    if (row && row.id === target.blobId) {
      source = row.source;
      break;
    }
  }
  if (source === null) throw new HttpError(404, 'blobNotFound', 'There is no such blob.');
  res.writeHead(200, {
    'Content-Type': contentTypeFor(url.searchParams.get('accept') ?? fallbackType),
    'Content-Length': source.length,
    'Content-Disposition': contentDisposition(target.name),
    // A blob id names fixed bytes (a changed message is a new message with a new id).
    'Cache-Control': 'private, immutable',
  });
  res.end(req.method === 'HEAD' ? undefined : source);
}
