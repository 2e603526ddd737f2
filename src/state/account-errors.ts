// What can go wrong talking to the proxy's sign-in API, as typed errors whose message is
// shown to the user as is: localised where we know the proxy's code, else the proxy's
// own `detail` (problem details, RFC 9457), which already says what to do.
import { msg, str } from '@lit/localize';
import { tlsRefusalText } from './tls-refusal.js';

/** The proxy's problem `type` is `urn:buzon:error:<code>` (src/proxy/http/errors.ts). */
const PROBLEM_TYPE_PREFIX = 'urn:buzon:error:';
/** Seconds in a minute, for "try again in N minutes". */
const MINUTE_S = 60;

/** Base class: the account service failed; `message` is ready to show. */
export class AccountError extends Error {
  override name = 'AccountError';
}

/** The network is down: nothing reached the proxy. */
export class AccountOfflineError extends AccountError {
  override name = 'AccountOfflineError';
}

/** The proxy refused or failed; `code` is its stable error code ("" when unknown). */
export class ProxyRefusedError extends AccountError {
  override name = 'ProxyRefusedError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** For 429: seconds until the next attempt is allowed. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** switchTo() was given an account this browser does not know. */
export class UnknownAccountError extends AccountError {
  override name = 'UnknownAccountError';
}

export function offlineError(action: 'sign-in' | 'sign-out'): AccountOfflineError {
  return new AccountOfflineError(
    action === 'sign-in'
      ? msg('You are offline: signing in needs the network', { id: 'account.offlineSignIn' })
      : msg('You are offline: signing out needs the network', { id: 'account.offlineSignOut' }),
  );
}

function retryAfter(response: Response): number | null {
  const value = Number(response.headers.get('Retry-After'));
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** The problem's code and detail, or empty strings when the body is not problem JSON. */
async function problemOf(response: Response): Promise<{ code: string; detail: string }> {
  try {
    const body = (await response.json()) as { type?: unknown; detail?: unknown };
    const type = typeof body.type === 'string' ? body.type : '';
    return {
      code: type.startsWith(PROBLEM_TYPE_PREFIX) ? type.slice(PROBLEM_TYPE_PREFIX.length) : '',
      detail: typeof body.detail === 'string' ? body.detail : '',
    };
  } catch {
    return { code: '', detail: '' };
  }
}

function localised(code: string, retrySeconds: number | null): string | null {
  switch (code) {
    case 'invalidCredentials':
      return msg('The mail server did not accept this username and password.', {
        id: 'account.invalidCredentials',
      });
    case 'tooManyAttempts': {
      const minutes = Math.max(1, Math.ceil((retrySeconds ?? MINUTE_S) / MINUTE_S));
      return msg(str`Too many failed sign-ins. Try again in ${minutes} min.`, {
        id: 'account.tooManyAttempts',
      });
    }
    case 'serverUnreachable':
      return msg('The mail server could not be reached. Try again later.', {
        id: 'account.serverUnreachable',
      });
    case 'notSignedIn':
      return msg('You are not signed in.', { id: 'account.notSignedIn' });
    default:
      return tlsRefusalText(code);
  }
}

/** A failed response as a ProxyRefusedError carrying a message for the user. */
export async function refusal(response: Response): Promise<ProxyRefusedError> {
  const { code, detail } = await problemOf(response);
  const seconds = response.status === 429 ? retryAfter(response) : null;
  const message =
    localised(code, seconds) ??
    (detail ||
      msg(str`The server refused the request (HTTP ${response.status}).`, {
        id: 'account.httpError',
      }));
  return new ProxyRefusedError(message, response.status, code, seconds);
}
