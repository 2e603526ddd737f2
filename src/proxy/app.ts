// The Buzón server as a value: tests start it in-process on 127.0.0.1:0, server.ts
// starts it from the environment. Every request passes the same gate: Origin on every
// write, then an API route or the static app; errors become problem-details JSON with
// the app's security headers.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerAuthRoutes } from './auth/routes.js';
import { createSessionManager } from './auth/sessions.js';
import { registerJmapRoutes } from './jmap/routes.js';
import { registerPop3Routes } from './pop3/routes.js';
import { registerImapAccountRoutes } from './external/routes.js';
import { registerLinkRoutes } from './links/routes.js';
import { registerSieveRoutes } from './sieve/routes.js';
import { registerWkdRoutes } from './wkd/routes.js';
import type { LinkService } from './links/routes.js';
import type { AuthenticatedSession, SessionManager } from './auth/sessions.js';
import type { BuzonConfig } from './config/types.js';
import { HttpError } from './http/errors.js';
import { sendError } from './http/json.js';
import { Router } from './http/router.js';
import { UnsafeInputError } from './security/crlf.js';
import { assertSameOrigin } from './security/origin.js';
import { createLogger } from './security/redact.js';
import type { Logger } from './security/redact.js';
import { createStaticHandler, securityHeaders } from './static-files.js';

/** Paths that belong to the API: never answered with the app's index.html. */
export const API_PREFIXES = [
  '/auth/',
  '/jmap',
  '/upload',
  '/download',
  '/eventsource',
  '/pop3/',
  '/imap-accounts',
  '/links',
  '/l/',
  '/sieve',
  '/wkd',
] as const;

export interface BuzonServer {
  readonly server: Server;
  readonly config: BuzonConfig;
  readonly router: Router;
  readonly sessions: SessionManager;
  readonly log: Logger;
  /** SEND-15: files sent as links; null when the config has no link store. */
  readonly links: LinkService | null;
  /** The signed-in user of a request, with the password decrypted, or null. */
  authenticate(req: IncomingMessage): Promise<AuthenticatedSession | null>;
  /** Resolves with the bound port once listening. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => {
    const base = prefix.replace(/\/$/, '');
    return path === base || path.startsWith(`${base}/`);
  });
}

export function createBuzonServer(config: BuzonConfig): BuzonServer {
  const log = createLogger(config.log);
  const router = new Router();
  const sessions = createSessionManager(config);
  const serveStatic = createStaticHandler(config.staticDir);
  registerAuthRoutes(router, config, sessions, log);
  const jmap = registerJmapRoutes(router, sessions, config, log);
  // EXTERNAL-1: POP3 accounts fetched into the INBOX through the session's IMAP connection.
  const pop3 = registerPop3Routes(router, config, sessions, jmap.pool, log);
  // EXTERNAL-2: the list of the user's other IMAP accounts the facade aggregates.
  registerImapAccountRoutes(router, config, sessions, jmap.pool, log);
  // FILTER-3…5: the user's server-side filters, one Sieve script over ManageSieve.
  registerSieveRoutes(router, sessions, log);
  // PGP-1: Web Key Directory lookups (POST /wkd), so the key's domain never sees the user's IP.
  registerWkdRoutes(router, config, sessions, log);
  // SEND-15: POST /links and the public GET /l/<token>.
  const links = config.links
    ? registerLinkRoutes(router, config, config.links, sessions, log)
    : null;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // On every response, whoever writes it (static files' own 400/403/503 included).
    for (const [name, value] of Object.entries(securityHeaders())) res.setHeader(name, value);
    assertSameOrigin(req, config);
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = router.match(method, path);
    if (match && 'handler' in match) return match.handler(req, res);
    // Routes with variables in the path (JMAP blob download) are not exact-path routes.
    if (await jmap.handlePrefixed(req, res, path)) return;
    if (links && (await links.handlePrefixed(req, res, path))) return;
    if (match)
      throw new HttpError(405, 'methodNotAllowed', `Use ${match.allowed.join(' or ')}.`, {
        Allow: match.allowed.join(', '),
      });
    if (isApiPath(path)) throw new HttpError(404, 'notFound', 'There is nothing at this address.');
    if (method !== 'GET' && method !== 'HEAD') {
      throw new HttpError(405, 'methodNotAllowed', 'Use GET or HEAD.', { Allow: 'GET, HEAD' });
    }
    return serveStatic(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const error =
        err instanceof HttpError
          ? err
          : err instanceof UnsafeInputError
            ? new HttpError(400, 'unsafeInput', err.message)
            : undefined;
      if (!error) {
        log.warn('request failed', {
          path: req.url,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      if (res.headersSent) {
        res.end();
        return;
      }
      sendError(
        res,
        error ?? new HttpError(500, 'serverFail', 'Something went wrong on the server.'),
      );
    });
  });
  sessions.store.startSweeping();

  return {
    server,
    config,
    router,
    sessions,
    log,
    links,
    authenticate: (req) => sessions.authenticate(req),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: async () => {
      sessions.store.stopSweeping();
      pop3.close();
      jmap.close();
      links?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // A download's notice and record update finish before the process lets go of the
      // folder, so a restart never finds them half done (or undoes a newer start's cleanup).
      await links?.settled();
    },
  };
}
