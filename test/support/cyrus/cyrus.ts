// Starts a real Cyrus IMAP 3.6 (Debian's build, unpacked by test/setup/ensure-cyrus.mjs) as
// the JMAP server of a test run: own config in a fresh temp folder, loopback only, free high
// ports, users in its own sasldb, stopped by PID. No Vitest imports, so any test or bench can
// use it. What this Cyrus can and cannot do is listed in index.ts.
import { type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';

import { deliverByLmtp, type LmtpDeliveryOptions } from '../dovecot/lmtp.js';
import { waitForGreeting } from '../dovecot/wait.js';
import type { CyrusPaths, CyrusPorts, CyrusSmtp, CyrusUser } from './config.js';
import { findPrograms, prepare } from './layout.js';
import { CyrusStartError, launchMaster, stopMaster, type RunningMaster } from './process.js';
import { provisionMailboxes } from './provision.js';
import { resolveCyrusRunAs } from './run-as.js';

export { CyrusStartError } from './process.js';
export type { CyrusSmtp, CyrusUser } from './config.js';

export interface CyrusOptions {
  /** Default: alice@buzon.test and bob@buzon.test. */
  users?: readonly CyrusUser[];
  /**
   * The SMTP server EmailSubmission/set hands mail to (e.g. test/support/smtp-sink.ts, with
   * `user`/`pass` as the one relay login). Without it the account has no submission
   * capability and Identity/get answers accountNotSupportedByMethod.
   */
  smtp?: CyrusSmtp;
}

export interface CyrusInstance {
  host: string;
  httpPort: number;
  imapPort: number;
  lmtpPort: number;
  /** The JMAP Session resource (RFC 8620 §2), answered directly (no redirect). */
  sessionUrl: string;
  /** RFC 8620 §2.2 autodiscovery: answers 301 to sessionUrl. */
  wellKnownUrl: string;
  users: readonly CyrusUser[];
  /** A global admin (Cyrus `admins:`), with a password made up per instance. */
  admin: CyrusUser;
  /** The temp folder holding config, databases and mail. Removed by stop(). */
  dir: string;
  /** The master process; every Cyrus process runs in its process group. */
  pid: number;
  /** Delivers a raw RFC 5322 message over LMTP (Cyrus lmtpd); rejects if a recipient refuses. */
  deliver(
    user: string | readonly string[],
    raw: string | Uint8Array,
    options?: LmtpDeliveryOptions,
  ): Promise<void>;
  /** SIGTERM to master (it stops its services), SIGKILL to its group after a grace period; removes the temp folder. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_CYRUS_USERS: readonly CyrusUser[] = [
  { user: 'alice@buzon.test', pass: 'alice-secret' },
  { user: 'bob@buzon.test', pass: 'bob-secret' },
];

/** Cyrus answers within about half a second here; this only bounds a machine under load. */
const START_TIMEOUT_MS = 20_000;
/** Another process can take a probed port before master binds it: retry with fresh ones. */
const START_ATTEMPTS = 3;

function checkUsers(users: readonly CyrusUser[]): void {
  for (const { user, pass } of users) {
    if (!/^[A-Za-z0-9_+-][A-Za-z0-9._+-]*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(user)) {
      throw new CyrusStartError(
        `user ${JSON.stringify(user)} must look like name@domain.tld for the test Cyrus`,
      );
    }
    if (pass === '' || !/^[\x20-\x7e]+$/.test(pass)) {
      throw new CyrusStartError(`the password of ${user} must be non-empty printable ASCII`);
    }
  }
}

/** httpd shares master's start, but its port may have been taken: an anonymous GET must get 401. */
async function checkHttp(host: string, port: number): Promise<void> {
  const response = await fetch(`http://${host}:${port}/jmap`);
  await response.body?.cancel();
  if (response.status !== 401)
    throw new CyrusStartError(`JMAP on port ${port} answered ${response.status}, not 401`);
}

/** Children still running when Node exits (a crashed test) are killed, not left behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

export async function startCyrus(opts: CyrusOptions = {}): Promise<CyrusInstance> {
  const users = opts.users ?? DEFAULT_CYRUS_USERS;
  checkUsers(users);
  // They go into imapd.conf lines: a line break would inject settings.
  if (/[\r\n]/.test(`${opts.smtp?.host ?? ''}${opts.smtp?.user ?? ''}${opts.smtp?.pass ?? ''}`)) {
    throw new CyrusStartError('the smtp host, user and password must not contain line breaks');
  }
  const found = findPrograms();
  const runAs = resolveCyrusRunAs();
  const host = '127.0.0.1';
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const { paths, ports, admin } = await prepare(host, users, runAs, found, opts.smtp);
    const running = launchMaster(found.programs.master, found.libDir, paths);
    let masterExited = false;
    try {
      const giveUp = new AbortController();
      const started = await Promise.race([
        waitForGreeting(host, ports.imap, START_TIMEOUT_MS, giveUp.signal).then(() => true),
        running.exited.then(() => false),
      ]).finally(() => giveUp.abort());
      if (!started) {
        masterExited = true;
        throw new CyrusStartError(
          `master exited (code ${running.child.exitCode}): ${running.output()}`,
        );
      }
      await provisionMailboxes({ host, port: ports.imap }, admin, users);
      await checkHttp(host, ports.http);
      return instance(host, ports, users, admin, paths, running);
    } catch (err) {
      lastError = err;
      await stopMaster(running);
      await rm(paths.dir, { recursive: true, force: true });
      // Master exits by itself only on a broken setup (a taken port merely disables that
      // service): fresh ports cannot help then.
      if (masterExited) break;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new CyrusStartError(`Cyrus did not start after ${START_ATTEMPTS} attempts: ${reason}`);
}

function instance(
  host: string,
  ports: CyrusPorts,
  users: readonly CyrusUser[],
  admin: CyrusUser,
  paths: CyrusPaths,
  running: RunningMaster,
): CyrusInstance {
  live.add(running.child);
  const origin = `http://${host}:${ports.http}`;
  let stopping: Promise<void> | undefined;
  return {
    host,
    httpPort: ports.http,
    imapPort: ports.imap,
    lmtpPort: ports.lmtp,
    sessionUrl: `${origin}/jmap`,
    wellKnownUrl: `${origin}/.well-known/jmap`,
    users,
    admin,
    dir: paths.dir,
    pid: running.child.pid ?? -1,
    deliver: (user, raw, options) =>
      deliverByLmtp(
        { host, port: ports.lmtp },
        typeof user === 'string' ? [user] : user,
        raw,
        options,
      ),
    stop() {
      stopping ??= (async () => {
        await stopMaster(running);
        live.delete(running.child);
        await rm(paths.dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
