// The POP3 accounts API (EXTERNAL-1, ADR 0014), small JSON routes under /pop3/:
//   GET  /pop3/accounts          → { accounts, presets, typedHosts, passwordsSurviveRestart }
//   POST /pop3/accounts          → create (verifies the login first) → { account }
//   POST /pop3/accounts/update   → { id, …changes } → { account }
//   POST /pop3/accounts/delete   → { id } → 204 (fetched mail stays)
//   POST /pop3/check             → { id } → 202 { job } (or the running one)
//   POST /pop3/auto              → starts the due automatic checks → { jobs }
//   GET  /pop3/job?id=…          → { job } (progress)
//   POST /pop3/job/cancel        → { id } → { job }
// The app has already checked Origin on every POST; each route needs the session cookie.
import type { IncomingMessage } from 'node:http';
import type { AuthenticatedSession, SessionManager } from '../auth/sessions.js';
import type { BuzonConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { readJsonBody, sendJson, sendNoContent } from '../http/json.js';
import type { Router } from '../http/router.js';
import type { ImapPool } from '../imap/pool.js';
import type { Logger } from '../security/redact.js';
import { Pop3Service } from './service.js';

/** An account body holds a few short fields and a password: 8 KiB is generous. */
const POP3_BODY_LIMIT_BYTES = 8 * 1024;

export const POP3_PREFIX = '/pop3';

export function registerPop3Routes(
  router: Router,
  config: BuzonConfig,
  sessions: SessionManager,
  pool: ImapPool,
  log: Logger,
): Pop3Service {
  const service = new Pop3Service(config, pool, (id) => sessions.store.get(id) !== undefined, log);
  const presets = (config.pop3Presets ?? []).map((p) => ({ id: p.id, name: p.name }));

  async function signedIn(req: IncomingMessage): Promise<AuthenticatedSession> {
    const session = await sessions.authenticate(req);
    if (!session) throw new HttpError(401, 'notSignedIn', 'You are not signed in.');
    return session;
  }

  const body = (req: IncomingMessage) => readJsonBody(req, POP3_BODY_LIMIT_BYTES);

  router.add('GET', `${POP3_PREFIX}/accounts`, async (req, res) => {
    const accounts = await service.list(await signedIn(req));
    sendJson(res, 200, {
      accounts,
      presets,
      typedHosts: config.allowPop3Hosts !== false,
      passwordsSurviveRestart: config.secretIsPersistent === true,
    });
  });
  router.add('POST', `${POP3_PREFIX}/accounts`, async (req, res) => {
    const session = await signedIn(req);
    sendJson(res, 201, { account: await service.create(session, await body(req)) });
  });
  router.add('POST', `${POP3_PREFIX}/accounts/update`, async (req, res) => {
    const session = await signedIn(req);
    sendJson(res, 200, { account: await service.update(session, await body(req)) });
  });
  router.add('POST', `${POP3_PREFIX}/accounts/delete`, async (req, res) => {
    const session = await signedIn(req);
    await service.remove(session, await body(req));
    sendNoContent(res);
  });
  router.add('POST', `${POP3_PREFIX}/check`, async (req, res) => {
    const session = await signedIn(req);
    sendJson(res, 202, { job: await service.check(session, await body(req)) });
  });
  router.add('POST', `${POP3_PREFIX}/auto`, async (req, res) => {
    sendJson(res, 200, { jobs: await service.auto(await signedIn(req)) });
  });
  router.add('GET', `${POP3_PREFIX}/job`, async (req, res) => {
    const session = await signedIn(req);
    const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('id') ?? '';
    sendJson(res, 200, { job: service.job(session, id) });
  });
  router.add('POST', `${POP3_PREFIX}/job/cancel`, async (req, res) => {
    const session = await signedIn(req);
    const id = (await body(req))['id'];
    sendJson(res, 200, { job: service.cancel(session, typeof id === 'string' ? id : '') });
  });
  return service;
}
