// Interleaved A/B of the sync bootstrap (issue 3) between builds, against one seeded
// Dovecot: each round signs in once with every build, in turn, in a fresh Chromium, and
// reports submit → idle with the CPU seconds of the IndexedDB backend, the page's thread
// and all of Chromium meanwhile. On a shared two-core machine only such interleaved runs
// compare builds; one run of `npm run bench` does not.
//   npx vite build --outDir /tmp/a --emptyOutDir   (one build per variant)
//   node bench/boot-ab.js dist /tmp/a [rounds]     ("dist" is the repo's own build)
// A build may name its proxy too, "static,proxyDir" (a copy of dist-proxy inside the repo,
// e.g. bench/out/proxy-a, so its packages resolve): `dist,bench/out/proxy-a dist`.
// BENCH_TRACE=1 also writes a Chromium trace of each bootstrap (IndexedDB and top-level
// tasks) to bench/out and prints its costliest events: how ADR 0012's session-11 addendum
// counted IndexedDB requests. BENCH_PROFILE=1 prints the page thread's costliest functions,
// BENCH_PROFILE_WORKER=parse-worker those of the worker whose script URL has that text
// (build with `--minify false` to read their names). Measurement only: not part of `npm run bench`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCorpus } from './generate.js';
import { launchFresh, openApp } from './lib/browser.js';
import { startBenchDovecot } from './lib/dovecot.js';
import { startProfile, startWorkerProfile } from './lib/cpu-profile.js';
import { startTrace, summarizeTrace } from './lib/trace.js';
import { DIST_DIR, OUT_DIR } from './lib/paths.js';
import { bootstrapDone, fillSignIn, startAppServer } from './lib/sync-app.js';
import { seedInbox } from './lib/sync-imap.js';
import { countStored, installPhaseProbe } from './lib/sync-probes.js';
import { threadCpu } from './lib/thread-cpu.js';
import { installTxProbe, readTxProbe } from './lib/tx-probe.js';

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const builds = args.filter((a) => !/^\d+$/.test(a));
if (builds.length === 0) throw new Error('usage: node bench/boot-ab.js dist /tmp/other [rounds]');
/** A variant that never reaches idle fails the run instead of holding it for ever. */
const BOOTSTRAP_LIMIT_MS = 120_000;
const log = (s) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** CPU seconds a process has used (user + system; /proc, USER_HZ 100). */
function processCpu(pid) {
  const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}
/** BENCH_NET=1: each request to the proxy, when it left and when its answer was read. */
function watchRequests(page) {
  const rows = [];
  const started = new Map();
  page.on('request', (r) => {
    let what = r.url().replace(/^https?:\/\/[^/]+/, '');
    try {
      const calls = JSON.parse(r.postData() ?? 'null')?.methodCalls;
      if (calls) what += ' ' + calls.map((c) => c[0]).join(',');
    } catch {
      // not JSON
    }
    started.set(r, { what, at: Date.now() });
  });
  page.on('requestfinished', (r) => {
    const s = started.get(r);
    if (s) rows.push({ ...s, end: Date.now() });
  });
  return (t0) =>
    rows
      .sort((a, b) => a.at - b.at)
      .map(
        (r) => `${String(r.at - t0).padStart(6)} → ${String(r.end - t0).padStart(6)}  ${r.what}`,
      );
}

