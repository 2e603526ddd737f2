// The proxy as a passthrough to a real JMAP server (issue 3, ADR 0017): for a provider
// with `jmapSessionUrl` the browser still talks only to the proxy — same origin, session
// cookie, Origin check — and the proxy forwards Session, API calls, uploads and downloads
// with the user's credentials. It reads and rewrites only the Session's URLs; requests
// and responses pass as they are.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Session } from '../../protocol/jmap-core.js';
import { MAX_SIZE_UPLOAD } from '../../protocol/limits.js';
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { ProviderConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { apiHeaders, readBody, sendJson } from '../http/json.js';
import { contentDisposition, contentTypeFor } from '../jmap/download.js';
import type { DownloadTarget } from '../jmap/download.js';
import { proxiedSession } from './session.js';
import { JmapUpstream, SESSION_REUSE_MS, UpstreamAuthError, UpstreamError } from './upstream.js';
import type { Credentials, UpstreamSession } from './upstream.js';

/** A session whose provider is a real JMAP server. */
export function isPassthrough(session: AuthenticatedSession): boolean {
  return session.provider.jmapSessionUrl !== undefined;
}

const credentialsOf = (s: AuthenticatedSession): Credentials => ({
  username: s.username,
  password: s.password,
});

/** Sign-in for a JMAP provider: the server's Session answers for these credentials. */
export async function verifyJmapLogin(
  provider: ProviderConfig,
  username: string,
  password: string,
  fetchImpl?: typeof fetch,
): Promise<boolean> {
  try {
    await new JmapUpstream(provider.jmapSessionUrl as string, fetchImpl).session({
      username,
      password,
    });
    return true;
  } catch (err) {
    if (err instanceof UpstreamAuthError) return false;
    throw err;
  }
}

/** Level-1 URI template expansion (RFC 6570) of the server's download/upload URLs. */
function expand(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(values[name] ?? ''),
  );
}

export class JmapPassthrough {
  readonly #upstreams = new Map<string, JmapUpstream>();
  readonly #sessions = new Map<string, { at: number; value: Promise<UpstreamSession> }>();

  constructor(private readonly fetchImpl: typeof fetch = globalThis.fetch) {}

  upstream(provider: ProviderConfig): JmapUpstream {
    let upstream = this.#upstreams.get(provider.id);
    if (!upstream) {
      upstream = new JmapUpstream(provider.jmapSessionUrl as string, this.fetchImpl);
      this.#upstreams.set(provider.id, upstream);
    }
    return upstream;
  }

  /** The server's Session for this proxy session, reused for SESSION_REUSE_MS. */
  sessionOf(session: AuthenticatedSession, fresh = false): Promise<UpstreamSession> {
    const known = this.#sessions.get(session.sessionId);
    if (!fresh && known && Date.now() - known.at < SESSION_REUSE_MS) return known.value;
    const value = this.upstream(session.provider).session(credentialsOf(session));
    this.#sessions.set(session.sessionId, { at: Date.now(), value });
    value.catch(() => this.#sessions.delete(session.sessionId));
    return value;
  }

  forget(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  /** GET /jmap/session: the server's, fetched afresh, with the proxy's URLs. */
  async sendSession(res: ServerResponse, session: AuthenticatedSession): Promise<Session> {
    const upstream = await this.sessionOf(session, true);
    const body = proxiedSession(upstream.session);
    sendJson(res, 200, body);
    return body;
  }

  /** POST /jmap: the request as it came (already checked as JSON of a bounded size). */
  async api(res: ServerResponse, session: AuthenticatedSession, body: Buffer): Promise<void> {
    const upstream = await this.sessionOf(session);
    const reply = await this.upstream(session.provider).send(
      upstream.apiUrl,
      credentialsOf(session),
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: new Uint8Array(body),
      },
    );
    const text = await reply.text();
    res.writeHead(reply.status, {
      ...apiHeaders(),
      'Content-Type': reply.headers.get('content-type') ?? 'application/json; charset=utf-8',
    });
    res.end(text);
  }

  /** POST /jmap/upload/{accountId}/ (RFC 8620 §6.1), passed on whole. */
  async upload(
    req: IncomingMessage,
    res: ServerResponse,
    session: AuthenticatedSession,
    accountId: string,
  ): Promise<void> {
    const bytes = await readBody(req, MAX_SIZE_UPLOAD);
    const upstream = await this.sessionOf(session);
    const url = new URL(expand(upstream.uploadUrl, { accountId }));
    const reply = await this.upstream(session.provider).send(url, credentialsOf(session), {
      method: 'POST',
      headers: { 'Content-Type': req.headers['content-type'] ?? 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
    const text = await reply.text();
    res.writeHead(reply.status, {
      ...apiHeaders(),
      'Content-Type': reply.headers.get('content-type') ?? 'application/json; charset=utf-8',
    });
    res.end(text);
  }

  /** GET /jmap/download/… (RFC 8620 §6.2), streamed; typed and named by the proxy's rules. */
  async download(
    req: IncomingMessage,
    res: ServerResponse,
    session: AuthenticatedSession,
    target: DownloadTarget,
  ): Promise<void> {
    const accept = new URL(req.url ?? '/', 'http://localhost').searchParams.get('accept');
    const upstream = await this.sessionOf(session);
    const url = new URL(
      expand(upstream.downloadUrl, {
        accountId: target.accountId,
        blobId: target.blobId,
        name: target.name,
        type: accept ?? 'application/octet-stream',
      }),
    );
    const reply = await this.upstream(session.provider).send(url, credentialsOf(session));
    if (reply.status === 404) throw new HttpError(404, 'blobNotFound', 'There is no such blob.');
    if (!reply.ok || !reply.body)
      throw new UpstreamError(`the JMAP server answered ${reply.status} for a download`);
    const length = reply.headers.get('content-length');
    res.writeHead(200, {
      // Active types are neutralized as for the IMAP facade's own downloads.
      'Content-Type': contentTypeFor(accept ?? reply.headers.get('content-type')),
      ...(length ? { 'Content-Length': length } : {}),
      'Content-Disposition': contentDisposition(target.name),
      'Cache-Control': 'private, immutable',
    });
    if (req.method === 'HEAD') {
      res.end();
      await reply.body.cancel();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      Readable.fromWeb(reply.body as WebReadableStream<Uint8Array>)
        .on('error', reject)
        .pipe(res)
        .on('finish', resolve)
        .on('error', reject);
    });
  }
}
