// Waits until a freshly started server answers with an IMAP greeting. Dovecot's master binds
// every listener before it forks, so a greeting on the IMAP port means LMTP, POP3 and
// ManageSieve are listening too.
import { LineConnection } from './line-connection.js';

/** Between connection attempts: short, since Dovecot is usually up within a few tenths. */
const RETRY_EVERY_MS = 50;

export class GreetingTimeoutError extends Error {
  override name = 'GreetingTimeoutError';
}

/** Polls until greeted, the timeout passes, or `signal` aborts (the caller gave up). */
export async function waitForGreeting(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no attempt made';
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      const conn = await LineConnection.open(host, port, Math.max(1, deadline - Date.now()));
      try {
        const greeting = await conn.readLine(Math.max(1, deadline - Date.now()));
        if (greeting.startsWith('* OK')) return greeting;
        lastProblem = `unexpected greeting: ${greeting}`;
      } finally {
        conn.close();
      }
    } catch (err) {
      lastProblem = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
  }
  throw new GreetingTimeoutError(`no IMAP greeting on ${host}:${port} within ${timeoutMs} ms (${lastProblem})`);
}

export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/** Rejects if `promise` has not settled within `ms`: a missing event fails instead of hanging. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
