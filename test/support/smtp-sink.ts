// A loopback SMTP submission server for tests (the `smtp-server` package): it requires
// AUTH PLAIN/LOGIN with a test user's credentials, records every submission (envelope and
// the exact bytes), refuses unknown local recipients one by one at RCPT TO (so a partly
// refused send is real), enforces the SIZE it advertises, and delivers local recipients
// to the test Dovecot over LMTP. Listens on 127.0.0.1 on a free port only.
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { deliverByLmtp } from './dovecot/lmtp.js';
import type { LmtpTarget } from './dovecot/lmtp.js';

/** Small enough for a test to exceed on purpose, large enough for everyday fixtures. */
export const DEFAULT_SINK_MAX_SIZE = 1024 * 1024;

export interface SmtpSinkOptions {
  /** Who may sign in; recipients at `localDomain` not in this list are refused. */
  users: readonly { user: string; pass: string }[];
  /** Where local recipients are delivered; omitted: they are only recorded. */
  lmtp?: LmtpTarget;
  /** The domain whose recipients are checked and delivered locally. */
  localDomain?: string;
  /** Advertised SIZE; bigger messages are refused. */
  maxSize?: number;
  /**
   * Also take mail without AUTH from a loopback peer, as a relay takes it from the local
   * mail server: Dovecot's Sieve (vacation, redirect) submits without signing in. Off by
   * default: submissions then need AUTH as before.
   */
  acceptUnauthenticatedFromLoopback?: boolean;
}

export interface SinkSubmission {
  /** The user who signed in for it. */
  user: string;
  mailFrom: string;
  rcptTo: string[];
  /** The message bytes as received after DATA (dot-unstuffed). */
  raw: Buffer;
}

export interface SmtpSink {
  host: string;
  port: number;
  maxSize: number;
  /** Every message accepted, in order. */
  readonly submissions: SinkSubmission[];
  /** Every AUTH attempt: the username and whether it was accepted. */
  readonly logins: { user: string; ok: boolean }[];
  /** Counts of MAIL FROM and DATA commands seen (accepted or not). */
  readonly counts: { mailFrom: number; data: number };
  /** Recipients refused at RCPT TO. */
  readonly refused: string[];
  stop(): Promise<void>;
}

/** An SMTP reply error: smtp-server answers with `responseCode` and the message. */
function replyError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

const isLoopback = (address: string): boolean =>
  address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');

const userOf = (session: SMTPServerSession): string =>
  typeof session.user === 'string' ? session.user : '';

export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const localDomain = (options.localDomain ?? 'buzon.test').toLowerCase();
  const maxSize = options.maxSize ?? DEFAULT_SINK_MAX_SIZE;
  const known = new Map(options.users.map((u) => [u.user.toLowerCase(), u.pass]));
  const submissions: SinkSubmission[] = [];
  const logins: { user: string; ok: boolean }[] = [];
  const counts = { mailFrom: 0, data: 0 };
  const refused: string[] = [];

  const server = new SMTPServer({
    secure: false,
    // Loopback only: no TLS, so AUTH over plain text must be allowed explicitly.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: maxSize,
    // AUTH stays required unless unauthenticated loopback mail is allowed (checked at MAIL FROM).
    authOptional: options.acceptUnauthenticatedFromLoopback === true,
    logger: false,
    // Idle test connections are ended at once when the sink stops.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      const user = (auth.username ?? '').toLowerCase();
      const ok = known.has(user) && known.get(user) === auth.password;
      logins.push({ user, ok });
      if (!ok) return callback(replyError(535, '5.7.8 Authentication credentials invalid'));
      callback(null, { user });
    },
    onMailFrom(_address, session, callback) {
      counts.mailFrom++;
      if (!session.user && !isLoopback(session.remoteAddress))
        return callback(replyError(530, '5.7.0 Authentication required'));
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const email = address.address.toLowerCase();
      const domain = email.slice(email.lastIndexOf('@') + 1);
      if (domain === localDomain && !known.has(email)) {
        refused.push(address.address);
        return callback(replyError(550, `5.1.1 <${address.address}>: no such user here`));
      }
      callback();
    },
    onData(stream, session, callback) {
      counts.data++;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          return callback(replyError(552, '5.3.4 Message exceeds the fixed maximum size'));
        }
        const raw = Buffer.concat(chunks);
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const rcptTo = session.envelope.rcptTo.map((r) => r.address);
        const local = rcptTo.filter((r) => r.toLowerCase().endsWith(`@${localDomain}`));
        const delivered =
          options.lmtp && local.length > 0
            ? deliverByLmtp(options.lmtp, local, raw, { from: mailFrom || undefined })
            : Promise.resolve();
        // Recorded before the recipients' mailboxes can show it (a test that waits for
        // the delivery then finds the record), and taken back if the delivery fails.
        const record = { user: userOf(session), mailFrom, rcptTo, raw };
        submissions.push(record);
        delivered.then(
          () => callback(null, '2.0.0 queued by the test sink'),
          (err: unknown) => {
            submissions.splice(submissions.indexOf(record), 1);
            callback(replyError(451, `4.3.0 local delivery failed: ${(err as Error).message}`));
          },
        );
      });
    },
  });

  const host = '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    host,
    port,
    maxSize,
    submissions,
    logins,
    counts,
    refused,
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}
