// Writes the test Cyrus's SASL password database with Cyrus SASL's own saslpasswd2, so
// logins (IMAP LOGIN, HTTP Basic on JMAP) are checked against real stored passwords.
import { spawn } from 'node:child_process';

export class SasldbError extends Error {
  override name = 'SasldbError';
}

export interface SasldbEntry {
  user: string;
  pass: string;
  /**
   * SASL realm. Users named user@domain get the domain as realm from saslpasswd2 itself;
   * an unqualified user (the admin) must be stored under Cyrus's servername, which is the
   * realm Cyrus looks unqualified users up in.
   */
  realm?: string;
}

/** saslpasswd2 answers within milliseconds; longer means it is waiting for something. */
const SASLPASSWD_TIMEOUT_MS = 10_000;

function addOne(
  binary: string,
  env: NodeJS.ProcessEnv,
  file: string,
  entry: SasldbEntry,
): Promise<void> {
  const args = ['-p', '-f', file, ...(entry.realm ? ['-u', entry.realm] : []), '-c', entry.user];
  return new Promise((resolve, reject) => {
    // -p reads the password from stdin, so it never shows up in the process list.
    const child = spawn(binary, args, {
      env,
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: SASLPASSWD_TIMEOUT_MS,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (err) =>
      reject(new SasldbError(`saslpasswd2 could not run: ${err.message}`)),
    );
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new SasldbError(
            `saslpasswd2 for ${entry.user} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`,
          ),
        );
    });
    child.stdin.end(entry.pass);
  });
}

/** Creates `file` with one entry per user; sequential, since each run rewrites the file. */
export async function writeSasldb(
  binary: string,
  env: NodeJS.ProcessEnv,
  file: string,
  entries: readonly SasldbEntry[],
): Promise<void> {
  for (const entry of entries) await addOne(binary, env, file, entry);
}
