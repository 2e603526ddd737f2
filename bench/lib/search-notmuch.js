// The reference for search (issue 5): notmuch (Debian package) indexing the same messages
// as the app, from a maildir written once from the corpus zips, and answering the same
// kinds of queries through its CLI (a first page of 50, as a list shows).
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import JSZip from 'jszip';
import { OUT_DIR } from './paths.js';

/** Runs per query kind, for a median and a 95th percentile. */
export const QUERY_RUNS = 10;

function ensureNotmuch(log) {
  try {
    execSync('notmuch --version', { stdio: 'ignore' });
    return;
  } catch {
    // Not installed: install it like the test setup installs Dovecot.
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) throw new Error('notmuch is missing: sudo apt-get install -y notmuch');
  log('installing notmuch (Debian package) …');
  execSync('apt-get update -qq && apt-get install -y -qq notmuch', {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** The corpus as a maildir (written once, kept under bench/out). */
async function maildirOf(corpus, log) {
  const dir = join(OUT_DIR, `notmuch-${corpus.name}`);
  const mail = join(dir, 'mail');
  const marker = join(dir, 'written.json');
  if (existsSync(marker)) return { dir, mail };
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(mail, sub), { recursive: true });
  log(`writing ${corpus.count} messages as a maildir for notmuch …`);
  let n = 0;
  for (const zip of corpus.zips) {
    const archive = await JSZip.loadAsync(readFileSync(zip.path));
    for (const entry of Object.values(archive.files)) {
      if (entry.dir || !entry.name.endsWith('.eml')) continue;
      n++;
      writeFileSync(join(mail, 'cur', `${n}.bench:2,S`), await entry.async('nodebuffer'));
    }
  }
  writeFileSync(marker, JSON.stringify({ messages: n }));
  return { dir, mail };
}

const percentile = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** `queries`: [{ kind, notmuch }] — the same kinds the app is asked. */
export async function measureNotmuch(corpus, queries, log) {
  ensureNotmuch(log);
  const { dir, mail } = await maildirOf(corpus, log);
  const config = join(dir, 'notmuch-config');
  writeFileSync(
    config,
    `[database]\npath=${mail}\n[user]\nname=Bench\nprimary_email=bench.user@buzon.test\n[new]\ntags=unread;inbox;\n[search]\nexclude_tags=\n[maildir]\nsynchronize_flags=false\n`,
  );
  const env = { ...process.env, NOTMUCH_CONFIG: config };
  rmSync(join(mail, '.notmuch'), { recursive: true, force: true });
  // Written files reach the disk first: no timed run pays for the writes before it.
  execFileSync('sync');
  log(`notmuch new over ${corpus.count} messages …`);
  const t0 = performance.now();
  execFileSync('notmuch', ['new', '--quiet'], { env, stdio: 'ignore' });
  const newSeconds = (performance.now() - t0) / 1000;
  execFileSync('sync');
  const start = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const s = performance.now();
    execFileSync('notmuch', ['--version'], { env, stdio: 'ignore' });
    start.push(performance.now() - s);
  }
  const perKind = [];
  for (const q of queries) {
    const times = [];
    let found = 0;
    for (let i = 0; i < QUERY_RUNS; i++) {
      const s = performance.now();
      const out = execFileSync(
        'notmuch',
        ['search', '--limit=50', '--output=messages', q.notmuch],
        {
          env,
        },
      );
      times.push(performance.now() - s);
      found = out.toString().split('\n').filter(Boolean).length;
    }
    perKind.push({
      kind: q.kind,
      query: q.notmuch,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      found,
    });
  }
  return {
    messages: corpus.count,
    newSeconds,
    rate: corpus.count / newSeconds,
    processStartMs: percentile(start, 50),
    queries: perKind,
  };
}
