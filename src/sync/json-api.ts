// The small JSON routes of the proxy beside JMAP (/pop3, /imap-accounts, /sieve): one request
// helper, so all answer offline, 204 and problem+json the same way.

/** Where the proxy is and how to reach it (Node tests add Cookie and Origin). */
export interface JsonApiOptions {
  /** "" = this page's origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

/**
 * A refusal: the proxy's error type without its `urn:buzon:error:` prefix, or 'offline';
 * `problem` is the whole problem+json body, for routes that add members (e.g. /sieve's
 * `otherActive`).
 */
export type JsonApiErrorFactory = (
  code: string,
  status: number,
  detail: string,
  problem: Readonly<Record<string, unknown>>,
) => Error;

export type JsonMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type JsonCall = <T>(method: JsonMethod, path: string, body?: unknown) => Promise<T>;

export function createJsonCall(
  opts: JsonApiOptions,
  error: JsonApiErrorFactory,
  offlineMessage: string,
): JsonCall {
  const base = opts.baseUrl ?? '';
  const doFetch =
    opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  return async function call<T>(method: JsonMethod, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: {
          ...opts.headers,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw error('offline', 0, offlineMessage, {});
    }
    if (res.status === 204) return undefined as T;
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const type = typeof json['type'] === 'string' ? json['type'] : '';
      const detail = typeof json['detail'] === 'string' ? json['detail'] : `HTTP ${res.status}`;
      throw error(type.replace(/^urn:buzon:error:/, '') || 'httpError', res.status, detail, json);
    }
    return json as T;
  };
}
