// The JMAP endpoints of the IMAP facade: GET /jmap/session (RFC 8620 §2), POST /jmap
// (§3) and the download prefix (§6.2). The app has already checked Origin on the POST.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProblemDetails } from '../../protocol/jmap-core.js';
import { MAX_SIZE_REQUEST } from '../../protocol/limits.js';
import { API_URL, buildSession } from '../../protocol/session.js';
import { checkRequestSize, notJsonProblem, parseRequest } from '../../protocol/validate.js';
import type { AuthenticatedSession, SessionManager } from '../auth/sessions.js';
import { HttpError } from '../http/errors.js';
import { readBody, sendJson } from '../http/json.js';
import { sendOctets } from '../http/octets.js';
import { OCTETS_CAPABILITY } from '../../protocol/jmap-octets.js';
import type { Router } from '../http/router.js';
import { digest } from '../imap/ids.js';
import { ImapAuthError, ImapPool, ImapUnavailableError } from '../imap/pool.js';
import { tlsHttpError } from '../security/tls-policy.js';
import { registerPushRoutes } from '../push/routes.js';
import type { Logger } from '../security/redact.js';
import { accountIdOf, createContext, discoverSharedAccounts } from './context.js';
import type { JmapContext } from './context.js';
import type { BuzonConfig } from '../config/types.js';
import { loadUpstreams } from '../external/upstreams.js';
import type { ImapUpstream } from '../external/upstreams.js';
import { createBackends, OWN, splitId } from './aggregate/backends.js';
import type { BackendsOptions } from './aggregate/backends.js';
import type { Backends } from './aggregate/backends.js';
import { SHARE_CAPABILITY } from '../../protocol/jmap-share.js';
import { PARTIAL_CAPABILITY } from '../../protocol/jmap-partial.js';
import { LISTS_CAPABILITY } from '../../protocol/jmap-lists.js';
import { hasLists, learnListsSupport, wantsLists } from '../lists/support.js';
import { dispatch } from './dispatch.js';
import { parseDownloadPath, sendDownload } from './download.js';
import { UploadStore } from './blob-store.js';
import { capabilitiesFor, submissionFor, withPolicy } from './submission.js';
import { learnSmtpSizeWithin } from '../smtp/size-limit.js';
import { learnQuotaSupport, wantsQuota, withQuota } from './quota-support.js';
import { withBlob } from './blob-get.js';
import { parseUploadPath, receiveUpload } from './upload.js';
import { warmEmailIndex } from './warm-up.js';
import { isPassthrough, JmapPassthrough } from '../jmap-passthrough/passthrough.js';
import { PolledPush } from '../jmap-passthrough/polled-push.js';
import { linksPolicyOf } from '../links/routes.js';
import { UpstreamAuthError, UpstreamError } from '../jmap-passthrough/upstream.js';

export const SESSION_PATH = '/jmap/session';

// Capabilities served per session: core and mail, plus submission when the provider has
// SMTP (submission.ts: capabilitiesFor), plus quota when the IMAP server speaks QUOTA
// (quota-support.ts: learned from the session's connection before the Session is built).

