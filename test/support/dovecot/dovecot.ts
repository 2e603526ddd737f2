// Starts a real Dovecot for a test run: own config in a fresh temp folder, loopback only,
// free high ports, stopped by PID. No Vitest imports, so proxy tests and the bench share it.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { renderDovecotConfig, renderUsersFile } from './config.js';
import type { DovecotPaths, DovecotPorts, DovecotQuota, DovecotUser } from './config.js';
import { freePorts } from './free-ports.js';
import { deliverByLmtp, type LmtpDeliveryOptions } from './lmtp.js';
import { resolveRunAs } from './run-as.js';
import { waitForGreeting } from './wait.js';

export type { DovecotUser, DovecotQuota, DovecotPorts } from './config.js';

export interface DovecotOptions {
  /** Users with plaintext passwords; default: alice, bob and carol @buzon.test. */
  users?: readonly DovecotUser[];
  quota?: Partial<DovecotQuota>;
  /** mail_debug and auth_debug in the log. */
  verbose?: boolean;
  /** Path of the dovecot binary; default: found in /usr/sbin, /usr/local/sbin or PATH. */
  binary?: string;
  /** `host:port` Sieve's vacation and redirect send through (e.g. the SMTP sink); see config.ts. */
  submissionHost?: string;
}

export interface DovecotInstance {
  host: string;
  imapPort: number;
  lmtpPort: number;
  pop3Port: number;
  sievePort: number;
  users: readonly DovecotUser[];
  quota: DovecotQuota;
  /** The temp folder holding config, log, state and mail. Removed by stop(). */
  dir: string;
  logFile: string;
  pid: number;
  /** Delivers a raw RFC 5322 message over LMTP; rejects if any recipient refuses it. */
  deliver(user: string | readonly string[], raw: string | Uint8Array, options?: LmtpDeliveryOptions): Promise<void>;
  /** The last lines of Dovecot's log, for failure messages. */
  logTail(lines?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after a grace period; then removes the temp folder. Idempotent. */
  stop(): Promise<void>;
}

export class DovecotStartError extends Error {
  override name = 'DovecotStartError';
}

export const DEFAULT_USERS: readonly DovecotUser[] = [
  { user: 'alice@buzon.test', pass: 'alice-secret' },
  { user: 'bob@buzon.test', pass: 'bob-secret' },
  { user: 'carol@buzon.test', pass: 'carol-secret' },
];

/** Small enough to be hit on purpose by a test, large enough for everyday fixtures. */
export const DEFAULT_QUOTA: DovecotQuota = { storageKiB: 50 * 1024, messages: 5000 };

/** Dovecot is up within ~0.3 s here; this only bounds a machine under heavy load. */
const START_TIMEOUT_MS = 20_000;
/** Dovecot's master stops its children on SIGTERM; longer than this means it is stuck. */
const STOP_GRACE_MS = 5_000;
/** Another process can grab a probed port before Dovecot binds it: retry with fresh ones. */
const START_ATTEMPTS = 3;
const LOG_TAIL_LINES = 40;

const BINARY_CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'] as const;

function findBinary(explicit?: string): string {
  if (explicit) return explicit;
  return BINARY_CANDIDATES.find((candidate) => existsSync(candidate)) ?? 'dovecot';
}

function checkUsers(users: readonly DovecotUser[]): void {
  for (const { user, pass } of users) {
    // passwd-file fields are colon-separated lines; %u must stay a plain path segment.
    if (!/^[A-Za-z0-9._+-]+(@[A-Za-z0-9.-]+)?$/.test(user)) {
      throw new DovecotStartError(`user name ${JSON.stringify(user)} is not allowed in the test passwd-file`);
    }
    if (/[:\r\n]/.test(pass) || pass === '') {
      throw new DovecotStartError(`the password of ${user} must be non-empty, without ':' or line breaks`);
    }
  }
}

async function tail(file: string, lines = LOG_TAIL_LINES): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function preparePaths(runAs: ReturnType<typeof resolveRunAs>, users: readonly DovecotUser[]): Promise<DovecotPaths> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'buzon-dovecot-'));
  const paths: DovecotPaths = {
    dir,
    baseDir: path.join(dir, 'run'),
    stateDir: path.join(dir, 'state'),
    logFile: path.join(dir, 'dovecot.log'),
    usersFile: path.join(dir, 'users'),
    mailRoot: path.join(dir, 'mail'),
    aclDir: path.join(dir, 'acl'),
  };
  // mkdtemp makes 0700; the mail uid must be able to walk into it when it is not us.
  await chmod(dir, 0o711);
  for (const sub of [paths.baseDir, paths.stateDir, paths.mailRoot, paths.aclDir]) await mkdir(sub);
  for (const { user } of users) await mkdir(path.join(paths.mailRoot, user));
  for (const owned of [paths.mailRoot, paths.aclDir, ...users.map(({ user }) => path.join(paths.mailRoot, user))]) {
    await chown(owned, runAs.mailUid, runAs.mailGid);
  }
  await writeFile(paths.usersFile, renderUsersFile(users, paths.mailRoot, runAs), { mode: 0o644 });
  return paths;
}

