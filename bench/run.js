// Buzón's benchmarks, side by side in one run in headless Chromium (see README):
//  (a) the physical limits (bare postal-mime, bare Dexie bulkPut) and Buzón's import,
//  (b) click → first rows of a 100k-message folder, (c) heap after opening it,
//  (d) the initial JS, gzipped, (e) sync against a self-started Dovecot: raw IMAP fetch and
//  bare bulkPut limits, Buzón's bootstrap, incremental sync, push latency (lib/sync-bench.js),
//  (f) autosuggest over 10,000 contacts + 10,000 correspondents, per keystroke (contacts.js),
//  (h) spam classifier on the SpamAssassin corpus: precision, recall, rates (spam.js),
//  (i) search on the 10k and 100k corpora against notmuch: index build rate, query p50/p95,
//      worker heap, index size, start to first answer (lib/search-bench.js),
//  (g) compose in the app against Dovecot + an SMTP sink: composer opening, a send with a
//      10 MiB attachment, autosuggest over 10,000 contacts in the page (lib/compose-bench.js),
//  (j) OpenPGP in Chromium through the app's PGP worker, GnuPG beside it: key generation,
//      sign+encrypt of a message with a 10 MiB attachment, decrypt+verify (lib/pgp-bench.js).
//   npm run bench                 full: 10k import, 100k folder (first run seeds ~100k once)
//   node bench/run.js --quick     smoke: 1k import, 10k folder
//   node bench/run.js --only=limits,import   some parts (limits, import, folder, startup, sync, contacts, spam, compose, search, pgp)
// Needs a build (npm run bench builds first). Prints a table; writes bench/out/results.json.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCorpus } from './generate.js';
import { measureLimits } from './lib/limits.js';
import { measureAppImport } from './lib/app-import.js';
import { measureBigFolder } from './lib/big-folder.js';
import { measureStartupJs } from './lib/bundle.js';
import { startServer } from './lib/server.js';
import { measureSync } from './lib/sync-bench.js';
import { measureCompose } from './lib/compose-bench.js';
import { buildRows, printTable, writeResults } from './lib/report.js';
import { contactsRows, measureContacts } from './contacts.js';
import { measureSpam, spamRows } from './spam.js';
import { measureSearch, searchRows } from './lib/search-bench.js';
import { REPO_ROOT } from './lib/paths.js';
import { measurePgp, pgpRows } from './lib/pgp-bench.js';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
/** Whether this part of the bench runs (all of them unless --only names some). */
const wanted = (part) => only === null || only.has(part);
const IMPORT_COUNT = quick ? 1_000 : 10_000;
const BIG_COUNT = quick ? 10_000 : 100_000;
/** One seed for every corpus, so figures compare across runs and machines. */
const SEED = 2026;
const started = Date.now();
const log = (s) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

if (
  !existsSync(join(REPO_ROOT, 'dist', 'index.html')) ||
  !existsSync(join(REPO_ROOT, 'dist-proxy', 'proxy', 'server.js'))
) {
  console.error(
    'The app is not built: run `npm run build` (or `npm run bench`, which builds first).',
  );
  process.exit(1);
}

const results = {
  when: new Date().toISOString(),
  quick,
  importCount: IMPORT_COUNT,
  bigCount: BIG_COUNT,
  seed: SEED,
  errors: {},
};
const step = async (name, fn) => {
  try {
    results[name] = await fn();
  } catch (err) {
    results.errors[name] = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`${name} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
};

if (wanted('startup')) await step('startupJs', async () => measureStartupJs());
if (wanted('contacts')) await step('contacts', () => measureContacts(log));
if (wanted('spam')) await step('spam', () => measureSpam(log));
if (wanted('pgp')) await step('pgp', () => measurePgp(log));
const importCorpus = await ensureCorpus({
  count: IMPORT_COUNT,
  seed: SEED,
  folder: 'Inbox',
  withBin: true,
  log,
});
const bigCorpus = wanted('folder')
  ? await ensureCorpus({ count: BIG_COUNT, seed: SEED + 1, folder: 'Big', log })
  : null;
results.corpus = {
  import: { count: importCorpus.count, rawBytes: importCorpus.rawBytes },
  ...(bigCorpus ? { big: { count: bigCorpus.count, rawBytes: bigCorpus.rawBytes } } : {}),
};

if (wanted('limits')) await step('limits', () => measureLimits(importCorpus, log));
if (wanted('import')) {
  const app = await startServer();
  try {
    await step('appImport', () => measureAppImport(app.url, importCorpus, log));
  } finally {
    await app.stop();
  }
}
if (bigCorpus) await step('bigFolder', () => measureBigFolder(bigCorpus, log));
if (wanted('sync')) {
  // Same corpus as the import (1k with --quick, 10k otherwise), served by Dovecot.
  await measureSync({ corpus: importCorpus, quick, step, log }).catch((err) => {
    results.errors.sync = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`sync failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  });
}

if (wanted('compose')) await step('compose', () => measureCompose({ quick, step, log }));
if (wanted('search')) {
  // The 10k and 100k corpora (10k only with --quick), each against notmuch.
  const counts = quick ? [10_000] : [10_000, 100_000];
  const corpora = [];
  for (const count of counts)
    corpora.push(await ensureCorpus({ count, seed: SEED + 1, folder: 'Big', log }));
  await step('search', () => measureSearch(corpora, log));
}

const rows = [
  ...buildRows(results),
  ...contactsRows(results.contacts),
  ...spamRows(results.spam),
  ...searchRows(results.search),
  ...pgpRows(results.pgp),
];
console.log('');
printTable(rows);
log(`results in ${writeResults(results, rows)}`);
