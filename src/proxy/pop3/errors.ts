// POP3 and storage failures as the browser sees them: HTTP problems for the account
// routes, error codes and sentences for a check's job.
import { HttpError } from '../http/errors.js';
import { ImapAuthError, ImapUnavailableError } from '../imap/pool.js';
import { ImapRefusedError } from '../imap/writes.js';
import {
  Pop3AuthError,
  Pop3CommandError,
  Pop3ProtocolError,
  Pop3TimeoutError,
  Pop3UnavailableError,
} from './client.js';
import type { JobErrorCode } from './jobs.js';
import { tlsFailureDetail, tlsFailureOf, tlsHttpError } from '../security/tls-policy.js';
import { MetadataUnsupportedError } from './metadata.js';

export const POP3_AUTH_DETAIL = 'The POP3 server did not accept this username and password.';

/** An error of the account routes as the problem the browser gets; unknown errors pass through. */
export function httpErrorOf(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  if (err instanceof Pop3AuthError)
    return new HttpError(400, 'pop3InvalidCredentials', POP3_AUTH_DETAIL);
  if (err instanceof Pop3UnavailableError || err instanceof Pop3TimeoutError)
    return (
      tlsHttpError(err, 'The POP3 server') ??
      new HttpError(
        502,
        'pop3Unreachable',
        'Could not reach the POP3 server. Check the server and try again.',
      )
    );
  if (err instanceof Pop3ProtocolError || err instanceof Pop3CommandError)
    return new HttpError(
      502,
      'pop3Protocol',
      'The POP3 server answered in a way Buzón does not understand.',
    );
  if (err instanceof MetadataUnsupportedError)
    return new HttpError(
      501,
      'metadataUnsupported',
      'Your mail server cannot keep the list of POP3 accounts (it lacks IMAP METADATA).',
    );
  if (err instanceof ImapAuthError)
    return new HttpError(
      401,
      'notSignedIn',
      'The mail server no longer accepts your password. Sign in again.',
    );
  if (err instanceof ImapUnavailableError)
    return new HttpError(502, 'serverUnreachable', 'Your mail server cannot be reached.');
  return err;
}

/** Why a check stopped, as a code and an English sentence. */
export function jobErrorOf(err: unknown): { code: JobErrorCode; message: string } {
  if (err instanceof Pop3AuthError) return { code: 'auth', message: POP3_AUTH_DETAIL };
  if (err instanceof Pop3UnavailableError || err instanceof Pop3TimeoutError) {
    const tls = tlsFailureOf(err);
    return {
      code: 'unreachable',
      message: tls ? tlsFailureDetail(tls, 'The POP3 server') : 'Could not reach the POP3 server.',
    };
  }
  if (err instanceof Pop3ProtocolError || err instanceof Pop3CommandError)
    return {
      code: 'protocol',
      message: 'The POP3 server answered in a way Buzón does not understand.',
    };
  if (err instanceof HttpError && err.code === 'hostNotAllowed')
    return { code: 'hostNotAllowed', message: err.detail };
  if (err instanceof HttpError) return { code: 'failed', message: err.detail };
  if (
    err instanceof ImapRefusedError ||
    err instanceof ImapUnavailableError ||
    err instanceof ImapAuthError ||
    err instanceof MetadataUnsupportedError
  )
    return { code: 'mailbox', message: 'Your mailbox did not take the fetched messages.' };
  return { code: 'failed', message: 'The check failed.' };
}
