// The sync benchmarks (issue 3), in one run against one self-started Dovecot:
//  (1) the physical limits — raw imapflow fetch from Node, bare Dexie bulkPut in Chromium;
//  (2) Buzón's bootstrap, (3) incremental sync after 100 flag changes, (4) push latency.
// Each figure is recorded with run.js's `step`, so one failure leaves the others.
// The bootstrap's verdict comes from paired rounds: the two limits and a bootstrap measured
// one after the other, PAIRED_ROUNDS times, each round's ratio against its own limits, and
// the median of those ratios. On a shared two-core machine one sample of each moved by a
// third within the hour; a round's three figures share its minute.
import { startBenchDovecot } from './dovecot.js';
import { seedInbox } from './sync-imap.js';
import { measureBareBulkPut, measureRawFetch } from './sync-limits.js';
import { measureAppBootstrap, measureAppSync } from './sync-app.js';

/** LMTP deliveries timed to the screen: ~10 for a median and a max worth reading. */
const PUSH_RUNS = 10;
const PUSH_RUNS_QUICK = 3;
/** Rounds of (raw fetch, bare bulkPut, bootstrap) for the bootstrap's verdict. */
const PAIRED_ROUNDS = 3;
const PAIRED_ROUNDS_QUICK = 1;

export async function measureSync({ corpus, quick, step: record, log }) {
  // Each step's figures, kept for the paired rounds too.
  const seen = {};
  const step = (name, fn) => record(name, async () => (seen[name] = await fn()));
  log('starting Dovecot for the sync bench …');
  const dovecot = await startBenchDovecot();
  log(
    `  Dovecot pid ${dovecot.pid}, IMAP 127.0.0.1:${dovecot.imapPort}, LMTP :${dovecot.lmtpPort}`,
  );
  try {
    await step('syncSeed', () => seedInbox(dovecot, corpus, log));
    let kept = null;
    await step('syncFetch', async () => {
      log('raw imapflow fetch (envelopes, then sources) …');
      const r = await measureRawFetch(dovecot, log);
      kept = r.kept;
      return { best: r.best, runs: r.runs };
    });
    if (!kept) return;
    const expected = {
      count: kept.rows.length,
      bytes: kept.sources.reduce((s, b) => s + b.length, 0),
    };
    const { rows, sources } = kept;
    await step('syncBulkPut', () => measureBareBulkPut(rows, sources, log));
    await measureAppSync(dovecot, expected, {
      pushRuns: quick ? PUSH_RUNS_QUICK : PUSH_RUNS,
      step,
      log,
    });
    const first = {
      fetchMs: seen.syncFetch?.best.ms,
      bulkPutMs: seen.syncBulkPut?.ms,
      bootstrapS: seen.syncBootstrap?.seconds,
    };
    const rounds = quick ? PAIRED_ROUNDS_QUICK : PAIRED_ROUNDS;
    await step('syncRounds', () =>
      pairedRounds(dovecot, expected, rows, sources, first, rounds, log),
    );
  } finally {
    await dovecot.stop();
    log('Dovecot stopped');
  }
}

/**
 * The rounds behind the bootstrap's verdict. The first is the run above (its limits and
 * its bootstrap); each later one measures the two limits again and a bootstrap in a fresh
 * browser. Returns each round's figures and ratio (bootstrap / 2× the limits' sum).
 */
async function pairedRounds(dovecot, expected, rows, sources, first, count, log) {
  const rounds = [];
  const add = (fetchMs, bulkPutMs, bootstrapS) => {
    const ratio = bootstrapS / ((2 * (fetchMs + bulkPutMs)) / 1000);
    rounds.push({ fetchMs, bulkPutMs, bootstrapS, ratio });
    log(
      `  round ${rounds.length}: fetch ${(fetchMs / 1000).toFixed(2)} s + bulkPut ${(bulkPutMs / 1000).toFixed(2)} s, ` +
        `bootstrap ${bootstrapS.toFixed(2)} s: ${ratio.toFixed(2)}× the target`,
    );
  };
  if (first.fetchMs && first.bulkPutMs && first.bootstrapS)
    add(first.fetchMs, first.bulkPutMs, first.bootstrapS);
  while (rounds.length < count) {
    log(`paired round ${rounds.length + 1}: limits, then a bootstrap …`);
    const f = await measureRawFetch(dovecot, log);
    const p = await measureBareBulkPut(rows, sources, log);
    const b = await measureAppBootstrap(dovecot, expected, log);
    add(f.best.ms, p.ms, b.seconds);
  }
  const sorted = rounds.map((r) => r.ratio).sort((a, b) => a - b);
  return { rounds, medianRatio: sorted[Math.floor(sorted.length / 2)] ?? null };
}
