// The browser's JMAP client (RFC 8620) for the proxy: one POST per request, typed errors
// the sync engine acts on, and raw blob downloads. Same origin: the session cookie goes
// with every call and nothing here ever sees a password.
import type { Invocation, Session } from '../protocol/jmap-core.js';
import { CORE_CAPABILITY } from '../protocol/jmap-core.js';
import { MAIL_CAPABILITY } from '../protocol/jmap-mail.js';
import {
  decodeOctets,
  OCTETS_CAPABILITY,
  OCTETS_MEDIA_TYPE,
  OctetsFramingError,
} from '../protocol/jmap-octets.js';

/** The network is down or the proxy cannot be reached: queue and wait for `online`. */
export class OfflineError extends Error {
  override name = 'OfflineError';
}

/** 401: the proxy session ended; the queue pauses until the user signs in again. */
export class SignedOutError extends Error {
  override name = 'SignedOutError';
}

/** The proxy or the mail server failed (5xx, a request-level problem). Retried with backoff. */
export class ServerError extends Error {
  override name = 'ServerError';
  constructor(
    message: string,
    readonly status: number,
    /** The proxy's problem code (`serverCertificateInvalid`…), when it sent one. */
    readonly type?: string,
  ) {
    super(message);
  }
}

/** The proxy's problem types are `urn:buzon:error:<code>` (src/proxy/http/errors.ts). */
const PROBLEM_PREFIX = 'urn:buzon:error:';

/** A method answered `["error", {type}]` (RFC 8620 §3.6.2). */
export class MethodCallError extends Error {
  override name = 'MethodCallError';
  constructor(
    readonly type: string,
    readonly method: string,
    description: string | undefined,
  ) {
    super(`${method}: ${type}${description ? ` (${description})` : ''}`);
  }
}

export interface JmapClientOptions {
  /** Where the proxy is; "" = this page's origin. Node tests pass the test server's origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Extra headers on every call (Node tests: Cookie and Origin, as a browser sends). */
  headers?: Record<string, string>;
  /**
   * The JMAP account to work in when it is not the session's primary mail account: a
   * mailbox another user shares (SHARED-2, ADR 0013).
   */
  accountId?: string;
}

const USING = [CORE_CAPABILITY, MAIL_CAPABILITY];

export class JmapClient {
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  private readonly headers: Record<string, string>;
  private sessionPromise: Promise<Session> | null = null;
  /** True while the Session is being fetched (refreshSession keeps that fetch). */
  private sessionPending = false;
  private readonly fixedAccountId: string | undefined;

  constructor(opts: JmapClientOptions = {}) {
    this.fixedAccountId = opts.accountId;
    this.base = opts.baseUrl ?? '';
    this.doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.headers = opts.headers ?? {};
  }

