// THREAD-1 bench (ADR 0026), in headless Chromium on the app's real store code:
//   (1) importing N messages through putNewMessages (threading as it writes) against the
//       same transaction without threading (what v9 did), batches of IMPORT_BATCH_SIZE;
//   (2) the backfill of N messages stored before v10 (the upgrade path), batch by batch;
//   (3) opening the threads view of the N-message folder: the key list and the first page
//       of rows, cold (a fresh connection) and warm; the message list's id read beside it.
// Rows are generated (no MIME parsing: parsing costs the same with or without threads and
// is measured by the import bench). Threads of 1–8 messages, reply chains, a 1,000-message
// list thread, subject-only orphans and messages without a Message-ID, shuffled.
//   node bench/threads.js [--count=100000]     needs `npm run build` (the app's server)
// Hook for bench/run.js: `import { measureThreads, threadRows } from './threads.js'` then
//   if (wanted('threads')) await step('threads', () => measureThreads(log, { count: BIG_COUNT }));
// and print `threadRows(results.threads)` with the other rows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { launchFresh } from './lib/browser.js';
import { OUT_DIR, REPO_ROOT } from './lib/paths.js';
import { startServer } from './lib/server.js';

const PAGE_DIR = join(OUT_DIR, 'threads-page');
const BUILD_DIR = join(OUT_DIR, 'threads');
/** 100k messages, threaded twice and opened a few times, finish well within this. */
const RUN_TIMEOUT_MS = 60 * 60_000;

