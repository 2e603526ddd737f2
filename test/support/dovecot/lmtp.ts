// A minimal LMTP client (RFC 2033) for delivering test mail into Dovecot. Written by hand
// because nodemailer does not throw when LMTP refuses a recipient after DATA: here every
// reply is checked, including the one-per-recipient replies that end the transfer.
import { LineConnection } from './line-connection.js';

export class LmtpError extends Error {
  override name = 'LmtpError';
  constructor(
    message: string,
    /** The server's reply line that caused the failure. */
    readonly reply: string,
    /** The recipient the reply was about, when it was about one. */
    readonly recipient?: string,
  ) {
    super(message);
  }
}

export interface LmtpTarget {
  host: string;
  port: number;
}

export interface LmtpDeliveryOptions {
  /** Envelope sender; the message's own From header is not touched. */
  from?: string;
}

const DEFAULT_SENDER = 'sender@buzon.test';

/** Multi-line SMTP replies read "250-…" until the last line "250 …". */
async function readReply(conn: LineConnection): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  for (;;) {
    const line = await conn.readLine();
    lines.push(line);
    if (!/^\d{3}-/.test(line)) break;
  }
  const last = lines[lines.length - 1] ?? '';
  return { code: Number.parseInt(last.slice(0, 3), 10), text: lines.join('\n') };
}

async function expect(conn: LineConnection, ok: (code: number) => boolean, step: string): Promise<void> {
  const reply = await readReply(conn);
  if (!ok(reply.code)) throw new LmtpError(`LMTP ${step} refused: ${reply.text}`, reply.text);
}

const isPositive = (code: number): boolean => code >= 200 && code < 300;

/**
 * The message as it goes on the wire after DATA: CRLF line ends, a leading dot doubled
 * (RFC 5321 §4.5.2), a final CRLF, then the lone dot that ends the data.
 */
export function encodeLmtpData(raw: string | Uint8Array): Buffer {
  const text = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
  // latin1 maps bytes 1:1, so 8-bit content passes through the line fix-ups untouched.
  let body = text.toString('latin1').replace(/\r?\n/g, '\r\n');
  body = body.replace(/(^|\r\n)\./g, '$1..');
  if (!body.endsWith('\r\n')) body += '\r\n';
  return Buffer.from(`${body}.\r\n`, 'latin1');
}

/**
 * Delivers one message to the given recipients. Resolves only if every recipient accepted
 * it after the data; rejects with `LmtpError` naming the first recipient that did not.
 */
export async function deliverByLmtp(
  target: LmtpTarget,
  recipients: readonly string[],
  raw: string | Uint8Array,
  options: LmtpDeliveryOptions = {},
): Promise<void> {
  if (recipients.length === 0) throw new LmtpError('LMTP delivery needs at least one recipient', '');
  for (const address of [options.from ?? DEFAULT_SENDER, ...recipients]) {
    if (/[\r\n<>]/.test(address)) throw new LmtpError(`invalid address ${JSON.stringify(address)}`, '');
  }
  const conn = await LineConnection.open(target.host, target.port);
  try {
    await expect(conn, (c) => c === 220, 'greeting');
    conn.writeLine('LHLO buzon.test');
    await expect(conn, isPositive, 'LHLO');
    conn.writeLine(`MAIL FROM:<${options.from ?? DEFAULT_SENDER}>`);
    await expect(conn, isPositive, 'MAIL FROM');
    for (const rcpt of recipients) {
      conn.writeLine(`RCPT TO:<${rcpt}>`);
      const reply = await readReply(conn);
      if (!isPositive(reply.code)) {
        throw new LmtpError(`LMTP refused recipient ${rcpt}: ${reply.text}`, reply.text, rcpt);
      }
    }
    conn.writeLine('DATA');
    await expect(conn, (c) => c === 354, 'DATA');
    conn.write(encodeLmtpData(raw));
    // LMTP answers once per accepted recipient, in RCPT order (RFC 2033 §4.2).
    for (const rcpt of recipients) {
      const reply = await readReply(conn);
      if (!isPositive(reply.code)) {
        throw new LmtpError(`LMTP did not deliver to ${rcpt}: ${reply.text}`, reply.text, rcpt);
      }
    }
    conn.writeLine('QUIT');
    await readReply(conn).catch(() => undefined);
  } finally {
    conn.close();
  }
}
