// Installs and activates a Sieve script over ManageSieve (RFC 5804) with a raw socket, so
// tests can check that LMTP deliveries run the user's filters.
import { LineConnection } from './line-connection.js';

export interface SieveTarget {
  host: string;
  sievePort: number;
}

export class ManageSieveError extends Error {
  override name = 'ManageSieveError';
}

/** Reads lines up to the response that ends a command: OK, NO or BYE (RFC 5804 §1.2). */
async function readResponse(conn: LineConnection): Promise<string> {
  for (;;) {
    const line = await conn.readLine();
    if (/^(OK|NO|BYE)\b/.test(line)) return line;
  }
}

const quoted = (value: string): string => {
  if (/["\\\r\n]/.test(value)) throw new ManageSieveError(`cannot quote ${JSON.stringify(value)}`);
  return `"${value}"`;
};

/**
 * Logs in with SASL PLAIN, uploads `script` as `name` and makes it the active script.
 * Returns the final response line of each step (greeting, AUTHENTICATE, PUTSCRIPT,
 * SETACTIVE); a step answered NO or BYE throws.
 */
export async function installSieveScript(
  target: SieveTarget,
  user: string,
  pass: string,
  name: string,
  script: string,
): Promise<string[]> {
  const conn = await LineConnection.open(target.host, target.sievePort);
  const replies: string[] = [];
  const step = async (): Promise<void> => {
    const reply = await readResponse(conn);
    replies.push(reply);
    if (!reply.startsWith('OK')) throw new ManageSieveError(`ManageSieve refused: ${reply}`);
  };
  try {
    await step();
    const plain = Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');
    conn.writeLine(`AUTHENTICATE "PLAIN" ${quoted(plain)}`);
    await step();
    const bytes = Buffer.from(script, 'utf8');
    // A non-synchronising literal {n+} (RFC 5804 §4): no wait for a continuation.
    conn.write(`PUTSCRIPT ${quoted(name)} {${bytes.length}+}\r\n`);
    conn.write(bytes);
    conn.write('\r\n');
    await step();
    conn.writeLine(`SETACTIVE ${quoted(name)}`);
    await step();
    conn.writeLine('LOGOUT');
    await readResponse(conn).catch(() => undefined);
    return replies;
  } finally {
    conn.close();
  }
}