// The page's script: imports the app's store and state modules straight from src/.
const ENTRY = `
import Dexie from 'dexie';
import { openDb, deleteDb } from '${REPO_ROOT}/src/store/db.ts';
import { CountDeltas } from '${REPO_ROOT}/src/store/counts.ts';
import { putNewMessages } from '${REPO_ROOT}/src/store/repos/emails.ts';
import { listEmailIds } from '${REPO_ROOT}/src/store/repos/email-query.ts';
import { backfillThreadsStep } from '${REPO_ROOT}/src/store/repos/threads.ts';
import { IMPORT_BATCH_SIZE } from '${REPO_ROOT}/src/state/import/pipeline.ts';
import { createThreadService, BACKFILL_BATCH_SIZE } from '${REPO_ROOT}/src/state/thread-service.ts';
import { BACKFILL_META_KEY } from '${REPO_ROOT}/src/store/migrations/0010-threads.ts';

const FIRST_PAGE = 50;
const BODY = new Uint8Array(1024).fill(120);

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function row(i, o) {
  const at = Date.UTC(2020, 0, 1) + o.minute * 60000;
  return {
    id: 'e' + String(i).padStart(7, '0') + '-' + o.name,
    messageId: o.noId ? '' : o.name + '@example.org',
    mailboxId: 'inbox',
    keywords: i % 3 ? { $seen: true } : {},
    seen: i % 3 ? 1 : 0,
    sortSubject: o.subject.toLowerCase(),
    sortFrom: 'p' + (i % 50),
    receivedAt: at,
    sentAt: at,
    size: 1024,
    hasAttachment: i % 9 === 0,
    priority: 3,
    from: [{ name: 'P' + (i % 50), address: 'p' + (i % 50) + '@example.org' }],
    to: [{ name: 'Me', address: 'me@example.org' }],
    cc: [],
    subject: o.subject,
    preview: 'preview ' + i,
    warnings: [],
    inReplyTo: o.irt ? o.irt + '@example.org' : null,
    references: (o.refs ?? []).map((r) => r + '@example.org'),
    contentHash: 'h' + i,
  };
}

function corpus(count) {
  const r = rng(2026);
  const specs = [];
  for (let j = 0; j < 1000 && specs.length < count; j++) {
    specs.push({ name: 'big-' + j, minute: j * 300, subject: (j ? 'Re: ' : '') + '[list] Release planning',
      ...(j ? { irt: 'big-' + (j - 1), refs: ['big-0', 'big-' + (j - 1)] } : {}) });
  }
  for (let t = 0; specs.length < count; t++) {
    const size = 1 + Math.floor(r() * 8);
    const start = Math.floor(r() * 3_000_000);
    for (let j = 0; j < size && specs.length < count; j++) {
      const k = r();
      specs.push({ name: 't' + t + '-' + j, minute: start + j * 40, subject: (j ? 'Re: ' : '') + 'Topic ' + t,
        ...(j && k < 0.8 ? { irt: 't' + t + '-' + (j - 1), refs: ['t' + t + '-0', 't' + t + '-' + (j - 1)] } : {}),
        ...(j && k >= 0.8 && k < 0.9 ? { irt: 't' + t + '-' + (j - 1) } : {}),
        ...(k > 0.98 ? { noId: true } : {}) });
    }
  }
  for (let i = specs.length - 1; i > 0; i--) {
    const k = Math.floor(r() * (i + 1));
    [specs[i], specs[k]] = [specs[k], specs[i]];
  }
  return specs.map((o, i) => row(i, o));
}

/** What putNewMessages did before v10: rows, bodies and counters, no threading. */
async function putUnthreaded(db, rows) {
  await db.transaction('rw', [db.emails, db.bodies, db.mailboxes, db.ops], async () => {
    await Promise.all(rows.map((e) => db.emails.where('contentHash').equals(e.contentHash).limit(1).primaryKeys()));
    const deltas = new CountDeltas();
    for (const e of rows) deltas.row(e, 1);
    await db.emails.bulkAdd(rows);
    await db.bodies.bulkAdd(rows.map((e) => ({ id: e.id, raw: BODY.slice() })));
    await deltas.apply(db);
  });
}

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function importAll(name, rows, put) {
  await deleteDb(name);
  const db = await openDb(name);
  const batches = [];
  for (let i = 0; i < rows.length; i += IMPORT_BATCH_SIZE) {
    const slice = rows.slice(i, i + IMPORT_BATCH_SIZE).map((e) => ({ ...e }));
    batches.push((await timed(() => put(db, slice))).ms);
  }
  return { db, totalMs: batches.reduce((a, b) => a + b, 0), batches };
}

function firstValue(observable) {
  return new Promise((resolve, reject) => {
    const sub = observable.subscribe({
      next: (v) => { resolve(v); queueMicrotask(() => sub.unsubscribe()); },
      error: reject,
    });
  });
}

async function openView(name) {
  const db = await openDb(name);
  const service = createThreadService(db);
  const firstRows = await timed(() =>
    service.getFirstThreadRows({ folderId: 'inbox', unreadOnly: false }, FIRST_PAGE),
  );
  const keys = await timed(() => firstValue(service.observeThreadKeys({ folderId: 'inbox', unreadOnly: false })));
  const rows = await timed(() => service.getThreadRows('inbox', keys.value.slice(0, FIRST_PAGE)));
  // A lower bound of the alternative (threads computed per folder from an email index):
  // only reading every message's [threadKey+mailboxId] key, before any grouping or sorting.
  const computeKeys = await timed(() =>
    db.emails.where('[threadKey+mailboxId]').between([Dexie.minKey], [Dexie.maxKey]).keys(),
  );
  const messageIds = await timed(() => listEmailIds(db, { mailboxId: 'inbox', sort: 'date', descending: true, unreadOnly: false }));
  db.close();
  return { firstRowsMs: firstRows.ms, computeKeysMs: computeKeys.ms, keysMs: keys.ms, threads: keys.value.length, firstPageMs: rows.ms, firstPageRows: rows.value.length,
    messageIdsMs: messageIds.ms, messages: messageIds.value.length };
}

window.benchThreads = async (count) => {
  const rows = corpus(count);
  const plain = await importAll('bench-threads-plain', rows, putUnthreaded);
  const threaded = await importAll('bench-threads', rows, (db, slice) =>
    putNewMessages(db, slice.map((email) => ({ email, raw: BODY.slice() }))));
  plain.db.close();
  threaded.db.close();
  const cold = await openView('bench-threads');
  const warm = [];
  for (let i = 0; i < 3; i++) warm.push(await openView('bench-threads'));

  // The upgrade path: the unthreaded mailbox marked for backfill, threaded batch by batch.
  const db = await openDb('bench-threads-plain');
  await db.threadMeta.put({ key: BACKFILL_META_KEY, done: false, cursor: null, threaded: 0 });
  const steps = [];
  for (;;) {
    const step = await timed(() => backfillThreadsStep(db, BACKFILL_BATCH_SIZE));
    steps.push(step.ms);
    if (step.value.done) break;
  }
  const backfillThreads = await db.threads.count();
  db.close();
  for (const n of ['bench-threads', 'bench-threads-plain']) await deleteDb(n);
  const sorted = [...steps].sort((a, b) => a - b);
  return {
    count,
    importBatch: IMPORT_BATCH_SIZE,
    importPlainMs: plain.totalMs,
    importThreadedMs: threaded.totalMs,
    importPlainPerSec: count / (plain.totalMs / 1000),
    importThreadedPerSec: count / (threaded.totalMs / 1000),
    slowestThreadedBatchMs: Math.max(...threaded.batches),
    // Per-batch times in order: flat means the cost does not grow with the mailbox.
    plainBatchesMs: plain.batches.map(Math.round),
    threadedBatchesMs: threaded.batches.map(Math.round),
    backfillMs: steps.reduce((a, b) => a + b, 0),
    backfillBatch: BACKFILL_BATCH_SIZE,
    backfillStepP50Ms: sorted[Math.floor(sorted.length / 2)],
    backfillStepMaxMs: sorted[sorted.length - 1],
    backfillThreads,
    openCold: cold,
    openWarm: warm,
  };
};
window.benchThreadsReady = true;
`;