export interface JmapFacade {
  readonly pool: ImapPool;
  /** Serves the download prefix; false when `pathname` is not under it. */
  handlePrefixed(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
  close(): void;
}

function sendProblem(res: ServerResponse, problem: ProblemDetails): void {
  sendJson(res, problem.status, problem, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}

/** Changes with the capabilities and with the shared accounts last discovered (ADR 0013). */
function sessionStateOf(session: AuthenticatedSession, shared: Iterable<string>): string {
  return `s${digest('session', accountIdOf(session), session.username, ...capabilitiesFor(session), ...[...shared].sort())}`;
}

export function registerJmapRoutes(
  router: Router,
  sessions: SessionManager,
  config: BuzonConfig,
  log: Logger,
): JmapFacade {
  const pool = new ImapPool((id) => sessions.store.get(id) !== undefined, log);

  /**
   * The user's own account with their other IMAP accounts (EXTERNAL-2, ADR 0016). A list
   * that cannot be read leaves the user's own mail working, and is asked for again.
   */
  async function backendsOf(
    session: AuthenticatedSession,
    own: JmapContext,
    opts: BackendsOptions = {},
  ): Promise<Backends> {
    let upstreams: readonly ImapUpstream[] = [];
    try {
      upstreams = await loadUpstreams(session, pool, config);
    } catch (err) {
      if (err instanceof ImapAuthError) throw err;
      log.warn('other imap accounts not read', {
        user: session.username,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
    push.hub.followUpstreams(session.sessionId, upstreams);
    return createBackends(own, upstreams, pool, uploads, opts);
  }
  pool.startSweeping();
  // RFC 8620 §7.3 push (the Session's eventSourceUrl), fed by IMAP NOTIFY/IDLE (ADR 0011).
  // Providers with a jmapSessionUrl: their own JMAP server behind the proxy (ADR 0017).
  const passthrough = new JmapPassthrough();
  const push = registerPushRoutes(
    router,
    sessions,
    pool,
    log,
    {},
    (session) => loadUpstreams(session, pool, config),
    new PolledPush(passthrough),
  );
  // Uploads live in memory until Email/import uses them (blob-store.ts, RFC 8620 §6.1).
  const uploads = new UploadStore((id) => sessions.store.get(id) !== undefined);
  uploads.startSweeping();

  async function signedIn(req: IncomingMessage): Promise<AuthenticatedSession> {
    const session = await sessions.authenticate(req);
    if (!session) throw new HttpError(401, 'notSignedIn', 'You are not signed in.');
    return session;
  }

  /**
   * The server no longer takes the password the session holds: the session ends, and the
   * 401 sends the PWA to its sign-in form (ADR 0009). Other errors pass through.
   */
  function refusedCredentials(err: unknown, session: AuthenticatedSession): unknown {
    if (err instanceof ImapUnavailableError) {
      return (
        tlsHttpError(err, `The mail server of ${session.provider.name}`) ??
        new HttpError(503, 'serverUnavailable', 'The mail server cannot be reached now.')
      );
    }
    if (err instanceof UpstreamError) {
      return new HttpError(
        503,
        'serverUnavailable',
        `The mail server cannot be reached now (${err.message}).`,
      );
    }
    if (!(err instanceof ImapAuthError) && !(err instanceof UpstreamAuthError)) return err;
    passthrough.forget(session.sessionId);
    pool.close(session.sessionId);
    sessions.destroy(session.sessionId);
    log.warn('imap credentials refused', { user: session.username, provider: session.provider.id });
    return new HttpError(
      401,
      'notSignedIn',
      'The mail server no longer accepts your password. Sign in again.',
    );
  }

  router.add('GET', SESSION_PATH, async (req, res) => {
    const asked = Date.now();
    const session = await signedIn(req);
    if (isPassthrough(session)) {
      await passthrough.sendSession(res, session).catch((err: unknown) => {
        throw refusedCredentials(err, session);
      });
      return;
    }
    await learnQuotaSupport(session, pool);
    await learnListsSupport(session, pool);
    if (session.provider.smtp) await learnSmtpSizeWithin(session.provider.smtp);
    // Mailboxes shared with the user, asked of the server at every Session fetch (SHARED-2)
    // on a connection that logged in since the request came: Dovecot's list of sharing
    // users is fixed per connection.
    let shared: Map<string, string>;
    try {
      shared = await discoverSharedAccounts(session, pool, asked);
    } catch (err) {
      throw refusedCredentials(err, session);
    }
    const body = withQuota(
      withPolicy(
        buildSession({
          accountId: accountIdOf(session),
          username: session.username,
          state: sessionStateOf(session, shared.keys()),
          submission: submissionFor(session),
          // Lists (ADR 0034) are the personal account's alone, like shares.
          // A mailbox that spans several servers (ADR 0016) is the personal account's too.
          ownCapabilities: [
            SHARE_CAPABILITY,
            PARTIAL_CAPABILITY,
            ...(hasLists(session) ? [LISTS_CAPABILITY] : []),
          ],
          sharedAccounts: [...shared].map(([accountId, name]) => ({ accountId, name })),
        }),
        session,
        linksPolicyOf(config),
      ),
      session,
    );
    // Blob/get serves every account's bodies, shared ones included.
    sendJson(
      res,
      200,
      [accountIdOf(session), ...shared.keys()].reduce((b, id) => withBlob(b, id), body),
    );
    // The app's first request after this needs the email index: read it meanwhile.
    void warmEmailIndex(session, pool, log);
  });

  router.add('POST', API_URL, async (req, res) => {
    const session = await signedIn(req);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return sendProblem(res, notJsonProblem('send the request as application/json'));
    const tooBig = checkRequestSize(Number(req.headers['content-length'] ?? 0));
    if (tooBig) return sendProblem(res, tooBig);
    let body: Buffer;
    try {
      body = await readBody(req, MAX_SIZE_REQUEST);
    } catch (err) {
      if (err instanceof HttpError && err.status === 413) {
        return sendProblem(res, checkRequestSize(MAX_SIZE_REQUEST + 1) as ProblemDetails);
      }
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return sendProblem(res, notJsonProblem('the body is not valid JSON'));
    }
    if (isPassthrough(session)) {
      // The server checks the request itself; the proxy has bounded its size and syntax.
      await passthrough.api(res, session, body).catch((err: unknown) => {
        throw refusedCredentials(err, session);
      });
      return;
    }
    // A client holding a Session from before a proxy restart may name quota first.
    if (wantsQuota(json)) await learnQuotaSupport(session, pool);
    if (wantsLists(json)) await learnListsSupport(session, pool);
    const parsed = parseRequest(json, { capabilities: capabilitiesFor(session) });
    if (!parsed.ok) return sendProblem(res, parsed.problem);
    const ctx = createContext(session, pool, uploads);
    let response;
    try {
      const shared = pool.cache(session.sessionId).sharedAccounts.keys();
      const backends = await backendsOf(session, ctx, {
        partial: parsed.request.using.includes(PARTIAL_CAPABILITY),
      });
      response = await dispatch(
        parsed.request,
        ctx,
        sessionStateOf(session, shared),
        log,
        backends,
      );
    } catch (err) {
      throw refusedCredentials(err, session);
    }
    if (parsed.request.using.includes(OCTETS_CAPABILITY)) sendOctets(res, response);
    else sendJson(res, 200, response);
  });

  return {
    pool,
    async handlePrefixed(req, res, pathname) {
      const uploadAccount = parseUploadPath(pathname);
      if (uploadAccount !== null) {
        if (req.method !== 'POST') {
          throw new HttpError(405, 'methodNotAllowed', 'Use POST.', { Allow: 'POST' });
        }
        const session = await signedIn(req);
        if (isPassthrough(session)) {
          await passthrough.upload(req, res, session, uploadAccount).catch((err: unknown) => {
            throw refusedCredentials(err, session);
          });
          return true;
        }
        await receiveUpload(req, res, uploadAccount, session, uploads);
        return true;
      }
      const target = parseDownloadPath(pathname);
      if (!target) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new HttpError(405, 'methodNotAllowed', 'Use GET.', { Allow: 'GET, HEAD' });
      }
      const session = await signedIn(req);
      if (isPassthrough(session)) {
        await passthrough.download(req, res, session, target).catch((err: unknown) => {
          throw refusedCredentials(err, session);
        });
        return true;
      }
      try {
        const own = createContext(session, pool, uploads);
        // A shared account's blob (ADR 0013); an account the session cannot see is a 404.
        const ctx =
          target.accountId === own.accountId
            ? own
            : await own.forAccount(target.accountId).catch(() => own);
        // Another IMAP account's message (ADR 0016): its server serves the bytes.
        const { key, inner } = splitId(target.blobId);
        const other =
          ctx === own && key !== OWN ? (await backendsOf(session, own)).get(key) : undefined;
        if (other && inner !== null) {
          await sendDownload(
            req,
            res,
            { ...target, accountId: other.ctx.accountId, blobId: inner },
            other.ctx,
          );
        } else {
          await sendDownload(req, res, target, ctx);
        }
      } catch (err) {
        throw refusedCredentials(err, session);
      }
      return true;
    },
    close() {
      push.close();
      pool.stopSweeping();
      uploads.stopSweeping();
      pool.closeAll();
    },
  };
}
