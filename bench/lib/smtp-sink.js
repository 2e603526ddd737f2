// The test suite's SMTP sink (test/support/smtp-sink.ts: the `smtp-server` package, AUTH,
// SIZE enforced, local recipients delivered to Dovecot over LMTP by test/support/dovecot/
// lmtp.ts), used by the bench as is — compiled by Vite to plain JS under bench/out/ like the
// Dovecot harness (lib/dovecot.js), so the compose bench sends through exactly what the
// e2e send tests do and duplicates none of it. Node 20 cannot import .ts itself.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { OUT_DIR, REPO_ROOT } from './paths.js';

const SINK_ENTRY = join(REPO_ROOT, 'test', 'support', 'smtp-sink.ts');
const SINK_OUT = join(OUT_DIR, 'smtp-sink-harness');

let loaded = null;

/** Compiles and imports test/support/smtp-sink.ts once per process. */
async function loadSink() {
  if (loaded) return loaded;
  await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'warn',
    build: {
      // SSR build: node_modules (smtp-server) stay external imports, as in the tests.
      ssr: SINK_ENTRY,
      outDir: SINK_OUT,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'index.mjs' } },
    },
  });
  loaded = await import(pathToFileURL(join(SINK_OUT, 'index.mjs')).href);
  return loaded;
}

/**
 * A loopback SMTP server for `dovecot`'s users that delivers their mail into it over LMTP.
 * `maxSize`: the SIZE it advertises and enforces (bytes).
 */
export async function startBenchSink(dovecot, maxSize) {
  const { startSmtpSink } = await loadSink();
  return startSmtpSink({
    users: dovecot.users,
    lmtp: { host: dovecot.host, port: dovecot.lmtpPort },
    maxSize,
  });
}
