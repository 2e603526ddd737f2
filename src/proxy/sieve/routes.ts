// The server-side filters API (FILTER-3…5): Buzón's one Sieve script over ManageSieve.
//   GET    /sieve → { available, extensions, maxRedirects, script, active, otherActive }
//   PUT    /sieve   { script, replaceActive? } → { active: true, replaced, warnings }
//          400 sieveRejected (the server's text, with line numbers), 409 otherScriptActive
//          (problem details with `otherActive`: the name of the script it would replace)
//   DELETE /sieve → 204 (deactivated if active, then deleted; nothing to delete is fine)
// No `sieve` endpoint for the provider: GET says `available: false`, writes are 404.
// Unreachable server: 502. The app has already checked Origin on PUT and DELETE; each route
// needs the session cookie; writes are limited per session (service.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthenticatedSession, SessionManager } from '../auth/sessions.js';
import { HttpError } from '../http/errors.js';
import { apiHeaders, readJsonBody, sendJson, sendNoContent } from '../http/json.js';
import type { Router } from '../http/router.js';
import type { Logger } from '../security/redact.js';
import type { SieveConnectOptions } from './client.js';
import { OtherScriptActiveError } from './http-errors.js';
import { SieveService } from './service.js';

/**
 * A PUT body is one script as JSON. Generated scripts run to a few KiB per filter (200
 * filters at most, model.ts) and Pigeonhole's own default cap is 1 MB; JSON escaping of
 * line ends and quotes adds a little.
 */
export const SIEVE_BODY_LIMIT_BYTES = 256 * 1024;

export const SIEVE_PATH = '/sieve';

export function registerSieveRoutes(
  router: Router,
  sessions: SessionManager,
  log: Logger,
  connectOptions: SieveConnectOptions = {},
): SieveService {
  const service = new SieveService(log, connectOptions);

  async function signedIn(req: IncomingMessage): Promise<AuthenticatedSession> {
    const session = await sessions.authenticate(req);
    if (!session) throw new HttpError(401, 'notSignedIn', 'You are not signed in.');
    return session;
  }

  router.add('GET', SIEVE_PATH, async (req, res) => {
    sendJson(res, 200, await service.status(await signedIn(req)));
  });
  router.add('PUT', SIEVE_PATH, async (req, res) => {
    const session = await signedIn(req);
    const body = await readJsonBody(req, SIEVE_BODY_LIMIT_BYTES);
    const { script, replaceActive } = body;
    if (typeof script !== 'string' || script.trim() === '')
      throw new HttpError(400, 'invalidArguments', 'Send the filter script as "script".');
    if (replaceActive !== undefined && typeof replaceActive !== 'boolean')
      throw new HttpError(400, 'invalidArguments', '"replaceActive" must be true or false.');
    try {
      sendJson(res, 200, await service.install(session, script, replaceActive === true));
    } catch (err) {
      if (err instanceof OtherScriptActiveError) return sendConflict(res, err);
      throw err;
    }
  });
  router.add('DELETE', SIEVE_PATH, async (req, res) => {
    await service.remove(await signedIn(req));
    sendNoContent(res);
  });
  return service;
}

/** Problem details with the extension member the browser needs to word its warning. */
function sendConflict(res: ServerResponse, error: OtherScriptActiveError): void {
  const text = JSON.stringify({
    type: `urn:buzon:error:${error.code}`,
    status: error.status,
    detail: error.detail,
    otherActive: error.otherActive,
  });
  res.writeHead(error.status, {
    ...apiHeaders(),
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
