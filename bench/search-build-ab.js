// Interleaved A/B of the search index build (issue 5) between builds of the app: each
// round opens a fresh copy of the seeded 10k profile (the search bench's corpus) with
// every build in turn and reports bz-index-start → bz-indexed, with Chromium's CPU by
// thread over the start and the build. On a shared two-core machine only such
// interleaved runs compare builds.
//   npx vite build --outDir /tmp/a --emptyOutDir     (one build per variant)
//   node bench/search-build-ab.js dist /tmp/a [rounds]   ("dist" is the repo's own build)
// A build of an older schema needs its own seeded profile: `/tmp/a=bench/out/profile-…`.
// BENCH_COUNT=100000 uses the 100k profile instead (as `npm run bench` seeds it).
// BENCH_TRACE=1 also traces each start and build (IndexedDB, top-level tasks) to bench/out
// and prints the costliest events. Measurement only: not part of `npm run bench`.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCorpus } from './generate.js';
import { launchPersistent, openApp } from './lib/browser.js';
import { BENCH_PORT, seededProfile } from './lib/big-folder.js';
import { OUT_DIR } from './lib/paths.js';
import { startServer } from './lib/server.js';
import { threadCpu } from './lib/thread-cpu.js';
import { startTrace, summarizeTrace } from './lib/trace.js';

const log = (s) => console.log(s);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const builds = args.filter((a) => !/^\d+$/.test(a)).map((a) => a.split('=')[0]);
const profiles = args.filter((a) => !/^\d+$/.test(a)).map((a) => a.split('=')[1]);
if (builds.length === 0)
  throw new Error('usage: node bench/search-build-ab.js dist /tmp/a [rounds]');

const indexedIn = () => {
  const end = performance.getEntriesByName('bz-indexed').at(-1);
  const start = performance.getEntriesByName('bz-index-start')[0];
  return end && start ? end.startTime - start.startTime : null;
};

const count = Number(process.env.BENCH_COUNT ?? 10_000);
const corpus = await ensureCorpus({ count, seed: 2027, folder: 'Big', log });
const seeding = await startServer({ port: BENCH_PORT });
const { profile } = await seededProfile(corpus, log, seeding);
await seeding.stop();
const copy = join(OUT_DIR, 'search-build-ab-profile');
const results = builds.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (const [i, build] of builds.entries()) {
    const server = await startServer({
      port: BENCH_PORT,
      ...(build === 'dist' ? {} : { staticDir: build }),
    });
    rmSync(copy, { recursive: true, force: true });
    cpSync(profiles[i] ?? profile, copy, { recursive: true });
    // The copy reaches the disk before the timed build, not during it.
    execFileSync('sync');
    const browser = await launchPersistent(copy);
    try {
      const first = browser.context.pages()[0] ?? (await browser.context.newPage());
      const stopTrace = process.env.BENCH_TRACE === '1' ? await startTrace(first) : null;
      const cpu = threadCpu();
      const t0 = Date.now();
      const page = await openApp(browser.context, server.url);
      let ms = null;
      while (ms === null) {
        await sleep(200);
        ms = await page.evaluate(indexedIn);
      }
      const c = cpu.stop().between(t0, Date.now());
      results[i].push(ms);
      const threads = [...c.byThread]
        .filter(([, s]) => s >= 0.05)
        .sort((a, b) => b[1] - a[1])
        .map(([name, s]) => `  ${s.toFixed(2).padStart(5)} s  ${name}`)
        .join('\n');
      log(
        `${build} round ${round}: ${(ms / 1000).toFixed(2)} s ` +
          `(${Math.round(corpus.count / (ms / 1000))} msg/s); Chromium CPU ${c.chromium.toFixed(1)} s\n${threads}`,
      );
      if (stopTrace) {
        const file = join(OUT_DIR, `search-build-trace-${i}-${round}.json`);
        log(`trace in ${file}:\n${summarizeTrace(await stopTrace(file), 40).join('\n')}`);
      }
    } finally {
      await browser.close();
      await server.stop();
    }
  }
}
rmSync(copy, { recursive: true, force: true });
for (const [i, build] of builds.entries())
  log(`${build}: ${results[i].map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`);
