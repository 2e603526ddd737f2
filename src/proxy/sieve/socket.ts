// The ManageSieve connection: plain TCP, implicit TLS, or the STARTTLS upgrade, each with a
// deadline; failures become SieveUnavailableError with the system's reason (never data).
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import type { Endpoint } from '../config/types.js';
import { upstreamTlsOptions } from '../security/tls-policy.js';
import { SieveUnavailableError } from './errors.js';

/** A server that has not connected within 10 s is down for a user waiting on "Save". */
export const SIEVE_CONNECT_TIMEOUT_MS = 10_000;
/**
 * One command and its response. CHECKSCRIPT and PUTSCRIPT compile the script and a failed
 * AUTHENTICATE may be slowed by the server on purpose, so not less.
 */
export const SIEVE_COMMAND_TIMEOUT_MS = 20_000;

export interface SieveConnectOptions {
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Extra trusted CA certificates (PEM), for a server with a private CA. */
  ca?: string | Buffer;
}

function tlsOptions(endpoint: Endpoint, options: SieveConnectOptions): ConnectionOptions {
  // The one policy (security/tls-policy.ts); the providers file's CA first, then a caller's.
  const ca = endpoint.ca ?? (options.ca === undefined ? undefined : String(options.ca));
  return upstreamTlsOptions({ ...endpoint, ...(ca ? { ca } : {}) });
}

function whenReady(
  socket: Socket,
  event: 'connect' | 'secureConnect',
  timeoutMs: number,
  what: string,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SieveUnavailableError(`${what} with the ManageSieve server timed out`));
    }, timeoutMs);
    const onError = (err: Error & { code?: string }) => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        new SieveUnavailableError(
          `${what} with the ManageSieve server failed (${err.code ?? err.message})`,
          { cause: err },
        ),
      );
    };
    socket.once('error', onError);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      // Later errors are reported through the reader; never crash the process.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/** TCP, or TLS from the first byte for `implicit`; resolves once ready to read the greeting. */
export function openSocket(
  endpoint: Endpoint,
  options: SieveConnectOptions,
  timeoutMs: number,
): Promise<Socket> {
  return endpoint.tls === 'implicit'
    ? whenReady(
        tlsConnect({ host: endpoint.host, port: endpoint.port, ...tlsOptions(endpoint, options) }),
        'secureConnect',
        timeoutMs,
        'connecting',
      )
    : whenReady(
        netConnect({ host: endpoint.host, port: endpoint.port }),
        'connect',
        timeoutMs,
        'connecting',
      );
}

/** The TLS handshake over a connected socket, after the server's OK to STARTTLS. */
export function upgradeSocket(
  plain: Socket,
  endpoint: Endpoint,
  options: SieveConnectOptions,
  timeoutMs: number,
): Promise<Socket> {
  return whenReady(
    tlsConnect({ socket: plain, ...tlsOptions(endpoint, options) }),
    'secureConnect',
    timeoutMs,
    'the TLS handshake',
  );
}
