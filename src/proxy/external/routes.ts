// The other-IMAP-accounts API (EXTERNAL-2, ADR 0016), small JSON routes:
//   GET  /imap-accounts          → { accounts, providers, passwordsSurviveRestart }
//   POST /imap-accounts          → add (tries the login first) → 201 { account }
//   POST /imap-accounts/update   → { id, address?, password? } → { account }
//   POST /imap-accounts/delete   → { id } → 204 (nothing on that server is touched)
// The app has already checked Origin on every POST; each route needs the session cookie.
import type { IncomingMessage } from 'node:http';
import type { ProviderSummary } from '../auth/routes.js';
import type { AuthenticatedSession, SessionManager } from '../auth/sessions.js';
import { CUSTOM_PROVIDER_ID } from '../config/types.js';
import type { BuzonConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { isPassthrough } from '../jmap-passthrough/passthrough.js';
import { readJsonBody, sendJson, sendNoContent } from '../http/json.js';
import type { Router } from '../http/router.js';
import type { ImapPool } from '../imap/pool.js';
import type { Logger } from '../security/redact.js';
import { ImapAccountsService } from './service.js';

/** An account body holds a few short fields and a password: 8 KiB is generous. */
const IMAP_ACCOUNTS_BODY_LIMIT_BYTES = 8 * 1024;

export const IMAP_ACCOUNTS_PREFIX = '/imap-accounts';

export function registerImapAccountRoutes(
  router: Router,
  config: BuzonConfig,
  sessions: SessionManager,
  pool: ImapPool,
  log: Logger,
): ImapAccountsService {
  const service = new ImapAccountsService(config, pool, log);
  // The providers as the sign-in form offers them.
  const providers: ProviderSummary[] = config.providers.map((p) => ({ id: p.id, name: p.name }));
  if (config.allowCustomHosts)
    providers.push({ id: CUSTOM_PROVIDER_ID, name: 'Other server', custom: true });

  async function signedIn(req: IncomingMessage): Promise<AuthenticatedSession> {
    const session = await sessions.authenticate(req);
    if (!session) throw new HttpError(401, 'notSignedIn', 'You are not signed in.');
    // A JMAP provider's mailbox passes through unchanged (ADR 0017): nothing to mount into.
    if (isPassthrough(session))
      throw new HttpError(
        501,
        'notWithJmapProvider',
        'Other IMAP accounts cannot be shown inside a mailbox served by a JMAP server.',
      );
    return session;
  }

  const body = (req: IncomingMessage) => readJsonBody(req, IMAP_ACCOUNTS_BODY_LIMIT_BYTES);

  router.add('GET', IMAP_ACCOUNTS_PREFIX, async (req, res) => {
    const accounts = await service.list(await signedIn(req));
    sendJson(res, 200, {
      accounts,
      providers,
      passwordsSurviveRestart: config.secretIsPersistent === true,
    });
  });
  router.add('POST', IMAP_ACCOUNTS_PREFIX, async (req, res) => {
    const session = await signedIn(req);
    sendJson(res, 201, { account: await service.create(session, await body(req)) });
  });
  router.add('POST', `${IMAP_ACCOUNTS_PREFIX}/update`, async (req, res) => {
    const session = await signedIn(req);
    sendJson(res, 200, { account: await service.update(session, await body(req)) });
  });
  router.add('POST', `${IMAP_ACCOUNTS_PREFIX}/delete`, async (req, res) => {
    const session = await signedIn(req);
    await service.remove(session, await body(req));
    sendNoContent(res);
  });
  return service;
}
