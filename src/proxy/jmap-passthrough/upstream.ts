// A real JMAP server behind the proxy (ADR 0017): its Session, API, upload and download,
// reached with the user's credentials as HTTP Basic. Every URL the server hands out is
// resolved against the configured session URL and must stay on that origin — a server
// (or whoever answers for it) cannot point the proxy at another host. Redirects are
// followed by hand, on the same origin only (Cyrus answers /.well-known/jmap with a 301).
import type { Session } from '../../protocol/jmap-core.js';

/** A JMAP call that takes longer than this is a server in trouble, not a slow answer. */
export const UPSTREAM_TIMEOUT_MS = 30_000;
/** Same-origin redirects followed (the well-known URL to the session, once). */
const MAX_REDIRECTS = 3;
/**
 * How long a proxy session reuses the server's Session: its URLs and account ids rarely
 * change, and the API needs its apiUrl on every call.
 */
export const SESSION_REUSE_MS = 60_000;

export class UpstreamAuthError extends Error {
  override name = 'UpstreamAuthError';
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    message: string,
    readonly status = 502,
  ) {
    super(message);
  }
}

export interface Credentials {
  username: string;
  password: string;
}

/** The server's Session with its URLs made absolute (and checked). */
export interface UpstreamSession {
  session: Session;
  apiUrl: URL;
  downloadUrl: string;
  uploadUrl: string;
  eventSourceUrl: string | null;
}

export function basicAuth({ username, password }: Credentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** `raw` resolved against the session URL; null when it leaves the session URL's origin. */
export function sameOrigin(raw: string, base: URL): URL | null {
  // Templates keep their {placeholders}; only the part before them decides the origin.
  let url: URL;
  try {
    url = new URL(
      raw.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D')),
      base,
    );
  } catch {
    return null;
  }
  return url.origin === base.origin ? url : null;
}

/** A URL template from the Session, absolute, placeholders as they were. */
function template(raw: unknown, base: URL, what: string): string {
  if (typeof raw !== 'string') throw new UpstreamError(`the JMAP server gave no ${what}`);
  const url = sameOrigin(raw, base);
  if (!url) throw new UpstreamError(`the JMAP server's ${what} leaves its own origin`);
  return url.href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
}

export class JmapUpstream {
  readonly base: URL;

  constructor(
    sessionUrl: string,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {
    this.base = new URL(sessionUrl);
  }

  /** fetch with the credentials, a timeout, and same-origin redirects only. */
  async send(url: URL, creds: Credentials, init: RequestInit = {}): Promise<Response> {
    let target = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      let res: Response;
      try {
        res = await this.fetchImpl(target, {
          ...init,
          redirect: 'manual',
          signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
          headers: { ...(init.headers as Record<string, string>), Authorization: basicAuth(creds) },
        });
      } catch (err) {
        throw new UpstreamError(
          `the JMAP server cannot be reached (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      if (res.status === 401)
        throw new UpstreamAuthError('the JMAP server refused the credentials');
      if (res.status < 300 || res.status >= 400) return res;
      const next = sameOrigin(res.headers.get('location') ?? '', target);
      if (!next) throw new UpstreamError('the JMAP server redirected to another origin');
      target = next;
    }
    throw new UpstreamError('the JMAP server redirected too many times');
  }

  /** The server's Session for these credentials (UpstreamAuthError when refused). */
  async session(creds: Credentials): Promise<UpstreamSession> {
    const res = await this.send(this.base, creds, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new UpstreamError(`the JMAP server answered ${res.status} for its Session`);
    const session = (await res.json().catch(() => null)) as Session | null;
    if (!session || typeof session !== 'object' || typeof session.capabilities !== 'object')
      throw new UpstreamError('the JMAP server did not answer a Session');
    const apiUrl = sameOrigin(String(session.apiUrl ?? ''), this.base);
    if (!apiUrl) throw new UpstreamError("the JMAP server's apiUrl leaves its own origin");
    return {
      session,
      apiUrl,
      downloadUrl: template(session.downloadUrl, this.base, 'downloadUrl'),
      uploadUrl: template(session.uploadUrl, this.base, 'uploadUrl'),
      eventSourceUrl: session.eventSourceUrl
        ? template(session.eventSourceUrl, this.base, 'eventSourceUrl')
        : null,
    };
  }
}
