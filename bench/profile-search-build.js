// Where the search worker spends a build (ADR 0024): opens the seeded 10k profile (made by
// `npm run bench` or `node bench/run.js --quick`), profiles the search worker with CDP from
// its start until the index is built, and prints self and inclusive time per function.
//   npx vite build --minify false && node bench/profile-search-build.js
// (an unminified build names the functions). Measurement only: not part of `npm run bench`.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCorpus } from './generate.js';
import { launchPersistent } from './lib/browser.js';
import { BENCH_PORT, seededProfile } from './lib/big-folder.js';
import { OUT_DIR } from './lib/paths.js';
import { startServer } from './lib/server.js';

const log = (s) => console.log(s);
const corpus = await ensureCorpus({ count: 10_000, seed: 2027, folder: 'Big', log });
const server = await startServer({ port: BENCH_PORT });
const { profile } = await seededProfile(corpus, log, server);
const copy = join(OUT_DIR, 'search-build-profile');
rmSync(copy, { recursive: true, force: true });
cpSync(profile, copy, { recursive: true });
const browser = await launchPersistent(copy);
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
const cdp = await browser.context.newCDPSession(page);
let id = 0;
const waiting = new Map();
let sessionId = null;
cdp.on('Target.receivedMessageFromTarget', (e) => {
  const msg = JSON.parse(e.message);
  waiting.get(msg.id)?.(msg.result);
});
const call = (method, params = {}) =>
  new Promise((resolve) => {
    id++;
    waiting.set(id, resolve);
    void cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method, params }),
    });
  });
const attached = new Promise((resolve) =>
  cdp.on('Target.attachedToTarget', async (e) => {
    if (e.targetInfo.type === 'worker' && e.targetInfo.url.includes('search-worker')) {
      sessionId = e.sessionId;
      await call('Profiler.enable');
      await call('Profiler.setSamplingInterval', { interval: 200 });
      await call('Profiler.start');
      resolve();
    }
  }),
);
await cdp.send('Target.setAutoAttach', {
  autoAttach: true,
  waitForDebuggerOnStart: false,
  flatten: false,
});
await page.goto(`${server.url}/`);
await attached;
const t0 = Date.now();
for (;;) {
  const done = await page.evaluate(() => performance.getEntriesByName('bz-indexed').length > 0);
  if (done) break;
  await new Promise((r) => setTimeout(r, 500));
}
console.log('built in', Date.now() - t0, 'ms');
const { profile: prof } = await call('Profiler.stop');
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
let all = 0;
prof.samples.forEach((sid, i) => {
  const d = (prof.timeDeltas[i] ?? 0) / 1000;
  all += d;
  const f = byId.get(sid).callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + d);
});
console.log('total sampled', all.toFixed(0), 'ms');
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(ms.toFixed(0).padStart(6), k);
// inclusive by function name for a few
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
prof.samples.forEach((sid, i) => {
  const d = (prof.timeDeltas[i] ?? 0) / 1000;
  const seen = new Set();
  for (let n = sid; n !== undefined; n = parent.get(n)) {
    const f = byId.get(n).callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + d);
  }
});
console.log('--- inclusive');
for (const [k, ms] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 45))
  console.log(ms.toFixed(0).padStart(6), k);
await browser.close();
await server.stop();
