// Hands one message to the provider's SMTP submission server with nodemailer's
// SMTPConnection, signed in with the session's own credentials (ADR 0009). One connection
// per submission: sending is rare next to reading, and nothing is left open to reuse a
// password the session may no longer hold. The outcome is sorted into what the JMAP layer
// needs to answer: sent (with refused recipients), too large, refused, auth, unreachable.
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Endpoint } from '../config/types.js';
import { tlsFailureDetail, tlsFailureOf, upstreamTlsOptions } from '../security/tls-policy.js';

/** Connecting and the greeting: as for IMAP (auth/imap-login.ts), a dead host fails fast. */
export const SMTP_CONNECT_TIMEOUT_MS = 10_000;
export const SMTP_GREETING_TIMEOUT_MS = 10_000;
/** Silence on an open connection; 50 MB at a slow uplink still fits. */
export const SMTP_SOCKET_TIMEOUT_MS = 120_000;

export interface SmtpCredentials {
  user: string;
  pass: string;
}

export interface SmtpEnvelope {
  mailFrom: string;
  rcptTo: readonly string[];
}

export interface SmtpRefusal {
  email: string;
  /** The server's reply, e.g. `550 5.1.1 no such user`. */
  reply: string;
}

export interface SmtpSent {
  accepted: string[];
  /** Recipients refused during the transfer: nodemailer does not throw for these. */
  rejected: SmtpRefusal[];
  /** The reply to the end of DATA. */
  response: string;
}

/** The server could not be reached or dropped the connection: try again later. */
export class SmtpUnavailableError extends Error {
  override name = 'SmtpUnavailableError';
}

/** The server refused the credentials. */
export class SmtpAuthError extends Error {
  override name = 'SmtpAuthError';
}

/** Bigger than the SIZE the server advertised; nothing was sent. */
export class SmtpTooLargeError extends Error {
  override name = 'SmtpTooLargeError';
  constructor(readonly maxSize: number) {
    super(`the mail server accepts messages up to ${maxSize} bytes`);
  }
}

/** The server refused the sender, every recipient or the message itself. */
export class SmtpRefusedError extends Error {
  override name = 'SmtpRefusedError';
  constructor(
    message: string,
    readonly stage: 'mailFrom' | 'rcptTo' | 'data',
    readonly rejected: readonly SmtpRefusal[] = [],
  ) {
    super(message);
  }
}

interface NodemailerError extends Error {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  rejected?: string[];
  rejectedErrors?: NodemailerError[];
}

/** nodemailer refuses a message over the EHLO SIZE with this text before MAIL FROM. */
const SIZE_REFUSAL = /^Message size larger than allowed (\d+)/;

const UNAVAILABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS']);

export function smtpConnectionOptions(endpoint: Endpoint): SMTPConnection.Options {
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.tls === 'implicit',
    // `starttls` must upgrade: never fall back to cleartext when the capability is stripped.
    requireTLS: endpoint.tls === 'starttls',
    ignoreTLS: endpoint.tls === 'none',
    ...(endpoint.servername ? { servername: endpoint.servername } : {}),
    // Verified certificate, TLS 1.2+, the name checked (security/tls-policy.ts).
    tls: upstreamTlsOptions(endpoint),
    name: 'buzon',
    connectionTimeout: SMTP_CONNECT_TIMEOUT_MS,
    greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
    socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
    // Its logger would print AUTH lines and message data: off, like imapflow's.
    logger: false,
    debug: false,
    transactionLog: false,
  };
}

interface Refusals {
  rejected?: readonly string[] | undefined;
  rejectedErrors?: readonly { response?: string | undefined; message: string }[] | undefined;
}

function refusalsOf(from: Refusals): SmtpRefusal[] {
  const errors = from.rejectedErrors ?? [];
  const emails = from.rejected ?? [];
  return emails.map((email, i) => ({
    email,
    reply: errors[i]?.response ?? errors[i]?.message ?? 'refused',
  }));
}

/** Sorts a nodemailer failure into the errors above. */
function classify(err: NodemailerError): Error {
  const size = SIZE_REFUSAL.exec(err.message);
  if (size) return new SmtpTooLargeError(Number(size[1]));
  if (err.code === 'EAUTH') return new SmtpAuthError('the mail server refused the credentials');
  const tls = tlsFailureOf(err);
  if (tls !== null)
    return new SmtpUnavailableError(tlsFailureDetail(tls, 'The SMTP server'), { cause: err });
  if (err.code && UNAVAILABLE_CODES.has(err.code))
    return new SmtpUnavailableError(`the mail server cannot be reached (${err.code})`, {
      cause: err,
    });
  if (err.responseCode === 552 && err.command === 'MAIL FROM') return new SmtpTooLargeError(0);
  if (err.code === 'EENVELOPE' && err.command === 'RCPT TO')
    return new SmtpRefusedError('every recipient was refused', 'rcptTo', refusalsOf(err));
  if (err.code === 'EENVELOPE')
    return new SmtpRefusedError(
      `the sender was refused: ${err.response ?? err.message}`,
      'mailFrom',
    );
  if (err.responseCode !== undefined && err.responseCode >= 400 && err.responseCode < 500)
    return new SmtpUnavailableError(`the mail server deferred the message: ${err.response ?? ''}`);
  return new SmtpRefusedError(`the message was refused: ${err.response ?? err.message}`, 'data');
}

type Done<T> = (err: NodemailerError | null, value?: T) => void;

/** One callback step, failed early when the connection reports an error instead. */
function step<T>(broken: Promise<never>, run: (done: Done<T>) => void): Promise<T> {
  const result = new Promise<T>((resolve, reject) => {
    run((err, value) => (err ? reject(err) : resolve(value as T)));
  });
  return Promise.race([result, broken]);
}

/**
 * Connects, signs in, and sends `raw` with `envelope`. The declared size lets nodemailer
 * refuse a message over the server's SIZE before MAIL FROM, so no DATA is ever started
 * for it. Throws the error classes above.
 */
export async function submitMessage(
  endpoint: Endpoint,
  credentials: SmtpCredentials,
  envelope: SmtpEnvelope,
  raw: Buffer,
): Promise<SmtpSent> {
  const connection = new SMTPConnection(smtpConnectionOptions(endpoint));
  // nodemailer reports connection failures as 'error' events, not through the callbacks.
  let fail: (err: NodemailerError) => void = () => undefined;
  const broken = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  broken.catch(() => undefined);
  connection.on('error', (err: NodemailerError) => fail(err));
  connection.on('end', () =>
    fail(Object.assign(new Error('the connection was closed'), { code: 'ECONNECTION' })),
  );
  try {
    await step<undefined>(broken, (done) => connection.connect((err) => done(err ?? null)));
    await step<boolean>(broken, (done) =>
      connection.login({ user: credentials.user, pass: credentials.pass }, done),
    );
    const info = await step<SMTPConnection.SentMessageInfo>(broken, (done) =>
      connection.send(
        { from: envelope.mailFrom, to: [...envelope.rcptTo], size: raw.length },
        raw,
        done,
      ),
    );
    const rejected = refusalsOf(info);
    connection.quit();
    return { accepted: info.accepted, rejected, response: info.response };
  } catch (err) {
    connection.close();
    throw classify(err as NodemailerError);
  }
}
