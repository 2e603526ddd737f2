// The signed-in user's server-side filters (FILTER-3…5): the one Sieve script Buzón owns,
// named "buzon", read, installed and removed over ManageSieve on the provider's `sieve`
// endpoint with the session's own credentials. The browser compiles the script
// (src/filters/sieve.ts); the proxy only carries it. The upstream host comes from the
// provider configuration, never from the browser.
import type { AuthenticatedSession } from '../auth/sessions.js';
import type { Endpoint } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { SlidingWindowLimiter } from '../security/rate-limit.js';
import type { Logger } from '../security/redact.js';
import { SieveClient } from './client.js';
import type { SieveConnectOptions } from './client.js';
import { SieveCommandError } from './errors.js';
import { httpErrorOf, OtherScriptActiveError } from './http-errors.js';

/** The name of the script Buzón writes; other scripts on the server are the user's own. */
export const BUZON_SCRIPT_NAME = 'buzon';

/**
 * Installs and removals per session: a user saving filters one after another stays well
 * under it (the browser also waits for one save before the next); each costs a login on
 * the Sieve server, so a runaway tab must not hammer it.
 */
export const SIEVE_WRITES = { limit: 30, windowMs: 5 * 60 * 1000 };

export interface SieveStatus {
  /** Whether the provider has a ManageSieve endpoint at all. */
  available: boolean;
  /** The SIEVE capability: extensions a script may require. */
  extensions: string[];
  /** MAXREDIRECTS when announced: more distinct redirects fail at delivery. */
  maxRedirects: number | null;
  /** Buzón's script as stored on the server, or null when there is none. */
  script: string | null;
  /** Whether Buzón's script is the active one. */
  active: boolean;
  /** Another active script (made by another client), which installing would replace. */
  otherActive: string | null;
}

export interface InstallResult {
  active: true;
  /** The other script that was active before and no longer is. */
  replaced: string | null;
  /** The server's warnings about the script, if it gave any. */
  warnings: string | null;
}

const UNAVAILABLE: SieveStatus = {
  available: false,
  extensions: [],
  maxRedirects: null,
  script: null,
  active: false,
  otherActive: null,
};

export class SieveService {
  readonly #writes = new SlidingWindowLimiter(SIEVE_WRITES.limit, SIEVE_WRITES.windowMs);

  constructor(
    private readonly log: Logger,
    private readonly connectOptions: SieveConnectOptions = {},
  ) {}

  async status(session: AuthenticatedSession): Promise<SieveStatus> {
    const endpoint = session.provider.sieve;
    if (!endpoint) return UNAVAILABLE;
    return this.#with(session, endpoint, async (client) => {
      const scripts = await client.listScripts();
      const ours = scripts.find((s) => s.name === BUZON_SCRIPT_NAME);
      return {
        available: true,
        extensions: client.capabilities.sieve,
        maxRedirects: client.capabilities.maxRedirects,
        script: ours ? await client.getScript(BUZON_SCRIPT_NAME) : null,
        active: ours?.active ?? false,
        otherActive: scripts.find((s) => s.active && s.name !== BUZON_SCRIPT_NAME)?.name ?? null,
      };
    });
  }

  /**
   * CHECKSCRIPT, PUTSCRIPT "buzon", SETACTIVE "buzon". Another active script is replaced
   * only with `replaceActive` (the browser asked the user first), else OtherScriptActiveError.
   */
  async install(
    session: AuthenticatedSession,
    script: string,
    replaceActive: boolean,
  ): Promise<InstallResult> {
    const endpoint = this.#writable(session);
    return this.#with(session, endpoint, async (client) => {
      const scripts = await client.listScripts();
      const other = scripts.find((s) => s.active && s.name !== BUZON_SCRIPT_NAME)?.name ?? null;
      if (other !== null && !replaceActive) throw new OtherScriptActiveError(other);
      // Servers of RFC 5804 (VERSION) check without storing; older ones check at PUTSCRIPT.
      const checked = client.capabilities.version ? await client.checkScript(script) : null;
      const stored = await client.putScript(BUZON_SCRIPT_NAME, script);
      await client.setActive(BUZON_SCRIPT_NAME);
      this.log.info('sieve script installed', {
        user: session.username,
        bytes: Buffer.byteLength(script),
        replaced: other ?? undefined,
      });
      return {
        active: true,
        replaced: other,
        warnings: stored.warnings ?? checked?.warnings ?? null,
      };
    });
  }

  /** Deactivates Buzón's script if it is the active one, then deletes it. */
  async remove(session: AuthenticatedSession): Promise<void> {
    const endpoint = this.#writable(session);
    await this.#with(session, endpoint, async (client) => {
      const ours = (await client.listScripts()).find((s) => s.name === BUZON_SCRIPT_NAME);
      if (!ours) return;
      if (ours.active) await client.setActive('');
      await client.deleteScript(BUZON_SCRIPT_NAME);
      this.log.info('sieve script removed', { user: session.username });
    });
  }

  /** The endpoint for a write, after the per-session allowance (counted before connecting). */
  #writable(session: AuthenticatedSession): Endpoint {
    const endpoint = session.provider.sieve;
    if (!endpoint)
      throw new HttpError(
        404,
        'sieveUnavailable',
        'Your mail server does not take filters (no ManageSieve).',
      );
    const decision = this.#writes.check(session.sessionId);
    if (!decision.allowed)
      throw new HttpError(
        429,
        'tooManyRequests',
        'Too many filter changes in a short time. Try again later.',
        {
          'Retry-After': String(decision.retryAfterSeconds),
        },
      );
    this.#writes.record(session.sessionId);
    return endpoint;
  }

  async #with<T>(
    session: AuthenticatedSession,
    endpoint: Endpoint,
    work: (client: SieveClient) => Promise<T>,
  ): Promise<T> {
    let client: SieveClient | undefined;
    try {
      client = await SieveClient.connect(endpoint, this.connectOptions);
      await client.authenticate(session.username, session.password);
      const result = await work(client);
      await client.logout();
      return result;
    } catch (err) {
      client?.close();
      const mapped = httpErrorOf(err);
      if (mapped instanceof HttpError && mapped.status >= 500)
        this.log.warn('sieve failed', {
          user: session.username,
          // Our own sentences only: a server's text may quote the script.
          error:
            err instanceof SieveCommandError || !(err instanceof Error)
              ? String(mapped.code)
              : err.message,
        });
      throw mapped;
    }
  }
}
