// (j) OpenPGP (issue 6): key generation, sign+encrypt of a message with a 10 MiB attachment
// and verify+decrypt of the same, in headless Chromium through Buzón's PGP worker
// (bench/pages/pgp.js), side by side with GnuPG doing the same work on this machine.
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { BENCH_DIR, OUT_DIR } from './paths.js';
import { startServer } from './server.js';
import { launchFresh } from './browser.js';

const PAGES_DIR = join(OUT_DIR, 'limits');
/** The size: a 10 MB attachment. */
const ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Enough runs for a median that does not swing with one slow run; each 10 MiB run takes seconds. */
const KEYGEN_RUNS = 5;
const CRYPTO_RUNS = 3;
/** Ten 10 MiB runs each way finish in well under this on this machine. */
const PAGE_TIMEOUT_MS = 10 * 60_000;
const PASSPHRASE = 'correct horse battery staple';
/** MIME's base64 line length (RFC 2045): the attachment as it sits in the body entity. */
const BASE64_LINE = 76;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function gpg(home, args) {
  const t0 = performance.now();
  const res = spawnSync(
    '/usr/bin/gpg',
    [
      '--homedir',
      home,
      '--batch',
      '--yes',
      '--no-tty',
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      PASSPHRASE,
      '--trust-model',
      'always',
      ...args,
    ],
    { timeout: PAGE_TIMEOUT_MS },
  );
  if (res.status !== 0) throw new Error(`gpg ${args[0]} failed: ${res.stderr}`);
  return performance.now() - t0;
}

/** GnuPG on the same work: an Ed25519 + Curve25519 key, then the entity-sized file. */
function measureGnupg(entityBytes) {
  const home = mkdtempSync(join(tmpdir(), 'bzbgpg-'));
  try {
    const keygen = [];
    for (let i = 0; i < KEYGEN_RUNS; i++) {
      const uid = `Bench ${i} <bench${i}@example.org>`;
      let ms = gpg(home, ['--quick-gen-key', uid, 'ed25519', 'sign', 'never']);
      const list = spawnSync('/usr/bin/gpg', [
        '--homedir',
        home,
        '--with-colons',
        '--list-keys',
        uid,
      ]);
      const fpr = /^fpr:+([0-9A-F]+):/m.exec(list.stdout.toString())[1];
      ms += gpg(home, ['--quick-add-key', fpr, 'cv25519', 'encr', 'never']);
      keygen.push(ms);
    }
    // A base64 body of the same size as Buzón's entity: random bytes, as incompressible.
    const raw = Buffer.alloc(Math.floor((entityBytes * 3) / 4 / ((BASE64_LINE + 2) / BASE64_LINE)));
    randomFillSync(raw);
    const b64 = raw.toString('base64').replace(new RegExp(`(.{${BASE64_LINE}})`, 'g'), '$1\r\n');
    const input = join(home, 'entity.txt');
    writeFileSync(input, b64);
    const encrypt = [];
    const decrypt = [];
    for (let i = 0; i < CRYPTO_RUNS; i++) {
      const out = join(home, 'entity.asc');
      encrypt.push(
        gpg(home, [
          '--armor',
          '--sign',
          '--encrypt',
          '--local-user',
          'bench0@example.org',
          '--recipient',
          'bench0@example.org',
          '--output',
          out,
          input,
        ]),
      );
      decrypt.push(gpg(home, ['--decrypt', '--output', join(home, 'back.txt'), out]));
      if (!readFileSync(join(home, 'back.txt')).equals(readFileSync(input)))
        throw new Error('gpg did not decrypt back to the input');
    }
    return {
      keygenMs: median(keygen),
      encryptMs: median(encrypt),
      decryptMs: median(decrypt),
      bytes: b64.length,
    };
  } finally {
    spawnSync('/usr/bin/gpgconf', ['--homedir', home, '--kill', 'all']);
    rmSync(home, { recursive: true, force: true });
  }
}

export async function measurePgp(log) {
  log('building the OpenPGP bench page …');
  await build({ configFile: join(BENCH_DIR, 'vite.config.ts'), logLevel: 'warn' });
  const server = await startServer({ staticDir: PAGES_DIR });
  const browser = await launchFresh();
  let buzon;
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto(`${server.url}/pgp.html`);
    await page.waitForFunction(() => typeof window.benchPgp === 'function');
    log('OpenPGP in Chromium: key generation, 10 MiB sign+encrypt and verify+decrypt …');
    buzon = await page.evaluate((o) => window.benchPgp(o), {
      keygenRuns: KEYGEN_RUNS,
      cryptoRuns: CRYPTO_RUNS,
      attachmentBytes: ATTACHMENT_BYTES,
    });
  } finally {
    await browser.close();
    await server.stop();
  }
  log('GnuPG on the same work …');
  const gnupg = measureGnupg(buzon.entityBytes);
  return {
    buzon: {
      firstKeygenMs: buzon.firstKeygenMs,
      keygenMs: median(buzon.keygenMs),
      encryptMs: median(buzon.encryptMs),
      decryptMs: median(buzon.decryptMs),
      entityBytes: buzon.entityBytes,
      messageBytes: buzon.messageBytes,
    },
    gnupg,
  };
}

const fmt = (n) =>
  n === undefined || n === null ? 'n/a' : `${Math.round(n).toLocaleString('en-US')} ms`;

/** Rows for the printed table: Buzón's figure with GnuPG's beside it as the reference. */
export function pgpRows(r) {
  if (!r) return [];
  const { buzon, gnupg } = r;
  const mib = (buzon.entityBytes / 1048576).toFixed(1);
  return [
    [
      'OpenPGP key generation (Ed25519+Cv25519), median',
      fmt(buzon.keygenMs),
      `gpg ${fmt(gnupg.keygenMs)}`,
      '—',
    ],
    ['  first key generation (loads worker + OpenPGP.js)', fmt(buzon.firstKeygenMs), '—', '—'],
    [
      `OpenPGP build + sign+encrypt, 10 MiB attachment (${mib} MiB entity)`,
      fmt(buzon.encryptMs),
      `gpg ${fmt(gnupg.encryptMs)}`,
      '—',
    ],
    [
      `OpenPGP find + decrypt+verify, same message`,
      fmt(buzon.decryptMs),
      `gpg ${fmt(gnupg.decryptMs)}`,
      '—',
    ],
  ];
}
