// Starts dist-proxy/proxy/server.js (the app's own server) and stops it by the PID we own.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** The server starts in well under this even on a busy machine. */
const START_TIMEOUT_MS = 20_000;

/**
 * `proxyDir` runs another build of the proxy (a copy of dist-proxy inside the repo, so its
 * packages resolve): how bench/boot-ab.js compares proxy builds.
 * @returns {Promise<{url: string, pid: number, stop: () => Promise<void>}>}
 */
export function startServer({ port = 0, staticDir, proxyDir, extraEnv = {} } = {}) {
  const env = { ...process.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1' };
  if (staticDir) env.BUZON_STATIC_DIR = staticDir;
  // BENCH_PROXY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p") profiles the proxy.
  const nodeArgs = (process.env.BENCH_PROXY_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const script = join(proxyDir ?? join(REPO_ROOT, 'dist-proxy'), 'proxy', 'server.js');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${out}`));
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (c) => (out += c));
    child.stdout.on('data', (c) => {
      out += c;
      const m = /running at (http:\/\/\S+?)\/?\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], pid: child.pid, stop: () => stop(child) });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
