// The sync benchmarks (issue 3), in one run against one self-started Dovecot:
//  (1) the physical limits — raw imapflow fetch from Node, bare Dexie bulkPut in Chromium;
//  (2) Buzón's bootstrap, (3) incremental sync after 100 flag changes, (4) push latency.
// Each figure is recorded with run.js's `step`, so one failure leaves the others.
import { startBenchDovecot } from './dovecot.js';
import { seedInbox } from './sync-imap.js';
import { measureBareBulkPut, measureRawFetch } from './sync-limits.js';
import { measureAppSync } from './sync-app.js';

/** LMTP deliveries timed to the screen: ~10 for a median and a max worth reading. */
const PUSH_RUNS = 10;
const PUSH_RUNS_QUICK = 3;

export async function measureSync({ corpus, quick, step, log }) {
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
    await step('syncBulkPut', () => measureBareBulkPut(kept.rows, kept.sources, log));
    kept = null; // ~40 MB of sources: not needed by the app runs
    await measureAppSync(dovecot, expected, {
      pushRuns: quick ? PUSH_RUNS_QUICK : PUSH_RUNS,
      step,
      log,
    });
  } finally {
    await dovecot.stop();
    log('Dovecot stopped');
  }
}
