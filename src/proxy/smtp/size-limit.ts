// SEND-12: the SMTP server's SIZE (RFC 1870), learned from its EHLO answer so the Session
// can report it (RFC 8621 §1.3.2 submissionExtensions) and the browser refuses a message
// that is too big before it is queued. Learned per SMTP endpoint (not per user: SIZE is
// the server's) and remembered for a while, because the Session is answered on every
// page load and an EHLO costs a connection.
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Endpoint } from '../config/types.js';
import { smtpConnectionOptions } from './transport.js';

/** How long a learned SIZE is trusted: a server's limit changes with its configuration only. */
export const SIZE_TTL_MS = 60 * 60 * 1000;
/** An EHLO that has not answered by then is not worth holding the Session for. */
export const SIZE_PROBE_TIMEOUT_MS = 5_000;

interface Learned {
  /** Bytes; null when the server advertises no SIZE (or SIZE 0: no fixed limit). */
  size: number | null;
  at: number;
}

const learned = new Map<string, Learned>();
const probing = new Map<string, Promise<void>>();

function keyOf(e: Endpoint): string {
  return `${e.host}:${e.port}:${e.tls}`;
}

/** The SIZE last learned for this endpoint, or null (none advertised, or not known yet). */
export function knownSmtpSize(endpoint: Endpoint): number | null {
  return learned.get(keyOf(endpoint))?.size ?? null;
}

/**
 * nodemailer parses EHLO's SIZE into this field (it refuses a bigger message with it);
 * it has no public getter, so it is read here, in one place.
 */
function advertisedSize(connection: SMTPConnection): number | null {
  const size = (connection as unknown as { _maxAllowedSize?: unknown })._maxAllowedSize;
  return typeof size === 'number' && Number.isSafeInteger(size) && size > 0 ? size : null;
}

async function probe(endpoint: Endpoint, now: number): Promise<void> {
  const connection = new SMTPConnection({
    ...smtpConnectionOptions(endpoint),
    connectionTimeout: SIZE_PROBE_TIMEOUT_MS,
    greetingTimeout: SIZE_PROBE_TIMEOUT_MS,
    socketTimeout: SIZE_PROBE_TIMEOUT_MS,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      // connect() calls back after EHLO (and after STARTTLS and the EHLO that follows it).
      connection.connect((err) => (err ? reject(err) : resolve()));
    });
    learned.set(keyOf(endpoint), { size: advertisedSize(connection), at: now });
    connection.quit();
  } catch {
    // Unknown stays unknown: the submission itself still meets the server's own check.
    connection.close();
  }
}

/**
 * Learns the endpoint's SIZE unless it was learned within SIZE_TTL_MS; concurrent calls
 * share one probe. Never throws.
 */
export async function learnSmtpSize(endpoint: Endpoint, now = Date.now()): Promise<void> {
  const key = keyOf(endpoint);
  const known = learned.get(key);
  if (known && now - known.at < SIZE_TTL_MS) return;
  let running = probing.get(key);
  if (!running) {
    running = probe(endpoint, now).finally(() => probing.delete(key));
    probing.set(key, running);
  }
  await running;
}

/**
 * What the Session waits for at most: a slow or dead SMTP server must not hold up the
 * mailbox. The probe carries on; the next Session reports what it learned.
 */
export const SIZE_SESSION_WAIT_MS = 1_000;

/** learnSmtpSize, waited for at most `waitMs`. Never throws. */
export async function learnSmtpSizeWithin(
  endpoint: Endpoint,
  waitMs = SIZE_SESSION_WAIT_MS,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wait = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
    timer.unref?.();
  });
  await Promise.race([learnSmtpSize(endpoint), wait]);
  clearTimeout(timer);
}
