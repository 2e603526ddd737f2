// The test suite's Dovecot harness (test/support/dovecot, TypeScript, no Vitest imports),
// used by the bench as is: Vite compiles it to plain JS under bench/out/ at each run
// (~0.2 s), so the bench starts Dovecot with exactly the tests' config (ADR 0008) and
// duplicates none of it. Node 20 cannot import .ts itself.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { OUT_DIR, REPO_ROOT } from './paths.js';

const HARNESS_ENTRY = join(REPO_ROOT, 'test', 'support', 'dovecot', 'index.ts');
const HARNESS_OUT = join(OUT_DIR, 'dovecot-harness');

export const ALICE = { user: 'alice@buzon.test', pass: 'alice-secret' };

/**
 * The tests' default quota (5,000 messages, 50 MiB) is made to be hit on purpose; the bench
 * stores 10k messages of ~40 MB plus the push runs, so it lifts both well clear.
 */
const BENCH_QUOTA = { storageKiB: 4 * 1024 * 1024, messages: 1_000_000 };

let harness = null;

/** Compiles and imports test/support/dovecot/index.ts once per process. */
export async function loadHarness() {
  if (harness) return harness;
  await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'warn',
    build: {
      ssr: HARNESS_ENTRY,
      outDir: HARNESS_OUT,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'index.mjs' } },
    },
  });
  harness = await import(pathToFileURL(join(HARNESS_OUT, 'index.mjs')).href);
  return harness;
}

/** A private Dovecot on loopback (free ports, temp folder), stopped by PID with stop(). */
export async function startBenchDovecot() {
  const { startDovecot } = await loadHarness();
  return startDovecot({ users: [ALICE], quota: BENCH_QUOTA });
}