// The bench's import corpus (run.js, 10k): the generator's default seed and folder.
const corpus = await ensureCorpus({ count: 10_000, withBin: true, log });
const dovecot = await startBenchDovecot();
try {
  await seedInbox(dovecot, corpus, log);
  const results = builds.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, build] of builds.entries()) {
      const [staticDir, proxyDir] = build.split(',');
      const server = await startAppServer(
        dovecot,
        staticDir === 'dist' ? DIST_DIR : staticDir,
        proxyDir ? join(process.cwd(), proxyDir) : undefined,
      );
      const browser = await launchFresh();
      try {
        await browser.context.addInitScript(installPhaseProbe);
        if (process.env.BENCH_TX === '1') await browser.context.addInitScript(installTxProbe);
        const page = await openApp(browser.context, server.url, '?index=paused');
        const submit = await fillSignIn(page);
        const stopTrace = process.env.BENCH_TRACE === '1' ? await startTrace(page) : null;
        const stopProfile = process.env.BENCH_PROFILE === '1' ? await startProfile(page) : null;
        const worker = process.env.BENCH_PROFILE_WORKER;
        const stopWorker = worker ? await startWorkerProfile(page, worker) : null;
        const cpu = threadCpu();
        const net = process.env.BENCH_NET === '1' ? watchRequests(page) : null;
        const t0 = await submit();
        const proxyCpu0 = processCpu(server.pid);
        let done = null;
        while (!done) {
          await sleep(50);
          done = await page.evaluate(bootstrapDone).catch(() => null);
          if (!done && Date.now() - t0 > BOOTSTRAP_LIMIT_MS)
            throw new Error(`${build}: no idle ${BOOTSTRAP_LIMIT_MS / 1000} s after the submit`);
        }
        const proxyCpu = processCpu(server.pid) - proxyCpu0;
        const c = cpu.stop().between(t0, done.idleAt);
        const seconds = (done.idleAt - t0) / 1000;
        const stored = (await page.evaluate(countStored)).map((d) => d.emails);
        results[i].push(seconds);
        log(
          `${build} round ${round}: ${seconds.toFixed(2)} s; CPU s: backend ${c.backend.toFixed(1)}, ` +
            `page ${c.page.toFixed(1)}, Chromium ${c.chromium.toFixed(1)}, proxy ${proxyCpu.toFixed(1)}; ` +
            `stored ${stored}`,
        );
        if (process.env.BENCH_TX === '1') {
          const t = await page.evaluate(readTxProbe);
          const top = (m) =>
            Object.entries(m)
              .sort((a, b) => b[1] - a[1])
              .slice(0, 25)
              .map(([k, n]) => `${String(n).padStart(7)}  ${k}`)
              .join('\n');
          log(`transactions:\n${top(t.tx)}\nrequests:\n${top(t.req)}`);
        }
        if (process.env.BENCH_MARKS === '1') {
          const marks = await page.evaluate(() =>
            performance
              .getEntriesByType('mark')
              .filter((m) => m.name.startsWith('bz:'))
              .map((m) => [m.name, Math.round(performance.timeOrigin + m.startTime)]),
          );
          log(`marks (ms after submit): ${marks.map(([n, at]) => `${n} ${at - t0}`).join(', ')}`);
        }
        if (net) log(`requests (ms after submit):\n${net(t0).join('\n')}`);
        // BENCH_SPLIT=700,-500: the CPU of each span after the submit (the start, …, the tail).
        const split = (process.env.BENCH_SPLIT ?? '').split(',').filter(Boolean).map(Number);
        let from = t0;
        // A negative figure counts back from the idle.
        const marks = split.map((ms) => (ms < 0 ? done.idleAt + ms : t0 + ms));
        for (const at of [...marks, done.idleAt]) {
          const s = cpu.stop().between(from, at);
          log(
            `  ${from - t0}–${at - t0} ms: Chromium ${s.chromium.toFixed(2)} (page ${s.page.toFixed(2)}, backend ${s.backend.toFixed(2)})`,
          );
          from = at;
        }
        if (process.env.BENCH_THREADS === '1')
          log(
            [...c.byThread]
              .filter(([, s]) => s >= 0.05)
              .sort((a, b) => b[1] - a[1])
              .map(([name, s]) => `${s.toFixed(2).padStart(6)} s  ${name}`)
              .join('\n'),
          );
        if (stopProfile) log(`page thread, self time:\n${(await stopProfile(40)).join('\n')}`);
        if (stopWorker) log(`${worker} worker, self time:\n${(await stopWorker(40)).join('\n')}`);
        if (stopTrace) {
          const file = join(OUT_DIR, `boot-trace-${i}-${round}.json`);
          log(`trace in ${file}:\n${summarizeTrace(await stopTrace(file)).join('\n')}`);
        }
      } finally {
        await browser.close();
        await server.stop();
      }
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  for (const [i, build] of builds.entries())
    log(
      `${build}: ${results[i].map((s) => s.toFixed(2)).join(', ')} s (median ${median(results[i]).toFixed(2)})`,
    );
} finally {
  await dovecot.stop();
}
