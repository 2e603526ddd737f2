// No secrets in logs. Log lines are built from key=value fields; fields whose name says
// "secret" are masked by name, and free text (an upstream error message, a URL) is
// scrubbed of the shapes a secret takes on the wire: IMAP LOGIN/AUTHENTICATE arguments,
// SMTP AUTH, Authorization and Cookie headers, `password=` pairs and JSON members.
import type { LogSink } from '../config/types.js';

const MASK = '[redacted]';

/** Field names whose values are never logged. */
const SECRET_KEY = /pass|secret|token|cookie|authorization|session|credential|key/i;

const SCRUBBERS: readonly [RegExp, string][] = [
  // IMAP: `tag LOGIN user pass`, `tag AUTHENTICATE PLAIN <base64>`. Upper case only, as
  // clients send and log them, so that our own "login failed user=…" lines stay readable.
  [/\b(LOGIN\s+\S+\s+)("(?:[^"\\]|\\.)*"|\{\d+\+?\}|\S+)/g, `$1${MASK}`],
  [/\b(AUTHENTICATE\s+\S+\s+)\S+/g, `$1${MASK}`],
  // SMTP: `AUTH PLAIN <base64>` / `AUTH LOGIN <base64>`.
  [/\b(AUTH\s+(?:PLAIN|LOGIN|XOAUTH2|OAUTHBEARER)\s+)\S+/g, `$1${MASK}`],
  // HTTP headers.
  [/\b((?:Authorization|Proxy-Authorization|Cookie|Set-Cookie)\s*:\s*).*/gi, `$1${MASK}`],
  // Cookie values by our names.
  [/((?:__Host-)?buzon-session=)[^;\s]*/gi, `$1${MASK}`],
  // JSON members and key=value pairs with a secret-like name.
  [/("[^"]*(?:pass|secret|token)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${MASK}"`],
  [/\b([\w-]*(?:pass|secret|token)[\w-]*=)[^&\s]*/gi, `$1${MASK}`],
];

/** Scrubs secrets out of a free-text log line. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

export type LogFields = Record<string, string | number | boolean | undefined>;

/** `event key=value …` with secret-named fields masked, every value scrubbed and quoted when needed. */
export function formatLogLine(event: string, fields: LogFields = {}): string {
  const parts = [event];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = SECRET_KEY.test(key) ? MASK : redact(String(value)).replace(/[\r\n]+/g, ' ');
    parts.push(`${key}=${/[\s"]/.test(text) ? JSON.stringify(text) : text}`);
  }
  return parts.join(' ');
}

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
}

export function createLogger(sink: LogSink): Logger {
  return {
    info: (event, fields) => sink(formatLogLine(event, fields)),
    warn: (event, fields) => sink(formatLogLine(`WARN ${event}`, fields)),
  };
}
