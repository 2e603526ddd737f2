// Starts the built Buzón server (dist-proxy/proxy/server.js) on a free loopback port and stops it
// by the PID this process owns. The e2e tests run against the real build, as a user gets it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Repo root: test/e2e/support → ../../.. */
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/** The build and the proxy compile start in well under this on a busy 2-core machine. */
const START_TIMEOUT_MS = 20_000;
/** A clean shutdown closes the listener at once; past this the process is killed. */
const STOP_TIMEOUT_MS = 5_000;

const RUNNING_LINE = /running at (http:\/\/\S+?)\/?\s*$/m;

export class AppServerError extends Error {
  override name = 'AppServerError';
}

export interface RunningServer {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Serve another directory than dist/ (BUZON_STATIC_DIR), e.g. a bench page. */
  staticDir?: string;
  /** 0 (default) lets the OS pick a free port. */
  port?: number;
  /** More environment, e.g. BUZON_IMAP_HOST/PORT/TLS for a provider (docs/providers.md). */
  env?: Record<string, string>;
}

export async function startAppServer(opts: StartOptions = {}): Promise<RunningServer> {
  const entry = join(REPO_ROOT, 'dist-proxy', 'proxy', 'server.js');
  if (
    !existsSync(entry) ||
    (!opts.staticDir && !existsSync(join(REPO_ROOT, 'dist', 'index.html')))
  ) {
    throw new AppServerError('The app is not built: run `npm run build` first.');
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    ...opts.env,
  };
  if (opts.staticDir) env.BUZON_STATIC_DIR = opts.staticDir;
  const child = spawn(process.execPath, [entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child);
  const pid = child.pid ?? 0;
  return { url, pid, stop: () => stopChild(child) };
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new AppServerError(`The server did not start within ${START_TIMEOUT_MS} ms:\n${out}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const m = RUNNING_LINE.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new AppServerError(`The server exited with code ${String(code)}:\n${out}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
