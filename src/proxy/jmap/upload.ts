// Blob upload (RFC 8620 §6.1): POST /jmap/upload/{accountId}/ with the raw bytes. The
// app has already checked Origin (every POST); this needs a signed-in session and the
// session's own account. Bytes are held in memory by the UploadStore until Email/import.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlobUploadResponse } from '../../protocol/jmap-core.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import { HttpError } from '../http/errors.js';
import { readBody, sendJson } from '../http/json.js';
import type { UploadStore } from './blob-store.js';
import { accountIdOf } from './context.js';

export const UPLOAD_PREFIX = '/jmap/upload/';

/** What an upload without a Content-Type is (RFC 8620 §6.1 echoes the header's type). */
const DEFAULT_UPLOAD_TYPE = 'application/octet-stream';
/** A Content-Type worth echoing: printable ASCII, one line, a type/subtype first. */
const CONTENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][\x20-\x7e]*$/;
/** Longest Content-Type kept; real ones (with a charset or boundary) are far shorter. */
const MAX_TYPE_CHARS = 255;

/** The account id of an upload path (`/jmap/upload/{accountId}/`), or null if not one. */
export function parseUploadPath(pathname: string): string | null {
  if (!pathname.startsWith(UPLOAD_PREFIX)) return null;
  const rest = pathname.slice(UPLOAD_PREFIX.length);
  const accountId = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (accountId === '' || accountId.includes('/')) return null;
  try {
    return decodeURIComponent(accountId);
  } catch {
    return null;
  }
}

/** The upload's media type as sent, or application/octet-stream when it is not a clean one. */
export function uploadTypeOf(req: IncomingMessage): string {
  const type = (req.headers['content-type'] ?? '').trim();
  return type.length <= MAX_TYPE_CHARS && CONTENT_TYPE.test(type) ? type : DEFAULT_UPLOAD_TYPE;
}

/** Reads one upload into the store and answers 201 with the blob (RFC 8620 §6.1). */
export async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  accountId: string,
  session: AuthenticatedSession,
  store: UploadStore,
): Promise<void> {
  if (accountId !== accountIdOf(session)) {
    throw new HttpError(404, 'accountNotFound', 'There is no such account in this session.');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  // A declared size that cannot fit is refused before a byte is read.
  if (Number.isSafeInteger(declared)) store.makeRoom(session.sessionId, declared);
  const release = store.begin(session.sessionId);
  let bytes: Buffer;
  try {
    bytes = await readBody(req, store.limits.maxBlobBytes);
  } catch (err) {
    if (err instanceof HttpError && err.status === 413) {
      throw new HttpError(
        413,
        'tooLarge',
        `The upload is larger than ${store.limits.maxBlobBytes} bytes (maxSizeUpload).`,
        err.headers,
      );
    }
    throw err;
  } finally {
    release();
  }
  const blob = store.put(session.sessionId, bytes, uploadTypeOf(req));
  const body: BlobUploadResponse = {
    accountId,
    blobId: blob.blobId,
    type: blob.type,
    size: blob.bytes.length,
  };
  sendJson(res, 201, body);
}
