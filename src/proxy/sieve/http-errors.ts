// ManageSieve failures as the browser sees them: problem details (RFC 9457) with a code and
// a sentence; a script the server refused keeps the server's own text (its line numbers).
import { HttpError } from '../http/errors.js';
import { UnsafeInputError } from '../security/crlf.js';
import { tlsHttpError } from '../security/tls-policy.js';
import {
  SieveAuthError,
  SieveCommandError,
  SieveError,
  SieveInputError,
  SieveQuotaError,
  SieveScriptError,
  SieveTryLaterError,
} from './errors.js';

/** A server's error text is shown to the user; a few screens of errors is plenty. */
const MAX_SERVER_TEXT_CHARS = 4000;

/** How long a browser waits before retrying after TRYLATER: the server said "soon". */
const TRY_LATER_SECONDS = 30;

/** 409: another client's script is active; the browser asks the user, then sends `replaceActive`. */
export class OtherScriptActiveError extends HttpError {
  override name = 'OtherScriptActiveError';
  constructor(readonly otherActive: string) {
    super(
      409,
      'otherScriptActive',
      `Another filter script, "${otherActive}", is active on your mail server. Installing Buzón's filters turns it off.`,
    );
  }
}

function serverText(err: SieveCommandError, fallback: string): string {
  const text = err.serverText.trim();
  return text === '' ? fallback : text.slice(0, MAX_SERVER_TEXT_CHARS);
}

/** The HttpError for a failure of the Sieve routes; unknown errors pass through. */
export function httpErrorOf(err: unknown): unknown {
  if (err instanceof HttpError || err instanceof UnsafeInputError) return err;
  if (err instanceof SieveScriptError)
    return new HttpError(
      400,
      'sieveRejected',
      serverText(err, 'The mail server refused the filter script.'),
    );
  if (err instanceof SieveQuotaError)
    return new HttpError(
      507,
      'sieveQuota',
      serverText(err, 'The mail server has no room for the filter script.'),
    );
  if (err instanceof SieveTryLaterError)
    return new HttpError(
      503,
      'sieveBusy',
      'The mail server is busy with filters. Try again in a moment.',
      {
        'Retry-After': String(TRY_LATER_SECONDS),
      },
    );
  if (err instanceof SieveAuthError)
    return new HttpError(502, 'sieveAuthFailed', 'The filter server did not accept your sign-in.');
  if (err instanceof SieveInputError) return new HttpError(400, 'invalidArguments', err.message);
  if (err instanceof SieveCommandError)
    return new HttpError(
      502,
      'sieveRefused',
      serverText(err, 'The mail server refused the filter change.'),
    );
  if (err instanceof SieveError)
    return (
      tlsHttpError(err, 'The filter server (ManageSieve)') ??
      new HttpError(
        502,
        'sieveUnreachable',
        'Could not reach the filter server (ManageSieve). Try again later.',
      )
    );
  return err;
}
