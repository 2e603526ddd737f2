// Checking a username and password against the provider's IMAP server: LOGIN through
// imapflow, then LOGOUT. The same connection options are what the JMAP facade uses.
import { ImapFlow } from 'imapflow';
import type { ImapFlowOptions } from 'imapflow';
import type { Endpoint } from '../config/types.js';
import { upstreamTlsOptions } from '../security/tls-policy.js';

/** A server that does not answer within 10 s is down for a user waiting at a sign-in form. */
export const IMAP_CONNECT_TIMEOUT_MS = 10_000;
/** Greeting, and LOGIN itself: some servers take seconds to check a password on purpose. */
export const IMAP_GREETING_TIMEOUT_MS = 10_000;

export class UpstreamUnavailableError extends Error {
  override name = 'UpstreamUnavailableError';
}

/**
 * imapflow options for `endpoint`. `implicit` is TLS from the first byte; `starttls`
 * REQUIRES the upgrade (imapflow's default would carry on in cleartext if a man in the
 * middle strips the capability); `none` never upgrades (loopback and test servers only).
 */
export function imapClientOptions(endpoint: Endpoint, user: string, pass: string): ImapFlowOptions {
  const options: ImapFlowOptions = {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.tls === 'implicit',
    doSTARTTLS: endpoint.tls === 'starttls',
    auth: { user, pass },
    logger: false,
    connectionTimeout: IMAP_CONNECT_TIMEOUT_MS,
    greetingTimeout: IMAP_GREETING_TIMEOUT_MS,
    disableAutoIdle: true,
    // Verified certificate, TLS 1.2+, the name checked (security/tls-policy.ts).
    tls: upstreamTlsOptions(endpoint),
  };
  if (endpoint.servername) options.servername = endpoint.servername;
  return options;
}

/** True when the server accepted the login, false when it refused the credentials. */
export async function verifyImapLogin(
  endpoint: Endpoint,
  user: string,
  pass: string,
): Promise<boolean> {
  const client = new ImapFlow({ ...imapClientOptions(endpoint, user, pass), verifyOnly: true });
  // An error after connect() settled must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (err) {
    if ((err as { authenticationFailed?: boolean }).authenticationFailed) return false;
    const code = (err as { code?: string }).code;
    // The library's error stays the cause: tlsFailureOf() reads why TLS failed from it.
    throw new UpstreamUnavailableError(`IMAP connection failed${code ? ` (${code})` : ''}`, {
      cause: err,
    });
  } finally {
    client.close();
  }
}
