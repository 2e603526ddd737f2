// What each part of Buzón's emails schema costs to write (ADR 0004): the 10k corpus's rows
// (Buzón's own summaries, newEmailRecord) and bodies written under five schemas, in turn,
// twice, in headless Chromium, with the CPU time of every Chromium thread meanwhile, so the
// IndexedDB backend's share shows and not only the page's.
//   node bench/schema-cost.js
// Measurement only: not part of `npm run bench` (about three minutes here).
import { linkSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { ensureCorpus } from './generate.js';
import { launchFresh, launchPersistent } from './lib/browser.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { threadCpu } from './lib/thread-cpu.js';
import { BENCH_DIR, OUT_DIR } from './lib/paths.js';
import { startServer } from './lib/server.js';

const ORDER = [
  'bare',
  'full',
  'queuePerMessage',
  'noSorts',
  'dateOnly',
  'bodiesBy50',
  'packs60k',
  'packs256k',
  'packs1m',
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
if (process.env.BENCH_ORDER) ORDER.splice(0, ORDER.length, ...process.env.BENCH_ORDER.split(','));
const log = (s) => console.log(s);
// The bench's import corpus (run.js, 10k): the generator's default seed and folder.
const corpus = await ensureCorpus({ count: 10_000, withBin: true, log });
await build({ configFile: join(BENCH_DIR, 'vite.config.ts'), logLevel: 'warn' });
const dir = join(OUT_DIR, 'limits', 'corpus');
mkdirSync(dir, { recursive: true });
for (const f of [corpus.bin, corpus.index]) {
  const dest = join(dir, f.split('/').pop());
  rmSync(dest, { force: true });
  linkSync(f, dest);
}
const server = await startServer({ staticDir: join(OUT_DIR, 'limits') });
// BENCH_DISK=1: a profile on disk (what a user has) instead of the in-memory one of a fresh context.
const browser =
  process.env.BENCH_DISK === '1'
    ? await launchPersistent(mkdtempSync(join(tmpdir(), 'bz-schema-cost-')))
    : await launchFresh();
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20 * 60_000);
  await page.goto(`${server.url}/schema-cost.html`);
  await page.waitForFunction(() => typeof window.schemaCost === 'function', undefined, {
    timeout: 30_000,
  });
  log('building rows from Buzón summaries, then writing them under each schema …');
  const cpu = threadCpu();
  const order = Array.from({ length: ROUNDS }, () => ORDER).flat();
  const runs = await page.evaluate(
    ([b, i, o]) => window.schemaCost(b, i, o),
    [`corpus/${corpus.bin.split('/').pop()}`, `corpus/${corpus.index.split('/').pop()}`, order],
    // The page times each schema; the sampler gives each window's CPU by thread.
  );
  const samples = cpu.stop();
  log('| schema | wall | CPU, all Chromium threads | IndexedDB backend | page thread |');
  log('|---|---|---|---|---|');
  for (const r of runs) {
    const c = samples.between(r.start, r.end);
    const s = (x) => `${x.toFixed(1)} s`;
    log(`| ${r.key} | ${s(r.ms / 1000)} | ${s(c.chromium)} | ${s(c.backend)} | ${s(c.page)} |`);
  }
} finally {
  await browser.close();
  await server.stop();
}
