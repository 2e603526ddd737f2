// The printed table (figure, target, verdict) and bench/out/results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR } from './paths.js';
import { composeRows } from './compose-report.js';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};
const fmt = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? 'n/a'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Builds the rows from the raw measurements; a figure not measured shows "n/a". */
export function buildRows(r) {
  const rows = [];
  const mb = (bytes, ms) => bytes / 1e6 / (ms / 1000);
  let slowerLimit = null;
  if (r.limits) {
    const { count, bytes, parse, parseMemory, put } = r.limits;
    const rate = (p) => count / (p.ms / 1000);
    const putRate = put.count / (put.ms / 1000);
    // The parsing limit is the faster of the two ways to run postal-mime: the app uses
    // the in-memory Blob, so comparing it with the browser's Blob alone would flatter it.
    const parseRate = Math.max(...[parse, parseMemory].filter(Boolean).map(rate));
    slowerLimit = Math.min(parseRate, putRate);
    for (const p of [parse, parseMemory].filter(Boolean)) {
      rows.push([
        `postal-mime parse, ${fmt(count)} msgs (${p.where})`,
        `${fmt(rate(p))} msg/s, ${fmt(mb(bytes, p.ms), 1)} MB/s${p.errors ? `, ${p.errors} errors` : ''}`,
        'limit',
        '—',
      ]);
    }
    if (r.limits.summarize) {
      const p = r.limits.summarize;
      rows.push([
        `  Buzón's own parse (summarize), ${fmt(count)} msgs (${p.where})`,
        `${fmt(rate(p))} msg/s, ${fmt(mb(bytes, p.ms), 1)} MB/s${p.errors ? `, ${p.errors} unparseable` : ''}`,
        'reported',
        '—',
      ]);
    }
    rows.push([
      `Dexie bulkPut Uint8Array, ${fmt(put.count)} msgs (main thread, ${put.batch}/put)`,
      `${fmt(putRate)} msg/s, ${fmt(mb(bytes, put.ms), 1)} MB/s`,
      'limit',
      '—',
    ]);
    const schema = r.limits.schema;
    if (schema) {
      const row = (label, m) => [
        label,
        `${fmt(m.count / (m.ms / 1000))} msg/s, ${fmt(mb(bytes, m.ms), 1)} MB/s`,
        'reported',
        '—',
      ];
      rows.push(
        row(
          `Dexie bulkAdd into Buzón's schema (emails, all v1 indexes + bodies, ${schema.batch}/tx)`,
          schema.dexie,
        ),
      );
      rows.push(row(`  same rows, bare IndexedDB add (no Dexie)`, schema.idb));
    }
  }
  if (r.appImport) {
    const a = r.appImport;
    const rate = (a.imported + a.duplicates) / a.seconds;
    const target = slowerLimit ? slowerLimit / 2 : null;
    rows.push([
      `Buzón import of the ${fmt(r.importCount)} .eml zip (import-input → bz-import-done)`,
      `${fmt(rate)} msg/s (${fmt(a.seconds, 1)} s; ${a.imported} new, ${a.rejected} rejected)`,
      target ? `≥ ${fmt(target)} msg/s (50% of slower limit)` : '≥ 50% of slower limit',
      target ? (rate >= target ? 'PASS' : 'FAIL') : 'n/a',
    ]);
  }
  if (r.bigFolder) {
    const b = r.bigFolder;
    const warmFrame = median(b.warm.map((w) => w.frameMs));
    const warmMark = median(b.warm.map((w) => w.markMs).filter((x) => x !== null));
    const shown = b.cold.markMs ?? b.cold.frameMs;
    rows.push([
      `Click → first rows, ${fmt(r.bigCount)}-message folder, cold (app mark / rAF)`,
      `${fmt(b.cold.markMs, 1)} ms / ${fmt(b.cold.frameMs, 1)} ms`,
      '≤ 50 ms',
      shown <= 50 ? 'PASS' : 'FAIL',
    ]);
    rows.push([
      `  same, warm median of ${b.warm.length} (app mark / rAF)`,
      `${fmt(warmMark, 1)} ms / ${fmt(warmFrame, 1)} ms`,
      '≤ 50 ms',
      (warmMark ?? warmFrame) <= 50 ? 'PASS' : 'FAIL',
    ]);
    rows.push([
      `  all ${fmt(r.bigCount)} ids known (aria-rowcount complete), cold`,
      `${fmt(b.fullListMs)} ms`,
      'reported',
      '—',
    ]);
    rows.push([
      `JS heap after opening it (after GC; before GC)`,
      `${fmt(b.heap.used / 1e6, 1)} MB; ${fmt(b.heap.usedBeforeGc / 1e6, 1)} MB`,
      'reported',
      '—',
    ]);
    if (b.rowCount !== r.bigCount)
      rows.push([`  aria-rowcount of that folder`, String(b.rowCount), String(r.bigCount), 'FAIL']);
  }
  if (r.startupJs) {
    const kb = r.startupJs.gzip / 1024;
    rows.push([
      `Initial JS, gzip (${r.startupJs.files.length} files, ${fmt(r.startupJs.bytes / 1024)} KB raw)`,
      `${fmt(kb, 1)} KB`,
      '≤ 100 KB',
      kb <= 100 ? 'PASS' : 'FAIL',
    ]);
  }
  rows.push(...syncRows(r));
  rows.push(...composeRows(r));
  for (const [name, err] of Object.entries(r.errors ?? {}))
    rows.push([`${name}: not measured`, err.split('\n')[0].slice(0, 70), '', 'ERROR']);
  return rows;
}

