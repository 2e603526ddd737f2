// The sign-in API: GET /auth/providers, POST /auth/login, GET /auth/session,
// POST /auth/logout. The router has already checked Origin on the writes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CUSTOM_PROVIDER_ID } from '../config/types.js';
import type { BuzonConfig, ProviderConfig } from '../config/types.js';
import { HttpError } from '../http/errors.js';
import { AUTH_BODY_LIMIT_BYTES, readJsonBody, sendJson, sendNoContent } from '../http/json.js';
import type { Router } from '../http/router.js';
import { assertNoCrLf } from '../security/crlf.js';
import { clientIp, cookieModeFor, httpsRequired } from '../security/origin.js';
import { SlidingWindowLimiter } from '../security/rate-limit.js';
import type { Logger } from '../security/redact.js';
import { clearedSessionCookie } from './cookie.js';
import { customProvider } from './custom-provider.js';
import { tlsHttpError } from '../security/tls-policy.js';
import { verifyJmapLogin } from '../jmap-passthrough/passthrough.js';
import { UpstreamError } from '../jmap-passthrough/upstream.js';
import { UpstreamUnavailableError, verifyImapLogin } from './imap-login.js';
import { accountIdFor } from '../imap/ids.js';
import type { SessionManager } from './sessions.js';

/** RFC 5321 caps an address at 254 octets; usernames that are not addresses are shorter still. */
const MAX_USERNAME_LENGTH = 320;
/** Long passphrases are welcome; kilobytes are not a password. */
const MAX_PASSWORD_LENGTH = 1024;

export interface ProviderSummary {
  id: string;
  name: string;
  /** Present on the entry for a user-typed server: the form must then ask for host, port and TLS. */
  custom?: true;
}

function requiredString(
  body: Record<string, unknown>,
  name: string,
  label: string,
  max: number,
): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0)
    throw new HttpError(400, 'invalidArguments', `${label} is required.`);
  if (value.length > max)
    throw new HttpError(400, 'invalidArguments', `${label} is longer than ${max} characters.`);
  assertNoCrLf(value, label);
  return value;
}

export function registerAuthRoutes(
  router: Router,
  config: BuzonConfig,
  sessions: SessionManager,
  log: Logger,
): void {
  const { perIpFailures, perUserFailures, windowMs } = config.loginLimits;
  const ipFailures = new SlidingWindowLimiter(perIpFailures, windowMs);
  const userFailures = new SlidingWindowLimiter(perUserFailures, windowMs);
  const summaries: ProviderSummary[] = config.providers.map((p) => ({ id: p.id, name: p.name }));
  if (config.allowCustomHosts)
    summaries.push({ id: CUSTOM_PROVIDER_ID, name: 'Other server', custom: true });

  router.add('GET', '/auth/providers', (_req, res) => {
    sendJson(res, 200, summaries);
  });

  router.add('GET', '/auth/session', async (req, res) => {
    const session = await sessions.authenticate(req);
    if (!session) throw new HttpError(401, 'notSignedIn', 'You are not signed in.');
    const provider = session.provider;
    sendJson(res, 200, {
      username: session.username,
      provider: provider.id,
      providerName: provider.name,
    });
  });

  router.add('POST', '/auth/logout', async (req, res) => {
    const mode = cookieModeFor(req, config);
    if (mode === null) throw httpsRequired();
    const session = await sessions.authenticate(req);
    if (session) {
      sessions.destroy(session.sessionId);
      log.info('logout', { user: session.username, provider: session.provider.id });
    }
    sendNoContent(res, { 'Set-Cookie': clearedSessionCookie(mode) });
  });

  router.add('POST', '/auth/login', async (req, res) => {
    await login(req, res);
  });

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const mode = cookieModeFor(req, config);
    if (mode === null) throw httpsRequired();
    const body = await readJsonBody(req, AUTH_BODY_LIMIT_BYTES);
    const providerId = requiredString(body, 'provider', 'Provider', 64);
    const username = requiredString(body, 'username', 'Username', MAX_USERNAME_LENGTH);
    const password = requiredString(body, 'password', 'Password', MAX_PASSWORD_LENGTH);

    const ip = clientIp(req, config);
    const userKey = `${providerId}\u0000${username.trim().toLowerCase()}`;
    for (const decision of [ipFailures.check(ip), userFailures.check(userKey)]) {
      if (!decision.allowed) {
        log.warn('login throttled', { user: username, provider: providerId, ip });
        throw new HttpError(
          429,
          'tooManyAttempts',
          `Too many failed sign-ins. Try again in ${Math.ceil(decision.retryAfterSeconds / 60)} minute(s).`,
          { 'Retry-After': String(decision.retryAfterSeconds) },
        );
      }
    }

    const provider = await resolveProvider(providerId, body);
    let accepted: boolean;
    try {
      // A JMAP provider's own server decides (ADR 0017); otherwise IMAP LOGIN.
      accepted = provider.jmapSessionUrl
        ? await verifyJmapLogin(provider, username, password)
        : await verifyImapLogin(provider.imap, username, password);
    } catch (err) {
      if (!(err instanceof UpstreamUnavailableError) && !(err instanceof UpstreamError)) throw err;
      // Probing unreachable typed hosts is how a port scan through us would look.
      if (provider.id === CUSTOM_PROVIDER_ID) ipFailures.record(ip);
      log.warn('login upstream unavailable', {
        user: username,
        provider: provider.id,
        ip,
        reason: err.message,
      });
      throw (
        tlsHttpError(err, `The mail server of ${provider.name}`) ??
        new HttpError(
          502,
          'serverUnreachable',
          `Could not reach the mail server of ${provider.name}. Try again later.`,
        )
      );
    }
    if (!accepted) {
      ipFailures.record(ip);
      userFailures.record(userKey);
      log.warn('login failed', { user: username, provider: provider.id, ip });
      throw new HttpError(
        401,
        'invalidCredentials',
        'The mail server did not accept this username and password.',
      );
    }

    userFailures.reset(userKey);
    const { setCookie } = sessions.create({ username, password }, provider, mode);
    log.info('login ok', { user: username, provider: provider.id, ip });
    // The JMAP account id the Session will name (the facade's, from provider and user), so
    // the app keys its database without a Session fetch first. A JMAP provider's own
    // server names its account in its Session, which the app then reads (ADR 0017).
    const accountId = provider.jmapSessionUrl
      ? {}
      : { accountId: accountIdFor(provider.id, username) };
    sendJson(
      res,
      200,
      { username, provider: provider.id, providerName: provider.name, ...accountId },
      { 'Set-Cookie': setCookie },
    );
  }

  async function resolveProvider(
    providerId: string,
    body: Record<string, unknown>,
  ): Promise<ProviderConfig> {
    if (providerId === CUSTOM_PROVIDER_ID && config.allowCustomHosts)
      return customProvider(body, config.resolveHost);
    const provider = config.providers.find((p) => p.id === providerId);
    if (!provider)
      throw new HttpError(
        400,
        'unknownProvider',
        `There is no provider "${providerId}" on this server.`,
      );
    return provider;
  }
}
