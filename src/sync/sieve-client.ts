// The browser's client for the proxy's /sieve routes (FILTER-3…5, src/proxy/sieve/routes.ts):
// read the state of Buzón's script, install it, remove it. Same origin, with the session
// cookie, like the other small JSON clients (json-api.ts). Also: the IMAP paths of the
// account's folders, which Sieve's fileinto names (the JMAP facade gives names and parents).
import { createJsonCall, type JsonApiOptions } from './json-api.js';
import type { JmapClient } from './jmap-client.js';

/** GET /sieve, as the proxy answers it. */
export interface SieveServerStatus {
  available: boolean;
  extensions: string[];
  maxRedirects: number | null;
  script: string | null;
  active: boolean;
  otherActive: string | null;
}

/**
 * A refused call. `code` is the proxy's error type without its prefix (`sieveRejected`,
 * `otherScriptActive`, …) or `offline` when the proxy could not be reached (status 0).
 */
export class SieveApiError extends Error {
  override name = 'SieveApiError';
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
    /** 409: the other client's active script. */
    readonly otherActive: string | null = null,
  ) {
    super(detail);
  }
}

export interface SieveApi {
  status(): Promise<SieveServerStatus>;
  install(script: string, replaceActive: boolean): Promise<void>;
  remove(): Promise<void>;
}

const OFFLINE = 'The mail server cannot be reached right now.';
/** The proxy's route (src/proxy/sieve/routes.ts SIEVE_PATH). */
const SIEVE_PATH = '/sieve';

export function createSieveApi(opts: JsonApiOptions = {}): SieveApi {
  const call = createJsonCall(
    opts,
    (code, status, detail, problem) =>
      new SieveApiError(
        code,
        status,
        detail,
        typeof problem['otherActive'] === 'string' ? problem['otherActive'] : null,
      ),
    OFFLINE,
  );
  return {
    async status() {
      const j = await call<Partial<SieveServerStatus>>('GET', SIEVE_PATH);
      return {
        available: j.available === true,
        extensions: Array.isArray(j.extensions) ? j.extensions.map(String) : [],
        maxRedirects: typeof j.maxRedirects === 'number' ? j.maxRedirects : null,
        script: typeof j.script === 'string' ? j.script : null,
        active: j.active === true,
        otherActive: typeof j.otherActive === 'string' ? j.otherActive : null,
      };
    },
    async install(script, replaceActive) {
      await call('PUT', SIEVE_PATH, { script, replaceActive });
    },
    async remove() {
      await call('DELETE', SIEVE_PATH);
    },
  };
}

/**
 * Hierarchy delimiter assumed for IMAP paths. The JMAP facade does not say which one the
 * server uses; Dovecot's recommended (and the test server's) namespace separator is `/`.
 */
export const PATH_DELIMITER = '/';

interface NamedMailbox {
  id: string;
  name: string;
  parentId: string | null;
  role: string | null;
}

/** Server folder id → IMAP path (Inbox is `INBOX`, RFC 9051 §5.1). */
export async function serverFolderPaths(
  client: Pick<JmapClient, 'call' | 'accountId'>,
): Promise<Map<string, string>> {
  const got = await client.call<{ list: NamedMailbox[] }>('Mailbox/get', {
    accountId: await client.accountId(),
    ids: null,
    properties: ['id', 'name', 'parentId', 'role'],
  });
  const byId = new Map(got.list.map((m) => [m.id, m]));
  const paths = new Map<string, string>();
  for (const m of got.list) {
    const names: string[] = [];
    let cur: NamedMailbox | undefined = m;
    // Bounded like folder-rules.ts pathNames: a broken parent chain cannot loop.
    for (let steps = 0; cur && steps < 1000; steps++) {
      names.unshift(cur.role === 'inbox' && cur.parentId === null ? 'INBOX' : cur.name);
      cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
    }
    paths.set(m.id, names.join(PATH_DELIMITER));
  }
  return paths;
}