/** How often the log is read for a fatal error while Dovecot starts. */
const FATAL_POLL_MS = 100;

/**
 * A child process that cannot start (bad setting, chroot refused) makes Dovecot's master
 * retry it with growing delays instead of exiting: fail on the first `Fatal:` line instead
 * of waiting for the start timeout.
 */
function watchForFatal(logFile: string): { found: Promise<never>; stop: () => void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  const found = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      void readFile(logFile, 'utf8')
        .catch(() => '')
        .then((text) => {
          const line = text.split('\n').find((l) => /\bFatal: /.test(l));
          if (line) reject(new DovecotStartError(line));
        });
    }, FATAL_POLL_MS);
  });
  found.catch(() => undefined); // a rejection after the race is settled is expected, not unhandled
  return { found, stop: () => clearInterval(timer) };
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  /** The end of what dovecot printed itself (config errors go there, not to the log). */
  output: () => string;
}

function launch(binary: string, configFile: string, paths: DovecotPaths): Running {
  const child = spawn(binary, ['-F', '-c', configFile], { cwd: paths.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4096);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      output += `\n${err.message}`;
      resolve();
    });
  });
  return { child, exited, output: () => output };
}

async function stopChild(running: Running): Promise<void> {
  const { child, exited } = running;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  if (!inTime) {
    child.kill('SIGKILL');
    await exited;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotInstance> {
  const users = opts.users ?? DEFAULT_USERS;
  checkUsers(users);
  const quota: DovecotQuota = { ...DEFAULT_QUOTA, ...opts.quota };
  const binary = findBinary(opts.binary);
  const runAs = resolveRunAs();
  const host = '127.0.0.1';
  let lastError: DovecotStartError | undefined;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const paths = await preparePaths(runAs, users);
    const [imap = 0, lmtp = 0, pop3 = 0, sieve = 0] = await freePorts(4, host);
    const ports: DovecotPorts = { imap, lmtp, pop3, sieve };
    const configFile = path.join(paths.dir, 'dovecot.conf');
    const instanceName = `buzon-test-${path.basename(paths.dir)}`;
    const verbose = opts.verbose ?? false;
    const submission = opts.submissionHost === undefined ? {} : { submissionHost: opts.submissionHost };
    await writeFile(
      configFile,
      renderDovecotConfig({ host, instanceName, paths, ports, runAs, quota, verbose, ...submission }),
    );
    const running = launch(binary, configFile, paths);
    const fatal = watchForFatal(paths.logFile);
    const giveUp = new AbortController();
    const started = await Promise.race([
      waitForGreeting(host, ports.imap, START_TIMEOUT_MS, giveUp.signal).then(() => true),
      running.exited.then(() => false),
      fatal.found,
    ]).catch((err: unknown) => err);
    fatal.stop();
    giveUp.abort();
    if (started === true) return instance(host, ports, users, quota, paths, running);
    await stopChild(running);
    const log = await tail(paths.logFile);
    const reason = started instanceof Error ? started.message : `dovecot exited (code ${running.child.exitCode})`;
    lastError = new DovecotStartError(
      `Dovecot did not start (${reason}).\n--- output ---\n${running.output()}\n--- ${paths.logFile} ---\n${log}`,
    );
    await rm(paths.dir, { recursive: true, force: true });
    if (!/Address already in use/i.test(`${log}\n${running.output()}`)) break;
  }
  throw lastError ?? new DovecotStartError('Dovecot did not start');
}

/** Children still running when Node exits (a crashed test) are killed, not left behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function instance(
  host: string,
  ports: DovecotPorts,
  users: readonly DovecotUser[],
  quota: DovecotQuota,
  paths: DovecotPaths,
  running: Running,
): DovecotInstance {
  live.add(running.child);
  let stopping: Promise<void> | undefined;
  return {
    host,
    imapPort: ports.imap,
    lmtpPort: ports.lmtp,
    pop3Port: ports.pop3,
    sievePort: ports.sieve,
    users,
    quota,
    dir: paths.dir,
    logFile: paths.logFile,
    pid: running.child.pid ?? -1,
    deliver: (user, raw, options) =>
      deliverByLmtp({ host, port: ports.lmtp }, typeof user === 'string' ? [user] : user, raw, options),
    logTail: (lines) => tail(paths.logFile, lines),
    stop() {
      stopping ??= (async () => {
        await stopChild(running);
        live.delete(running.child);
        await rm(paths.dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