async function buildPage() {
  mkdirSync(PAGE_DIR, { recursive: true });
  writeFileSync(join(PAGE_DIR, 'entry.js'), ENTRY);
  writeFileSync(
    join(PAGE_DIR, 'threads.html'),
    '<!doctype html><meta charset="utf-8"><title>threads bench</title><script type="module" src="./entry.js"></script>',
  );
  await build({
    configFile: false,
    root: PAGE_DIR,
    base: './',
    logLevel: 'warn',
    build: {
      target: 'es2022',
      outDir: BUILD_DIR,
      emptyOutDir: true,
      rollupOptions: { input: join(PAGE_DIR, 'threads.html') },
    },
  });
}

/** Runs the bench in Chromium; resolves the figures (see the page's return value). */
export async function measureThreads(log, { count = 100_000 } = {}) {
  log('building the threads bench page …');
  await buildPage();
  const server = await startServer({ staticDir: BUILD_DIR });
  const browser = await launchFresh();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(RUN_TIMEOUT_MS);
    await page.goto(`${server.url}/threads.html`);
    await page.waitForFunction(() => window.benchThreadsReady === true);
    log(`threads: importing ${count} messages with and without threading, backfill, opening …`);
    return await page.evaluate((n) => window.benchThreads(n), count);
  } finally {
    await browser.close();
    await server.stop();
  }
}

const ms = (x) => `${Math.round(x)} ms`;

/** Table rows for bench/lib/report.js-style printing: [label, value]. */
export function threadRows(r) {
  if (!r) return [];
  const warm = r.openWarm.map((o) => o.keysMs + o.firstPageMs).sort((a, b) => a - b);
  return [
    [
      `threads: import ${r.count} without threading`,
      `${ms(r.importPlainMs)} (${Math.round(r.importPlainPerSec)}/s)`,
    ],
    [
      `threads: import ${r.count} threading as it writes`,
      `${ms(r.importThreadedMs)} (${Math.round(r.importThreadedPerSec)}/s)`,
    ],
    [
      `threads: backfill ${r.count} after upgrade (batch ${r.backfillBatch})`,
      `${ms(r.backfillMs)}, step p50 ${ms(r.backfillStepP50Ms)} max ${ms(r.backfillStepMaxMs)}`,
    ],
    [
      `threads: open view, ${r.openCold.threads} threads (cold)`,
      `keys ${ms(r.openCold.keysMs)} + first ${r.openCold.firstPageRows} rows ${ms(r.openCold.firstPageMs)}`,
    ],
    [
      `threads: open view, first ${r.openCold.firstPageRows} rows before the keys (cold)`,
      ms(r.openCold.firstRowsMs),
    ],
    [`threads: open view (warm median)`, ms(warm[Math.floor(warm.length / 2)])],
    [`threads: per-folder computing, reading the keys alone (cold)`, ms(r.openCold.computeKeysMs)],
    [`threads: message list ids, same folder (cold)`, ms(r.openCold.messageIdsMs)],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv.find((a) => a.startsWith('--count='));
  const count = arg ? Number(arg.slice('--count='.length)) : 100_000;
  const started = Date.now();
  const log = (s) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
  const result = await measureThreads(log, { count });
  for (const [label, value] of threadRows(result)) console.log(`${label.padEnd(58)} ${value}`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'threads.json'), JSON.stringify(result, null, 2));
}