  private async send(path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await this.doFetch(`${this.base}${path}`, {
        credentials: 'same-origin',
        cache: 'no-store',
        ...init,
        headers: { ...this.headers, ...(init.headers as Record<string, string> | undefined) },
      });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new OfflineError(err instanceof Error ? err.message : String(err));
    }
    if (res.status === 401) throw new SignedOutError('The mail server wants you to sign in again.');
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let detail = text.slice(0, 300);
      let type: string | undefined;
      try {
        const json = JSON.parse(text) as { detail?: string; message?: string; type?: unknown };
        detail = json.detail ?? json.message ?? detail;
        if (typeof json.type === 'string' && json.type.startsWith(PROBLEM_PREFIX)) {
          type = json.type.slice(PROBLEM_PREFIX.length);
        }
      } catch {
        // Not JSON: keep the text.
      }
      // A gateway error means the proxy is there but the server is not: retry later.
      throw new ServerError(detail || `HTTP ${res.status}`, res.status, type);
    }
    return res;
  }

  /** The JMAP session (RFC 8620 §2), fetched once per client. */
  session(): Promise<Session> {
    if (this.sessionPromise) return this.sessionPromise;
    const fetching = this.send('/jmap/session').then((r) => r.json() as Promise<Session>);
    this.sessionPromise = fetching;
    this.sessionPending = true;
    fetching.then(
      () => (this.sessionPending = false),
      () => {
        // Asked again at the next need.
        this.sessionPending = false;
        this.sessionPromise = null;
      },
    );
    return fetching;
  }

  /**
   * Fetches the Session again at the next need (e.g. to learn that a share ended). A fetch
   * still under way is kept: its answer is as fresh, and the proxy answers each Session
   * from a new IMAP connection (a page start asked twice at once: quota and the menu).
   */
  refreshSession(): void {
    if (!this.sessionPending) this.sessionPromise = null;
  }

  /** Whether the Session lists the account (the user's own, or one shared with them). */
  async listsAccount(accountId: string): Promise<boolean> {
    const s = await this.session();
    return Object.hasOwn(s.accounts ?? {}, accountId);
  }

  async accountId(): Promise<string> {
    if (this.fixedAccountId !== undefined) return this.fixedAccountId;
    const s = await this.session();
    const id = s.primaryAccounts[MAIL_CAPABILITY];
    if (!id) throw new ServerError('The server offers no mail account.', 500);
    return id;
  }

  /**
   * Sends the calls; returns the responses in order (error invocations included).
   * `using` adds capabilities beyond core and mail (e.g. quota, submission).
   */
  async request(
    calls: Invocation[],
    signal?: AbortSignal,
    using: readonly string[] = [],
  ): Promise<Invocation[]> {
    const res = await this.post(calls, signal, using);
    const body = (await res.json()) as { methodResponses?: Invocation[] };
    return body.methodResponses ?? [];
  }

  /** POSTs a JMAP request with core, mail and `using` (RFC 8620 §3.3). */
  private async post(
    calls: Invocation[],
    signal: AbortSignal | undefined,
    using: readonly string[],
  ): Promise<Response> {
    const s = await this.session();
    return this.send(s.apiUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ using: [...USING, ...using], methodCalls: calls }),
      ...(signal ? { signal } : {}),
    });
  }

  /**
   * Sends calls that ask for bytes as octets (protocol/jmap-octets.ts, with the capability
   * added to `using`): the responses, and the octets their OctetsRefs point into. A
   * server that answers plain JSON all the same gives no octets.
   */
  async requestOctets(
    calls: Invocation[],
    signal?: AbortSignal,
    using: readonly string[] = [],
  ): Promise<{ responses: Invocation[]; octets: Uint8Array }> {
    const res = await this.post(calls, signal, [...using, OCTETS_CAPABILITY]);
    const type = (res.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== OCTETS_MEDIA_TYPE) {
      const body = (await res.json()) as { methodResponses?: Invocation[] };
      return { responses: body.methodResponses ?? [], octets: new Uint8Array(0) };
    }
    let decoded: { json: unknown; octets: Uint8Array };
    try {
      decoded = decodeOctets(await res.arrayBuffer());
    } catch (err) {
      if (!(err instanceof OctetsFramingError) && !(err instanceof SyntaxError)) throw err;
      // The server's answer is broken: a gateway-like failure, retried by the next pass.
      throw new ServerError(`The server's framed answer is broken: ${err.message}`, 502);
    }
    const body = decoded.json as { methodResponses?: Invocation[] } | null;
    return { responses: body?.methodResponses ?? [], octets: decoded.octets };
  }

  /** One call; a method error is thrown as MethodCallError. */
  async call<T>(
    name: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
    using: readonly string[] = [],
  ): Promise<T> {
    const [response] = await this.request([[name, args, '0']], signal, using);
    return unwrap<T>(response, name);
  }

  /** The raw bytes of a blob (RFC 8620 §6.2). */
  async download(blobId: string, signal?: AbortSignal): Promise<Uint8Array> {
    const s = await this.session();
    const accountId = await this.accountId();
    const path = s.downloadUrl
      .replace('{accountId}', encodeURIComponent(accountId))
      .replace('{blobId}', encodeURIComponent(blobId))
      .replace('{name}', 'message.eml')
      .replace('{type}', encodeURIComponent('message/rfc822'));
    const res = await this.send(path, signal ? { signal } : {});
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Uploads bytes (RFC 8620 §6.1); returns the blob id for Email/import. */
  async upload(bytes: Uint8Array, type: string, signal?: AbortSignal): Promise<string> {
    const s = await this.session();
    const accountId = await this.accountId();
    const path = s.uploadUrl.replace('{accountId}', encodeURIComponent(accountId));
    const res = await this.send(path, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body: bytes as Uint8Array<ArrayBuffer>,
      ...(signal ? { signal } : {}),
    });
    const json = (await res.json()) as { blobId?: string };
    if (!json.blobId) throw new ServerError('The upload answered no blob id.', 500);
    return json.blobId;
  }

  /** POSTs bytes to a proxy path (not JMAP: e.g. SEND-15's /links) and answers its JSON. */
  async postBytes(
    path: string,
    bytes: Uint8Array,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const res = await this.send(path, {
      method: 'POST',
      headers,
      body: bytes as Uint8Array<ArrayBuffer>,
      ...(signal ? { signal } : {}),
    });
    return res.json();
  }

  /** The push URL (RFC 8620 §7.3) for the given types. */
  async eventSourceUrl(types: string[], pingSeconds: number): Promise<string> {
    const s = await this.session();
    return `${this.base}${s.eventSourceUrl
      .replace('{types}', types.join(','))
      .replace('{closeafter}', 'no')
      .replace('{ping}', String(pingSeconds))}`;
  }
}

export function unwrap<T>(response: Invocation | undefined, method: string): T {
  if (!response) throw new ServerError(`${method}: no response`, 500);
  const [name, args] = response;
  if (name === 'error') {
    const e = args as { type?: string; description?: string };
    throw new MethodCallError(e.type ?? 'serverFail', method, e.description);
  }
  return args as T;
}
