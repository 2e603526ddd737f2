// The proxy's one TLS policy toward upstream mail servers (IMAP, SMTP, POP3, ManageSieve),
// so every client builds its TLS options, and reads a failed handshake, the same way
// (ADR 0033): certificates always verified (only an operator-given CA replaces the system
// store), TLS 1.2 at least, the name checked is `servername` or else the host, and
// cleartext only for hosts the operator configured, never for hosts a user typed.
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import type { Endpoint, TlsMode } from '../config/types.js';
import { HttpError } from '../http/errors.js';

/**
 * TLS 1.0 and 1.1 are deprecated (RFC 8996). Node's default is already 1.2, but a
 * `--tls-min-v1.0` flag or NODE_OPTIONS would lower it for every connection; pinned here.
 */
export const MIN_UPSTREAM_TLS_VERSION = 'TLSv1.2';

/** What a user-typed server may use: a password never crosses the Internet in cleartext. */
export const TYPED_HOST_TLS_MODES: readonly TlsMode[] = ['implicit', 'starttls'];

/** True when `tls` is a mode a user-typed host may use (`none` is the operator's only). */
export function isTypedHostTls(tls: unknown): tls is 'implicit' | 'starttls' {
  return (TYPED_HOST_TLS_MODES as readonly unknown[]).includes(tls);
}

/** What the TLS options depend on: where we dial, the name to check, an operator's CA. */
export type TlsTarget = Pick<Endpoint, 'host' | 'servername' | 'ca'>;

/** The name the certificate must carry: `servername` when set (a typed host's name), else the host. */
export function upstreamTlsName(target: TlsTarget): string {
  return target.servername ?? target.host;
}

/**
 * Options for `tls.connect` (directly, or as imapflow's `tls` / nodemailer's `tls`).
 * The identity check is explicit so it names the same host whichever library connects
 * and whether it upgrades a socket (STARTTLS) or dials (implicit TLS). SNI carries host
 * names only (RFC 6066 §3); an IP is checked against the certificate's IP addresses.
 */
export function upstreamTlsOptions(target: TlsTarget): ConnectionOptions {
  const name = upstreamTlsName(target);
  return {
    rejectUnauthorized: true,
    minVersion: MIN_UPSTREAM_TLS_VERSION,
    ...(isIP(name) === 0 ? { servername: name } : {}),
    checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert),
    // A private CA given by the operator replaces the system store for this server only.
    ...(target.ca ? { ca: target.ca } : {}),
  };
}

/** Why TLS with a server failed, in the words the user is told. */
export type TlsFailure = 'certificate' | 'noEncryption' | 'outdated';

/** A server that does not offer the encryption asked for (STARTTLS/STLS missing or refused). */
export class NoUpstreamTlsError extends Error {
  override name = 'NoUpstreamTlsError';
  readonly failure: TlsFailure = 'noEncryption';
}

/** Node's codes for a certificate that failed verification (OpenSSL's X509 errors, and the name check). */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** OpenSSL refusing the protocol version (the server offers only TLS 1.0/1.1, or SSL). */
const OUTDATED_CODES = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
]);

/**
 * nodemailer keeps only the message of a TLS error ("Error initiating TLS - self-signed
 * certificate"), so the messages Node gives these failures are recognised too.
 */
const CERTIFICATE_TEXT =
  /self[- ]signed certificate|unable to (?:verify|get local issuer|get issuer)|certificate (?:has expired|is not yet valid|has been revoked|signature failure)|does not match certificate's altnames/i;
const OUTDATED_TEXT = /alert protocol version|unsupported protocol|no protocols available/i;
/** imapflow and nodemailer, when `starttls` is required and the server does not offer it. */
const NO_STARTTLS_TEXT =
  /does not support STARTTLS|STARTTLS is not possible|Error upgrading connection with STARTTLS|HELO does not support required STARTTLS/i;

/** Follows an error's `cause` chain (each client wraps the library's error as its cause). */
function* causes(err: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let e = err; e !== undefined && e !== null && !seen.has(e);) {
    seen.add(e);
    yield e;
    e = (e as { cause?: unknown }).cause;
  }
}

/** The TLS failure behind `err` (or its causes), or null when it is not about TLS. */
export function tlsFailureOf(err: unknown): TlsFailure | null {
  for (const e of causes(err)) {
    if (e instanceof NoUpstreamTlsError) return e.failure;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) return 'certificate';
    if (typeof code === 'string' && OUTDATED_CODES.has(code)) return 'outdated';
    const message = e instanceof Error ? e.message : '';
    if (CERTIFICATE_TEXT.test(message)) return 'certificate';
    if (OUTDATED_TEXT.test(message)) return 'outdated';
    if (NO_STARTTLS_TEXT.test(message)) return 'noEncryption';
  }
  return null;
}

/** The problem code the browser gets for each failure (502: the upstream is at fault). */
export type TlsRefusalCode = 'serverCertificateInvalid' | 'serverNotEncrypted' | 'serverTlsOutdated';

export const TLS_FAILURE_CODES: Readonly<Record<TlsFailure, TlsRefusalCode>> = {
  certificate: 'serverCertificateInvalid',
  noEncryption: 'serverNotEncrypted',
  outdated: 'serverTlsOutdated',
};

/** One sentence for the user, naming the server (`server` e.g. "The IMAP server of Example"). */
export function tlsFailureDetail(failure: TlsFailure, server: string): string {
  switch (failure) {
    case 'certificate':
      return `${server}: its certificate could not be verified, so Buzón did not connect or send your password. Check the server name, or ask the server's administrator.`;
    case 'noEncryption':
      return `${server} does not offer encryption (STARTTLS), so Buzón did not send your password.`;
    case 'outdated':
      return `${server} offers only an outdated TLS version (Buzón needs TLS 1.2 or newer), so Buzón did not connect.`;
  }
}

/** The HttpError for a TLS failure behind `err`, or null when `err` is not one. */
export function tlsHttpError(err: unknown, server: string): HttpError | null {
  const failure = tlsFailureOf(err);
  return failure === null
    ? null
    : new HttpError(502, TLS_FAILURE_CODES[failure], tlsFailureDetail(failure, server));
}