/** The sync bench (lib/sync-bench.js): its two limits, then Buzón against them. */
function syncRows(r) {
  const rows = [];
  const mb = (bytes, ms) => bytes / 1e6 / (ms / 1000);
  const f = r.syncFetch?.best;
  const p = r.syncBulkPut;
  if (r.syncSeed)
    rows.push([
      `Seeding Dovecot: APPEND ${fmt(r.syncSeed.count)} msgs (${r.syncSeed.connections} connections)`,
      `${fmt(r.syncSeed.seconds, 1)} s`,
      'setup',
      '—',
    ]);
  if (f)
    rows.push([
      `raw imapflow fetch, ${fmt(f.count)} msgs (envelopes, then sources; Node)`,
      `${fmt(f.ms / 1000, 2)} s (${fmt(f.envelopeMs / 1000, 2)} + ${fmt(f.sourceMs / 1000, 2)}); ` +
        `${fmt(f.bytes / 1e6, 1)} MB, ${fmt(f.count / (f.ms / 1000))} msg/s, ${fmt(mb(f.bytes, f.ms), 1)} MB/s`,
      'limit',
      '—',
    ]);
  if (p)
    rows.push([
      `bare Dexie bulkPut, rows + Uint8Array bodies, ${fmt(p.count)} msgs (${p.batch}/tx)`,
      `${fmt(p.ms / 1000, 2)} s; ${fmt(p.count / (p.ms / 1000))} msg/s, ${fmt(mb(p.bytes, p.ms), 1)} MB/s`,
      'limit',
      '—',
    ]);
  const b = r.syncBootstrap;
  if (b) {
    const limitS = f && p ? (f.ms + p.ms) / 1000 : null;
    const stored = b.stored
      ? `; stored ${fmt(b.stored.emails)} rows, ${fmt(b.stored.bodies)} bodies`
      : '';
    rows.push([
      `Buzón bootstrap of ${fmt(b.count)} msgs, bodies included (sign-in submit → idle)`,
      `${fmt(b.seconds, 1)} s; ${fmt(b.count / b.seconds)} rows/s, ${fmt(b.bytes / 1e6 / b.seconds, 1)} MB/s${stored}`,
      limitS ? `≤ ${fmt(2 * limitS, 1)} s (2× fetch + bulkPut)` : '≤ 2× (fetch + bulkPut)',
      // With paired rounds, one sample is reported and the rounds decide.
      r.syncRounds ? 'round 1 below' : limitS ? (b.seconds <= 2 * limitS ? 'PASS' : 'FAIL') : 'n/a',
    ]);
  }
  const rounds = r.syncRounds;
  if (rounds?.medianRatio != null) {
    rows.push([
      `  bootstrap ÷ its target, ${rounds.rounds.length} paired rounds (fetch, bulkPut, bootstrap each)`,
      `${rounds.rounds.map((x) => `${fmt(x.bootstrapS, 1)} s ÷ ${fmt((2 * (x.fetchMs + x.bulkPutMs)) / 1000, 1)} s = ${fmt(x.ratio, 2)}×`).join('; ')} (median ${fmt(rounds.medianRatio, 2)}×)`,
      '≤ 1.00× (median)',
      rounds.medianRatio <= 1 ? 'PASS' : 'FAIL',
    ]);
  }
  // End to end, then split where the JMAP StateChange reached the browser: before it,
  // Dovecot (which reports changes ~0.5 s late) and the proxy; after it, Buzón's sync and render.
  // `target` null: reported only, with `why` in the target column.
  const latency = (label, runs, target, why = 'reported') => {
    const ms = runs.map((x) => x.ms);
    const split = runs.filter((x) => x.sseMs !== null);
    const med = median(ms);
    rows.push([
      `${label}, median of ${ms.length}`,
      `${fmt(med)} ms (max ${fmt(Math.max(...ms))})`,
      target === null ? why : `≤ ${fmt(target)} ms`,
      target === null ? '—' : med <= target ? 'PASS' : 'FAIL',
    ]);
    if (split.length)
      rows.push([
        `  split at the StateChange: server + proxy / Buzón sync + render`,
        `${fmt(median(split.map((x) => x.sseMs)))} ms / ${fmt(median(split.map((x) => x.ms - x.sseMs)))} ms`,
        'reported',
        '—',
      ]);
  };
  if (r.syncIncremental?.runs.length)
    latency(
      `Incremental: ${r.syncIncremental.flagChanges} flag changes by another client (STORE done → Inbox badge)`,
      r.syncIncremental.runs,
      // Dovecot tells IDLE/NOTIFY clients ~0.5 s after a change: push's figure (its target
      // counts that delay). Issue 3's ≤ 200 ms is the sync's, timed by the next row.
      null,
      'reported (Dovecot notifies ~0.5 s late; ≤ 200 ms: next row)',
    );
  if (r.syncCatchUp?.runs.length)
    latency(
      `Incremental: ${r.syncCatchUp.flagChanges} flag changes while offline (network back → Inbox badge)`,
      r.syncCatchUp.runs,
      200,
    );
  if (r.syncPush?.runs.length)
    latency('Push: LMTP delivery → its row in the open Inbox', r.syncPush.runs, 1500);
  return rows;
}

export function printTable(rows) {
  const head = ['figure', 'value', 'target', 'verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

export function writeResults(results, rows) {
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, 'results.json');
  writeFileSync(
    path,
    JSON.stringify(
      {
        ...results,
        table: rows.map(([figure, value, target, verdict]) => ({ figure, value, target, verdict })),
      },
      null,
      2,
    ),
  );
  return path;
}
