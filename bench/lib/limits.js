// (a) the physical limits: the bench page bench/pages/limits.html, built with its own Vite
// config and served by the app's server, parses and stores the corpus with no Buzón code.
import { linkSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'vite';
import { BENCH_DIR, OUT_DIR } from './paths.js';
import { startServer } from './server.js';
import { launchFresh } from './browser.js';

const LIMITS_DIR = join(OUT_DIR, 'limits');
/** Parsing and storing 10k messages takes well under this on this machine. */
const LIMITS_TIMEOUT_MS = 10 * 60_000;

function place(src, dir) {
  const dest = join(dir, basename(src));
  rmSync(dest, { force: true });
  try {
    linkSync(src, dest);
  } catch {
    copyFileSync(src, dest);
  }
  return basename(src);
}

export async function measureLimits(corpus, log) {
  log('building the limits page …');
  await build({ configFile: join(BENCH_DIR, 'vite.config.ts'), logLevel: 'warn' });
  const corpusDir = join(LIMITS_DIR, 'corpus');
  mkdirSync(corpusDir, { recursive: true });
  const bin = place(corpus.bin, corpusDir);
  const index = place(corpus.index, corpusDir);
  const server = await startServer({ staticDir: LIMITS_DIR });
  const browser = await launchFresh();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(LIMITS_TIMEOUT_MS);
    await page.goto(`${server.url}/limits.html`);
    await page.waitForFunction(() => typeof window.benchLimits === 'function');
    log(`parsing and storing ${corpus.count} messages with bare postal-mime and Dexie …`);
    return await page.evaluate(
      ([b, i]) => window.benchLimits(b, i),
      [`corpus/${bin}`, `corpus/${index}`],
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}
