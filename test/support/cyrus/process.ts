// Runs Cyrus's master in a process group of its own and stops the whole group: master forks
// imapd, httpd, lmtpd and squatter, and a child left behind by a killed master would keep
// its port and its files. Cyrus logs only to syslog (absent on a test machine), so what
// master prints itself is all there is to show when a start fails.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { CyrusPaths } from './config.js';

export class CyrusStartError extends Error {
  override name = 'CyrusStartError';
}

export interface RunningMaster {
  child: ChildProcess;
  exited: Promise<void>;
  /** The end of what master printed (configuration errors go there). */
  output: () => string;
}

/** Master stops its children on SIGTERM within a second here; longer means it is stuck. */
const STOP_GRACE_MS = 5_000;
/** Enough of master's own output to explain a failed start. */
const OUTPUT_KEEP_CHARS = 4096;

export function launchMaster(binary: string, libDir: string, paths: CyrusPaths): RunningMaster {
  const args = [
    '-C',
    paths.imapdConf,
    '-M',
    paths.cyrusConf,
    '-p',
    path.join(paths.runDir, 'master.pid'),
  ];
  const child = spawn(binary, args, {
    cwd: paths.dir,
    // Cyrus's own libraries (libcyrus*.so.0) live in the unpacked tree, not in /usr/lib.
    env: { ...process.env, LD_LIBRARY_PATH: libDir },
    // Its own process group, so stop() reaches every service master has forked.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP_CHARS);
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

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * SIGTERM to master, which stops its services and exits once they are gone; then SIGKILL to
 * whatever is left in the group (master stuck past the grace period, or an orphaned service).
 */
export async function stopMaster(running: RunningMaster): Promise<void> {
  const pid = running.child.pid;
  if (pid === undefined) return;
  if (running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGTERM');
    await Promise.race([running.exited, sleep(STOP_GRACE_MS)]);
  }
  // A service that outlived master (or a master that ignored SIGTERM) goes now.
  signalGroup(pid, 'SIGKILL');
  await running.exited;
}
