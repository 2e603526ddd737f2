// JSON in and out. Bodies are read with a hard size cap (the connection is cut off at
// the cap, not after buffering everything), and only as application/json: a form post
// from another site cannot send that type without a CORS preflight, which we never grant.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from '../static-files.js';
import { HttpError } from './errors.js';

/** Sign-in bodies hold a provider id, a username and a password: 8 KiB is generous. */
export const AUTH_BODY_LIMIT_BYTES = 8 * 1024;

/** Headers on every API response: the app's security headers, and never cached. */
export function apiHeaders(): Record<string, string> {
  return { ...securityHeaders(), 'Cache-Control': 'no-store' };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...apiHeaders(),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendNoContent(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(204, { ...apiHeaders(), ...headers }).end();
}

/** Problem details (RFC 9457) for a refused request. */
export function sendError(res: ServerResponse, error: HttpError): void {
  const text = JSON.stringify({
    type: `urn:buzon:error:${error.code}`,
    status: error.status,
    detail: error.detail,
  });
  res.writeHead(error.status, {
    ...apiHeaders(),
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...error.headers,
  });
  res.end(text);
}

/**
 * Reads the raw body, refusing it with 413 as soon as it passes `limitBytes`: a declared
 * Content-Length over the cap is refused before reading, a streamed body at the first
 * chunk over it. The 413 closes the connection, so the unread rest is never buffered.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limitBytes) return Promise.reject(tooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Reads a JSON object body of at most `limitBytes`; 415 for another type, 400 for bad JSON. */
export async function readJsonBody(
  req: IncomingMessage,
  limitBytes: number,
): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupportedMediaType', 'Send the request as application/json.');
  }
  const raw = await readBody(req, limitBytes);
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'notJson', 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'notJson', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, 'tooLarge', `The request body is larger than ${limitBytes} bytes.`, {
    Connection: 'close',
  });
}
