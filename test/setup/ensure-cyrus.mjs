// Makes Debian's Cyrus IMAP 3.6 ready for the tests that need a real JMAP server (the
// proxy's passthrough mode; see test/support/cyrus). The packages are not installed: dpkg
// would remove dovecot-imapd (cyrus-imapd Conflicts: imap-server) and pull in exim for
// cyrus-common. Instead their .debs are fetched with `apt-get download` and unpacked with
// `dpkg-deb -x` into CYRUS_ROOT; only the shared libraries they link against are installed,
// after a dry run proves that nothing gets removed. No package scripts run, so no system
// Cyrus, saslauthd or exim is ever started. Called by ensure-tools.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  CYRUS_PACKAGES,
  CYRUS_PROGRAMS,
  CYRUS_ROOT,
  cyrusLibraryDir,
  cyrusProgram,
} from './cyrus-paths.js';

/**
 * Libraries some of the packages' programs link but the harness never runs: the virus
 * scanner (libclamav pulls in a dozen more) and the Zephyr notifier.
 */
const UNUSED_LIBRARY_PACKAGES = new Set(['libclamav12', 'libzephyr4']);
/** The SASL plugin that reads the sasldb password file every test instance writes. */
const SASLDB_PLUGIN_PACKAGE = 'libsasl2-modules-db';

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

function capture(file, args, options = {}) {
  return execFileSync(file, args, {
    encoding: 'utf8',
    env: APT_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
}

/** What is wrong with the unpacked tree: missing programs, unresolved libraries, no sasldb plugin. */
function problems() {
  const missingPrograms = Object.keys(CYRUS_PROGRAMS).filter(
    (name) => !existsSync(cyrusProgram(name)),
  );
  if (missingPrograms.length > 0)
    return { missingPrograms, missingLibraries: [], saslPlugin: true };
  const libDir = cyrusLibraryDir();
  const missingLibraries = new Set();
  for (const name of Object.keys(CYRUS_PROGRAMS)) {
    const out = capture('ldd', [cyrusProgram(name)], {
      env: { ...process.env, LD_LIBRARY_PATH: libDir ?? '' },
    });
    for (const line of out.split('\n')) {
      const match = /^\s*(\S+) => not found/.exec(line);
      if (match) missingLibraries.add(match[1]);
    }
  }
  const triplet = libDir ? path.basename(libDir) : 'x86_64-linux-gnu';
  const pluginDir = `/usr/lib/${triplet}/sasl2`;
  const saslPlugin =
    existsSync(pluginDir) && readdirSync(pluginDir).some((f) => f.startsWith('libsasldb.so'));
  return { missingPrograms, missingLibraries: [...missingLibraries], saslPlugin };
}

const isReady = (p) =>
  p.missingPrograms.length === 0 && p.missingLibraries.length === 0 && p.saslPlugin;

function describe(p) {
  const parts = [];
  if (p.missingPrograms.length > 0) parts.push(`programs ${p.missingPrograms.join(', ')}`);
  if (p.missingLibraries.length > 0) parts.push(`libraries ${p.missingLibraries.join(', ')}`);
  if (!p.saslPlugin) parts.push(`the sasldb plugin (${SASLDB_PLUGIN_PACKAGE})`);
  return parts.join('; ');
}

/** Fetches the .debs into a temp folder and unpacks them into CYRUS_ROOT, replacing it whole. */
function unpackPackages({ isRoot, run, fail }) {
  const debs = mkdtempSync(path.join(os.tmpdir(), 'buzon-cyrus-debs-'));
  // As root apt hands downloads to the _apt user, who cannot write into a 0700 temp folder.
  const sandbox = isRoot ? ['-o', 'APT::Sandbox::User=root'] : [];
  const download = () =>
    capture('apt-get', ['download', ...sandbox, ...CYRUS_PACKAGES], { cwd: debs });
  const staging = `${CYRUS_ROOT}.partial-${process.pid}`;
  let failure;
  try {
    try {
      download();
    } catch {
      if (!isRoot)
        throw new Error(
          'apt-get download failed; refresh the package lists with: sudo apt-get update',
        );
      run('apt-get update -qq');
      download();
    }
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb'))) {
      capture('dpkg-deb', ['-x', path.join(debs, deb), staging]);
    }
    rmSync(CYRUS_ROOT, { recursive: true, force: true });
    renameSync(staging, CYRUS_ROOT);
  } catch (err) {
    failure = err;
  } finally {
    // Before fail(), which exits the process without running this.
    rmSync(debs, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
  if (failure)
    fail(
      `Could not fetch and unpack Cyrus (${CYRUS_PACKAGES.join(' ')}, for the JMAP passthrough tests): ${failure.message}`,
    );
}

/** The library packages the Cyrus packages depend on (first alternative, no versions). */
function libraryPackages() {
  const info = capture('apt-cache', ['show', '--no-all-versions', ...CYRUS_PACKAGES]);
  const names = new Set([SASLDB_PLUGIN_PACKAGE]);
  for (const line of info.split('\n')) {
    if (!line.startsWith('Depends:')) continue;
    for (const dependency of line.slice('Depends:'.length).split(',')) {
      const first = dependency.split('|')[0].trim().split(/[\s(]/)[0].replace(/:any$/, '');
      if (/^(lib|zlib)/.test(first) && !UNUSED_LIBRARY_PACKAGES.has(first)) names.add(first);
    }
  }
  return [...names].sort();
}

function isInstalled(pkg) {
  try {
    return capture('dpkg-query', ['-W', '-f=${Status}', pkg]).includes('install ok installed');
  } catch {
    return false; // dpkg-query exits non-zero for a package it has never seen
  }
}

/**
 * Installs the libraries not installed yet, refusing if the dry run would remove any
 * package. Naming an installed package would upgrade it (and what depends on it): avoided.
 */
function installLibraries({ isRoot, run, fail }) {
  const packages = libraryPackages().filter((pkg) => !isInstalled(pkg));
  if (packages.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!isRoot) {
    fail(
      'Libraries for the test Cyrus (JMAP passthrough tests) are missing and this user cannot install them.\n' +
        `Install them with: sudo ${command}`,
    );
  }
  const dryRun = capture('apt-get', ['install', '-s', '--no-install-recommends', ...packages]);
  const removals = dryRun.split('\n').filter((line) => line.startsWith('Remv '));
  if (removals.length > 0) {
    fail(
      `Installing the Cyrus libraries would remove packages, so it was not done:\n${removals.join('\n')}`,
    );
  }
  console.log('Installing the shared libraries of the test Cyrus from Debian packages…');
  try {
    run(`${command} -qq`);
  } catch {
    fail(`Could not install the Cyrus libraries with: ${command}`);
  }
}

/** Gets the unpacked Cyrus ready or exits with a message saying what is missing. */
export function ensureCyrus({ isRoot, run, fail }) {
  let state = problems();
  if (isReady(state)) return;
  if (state.missingPrograms.length > 0) {
    console.log(`Unpacking Cyrus IMAP (${CYRUS_PACKAGES.join(', ')}) into ${CYRUS_ROOT}…`);
    unpackPackages({ isRoot, run, fail });
    state = problems();
  }
  if (!isReady(state)) {
    installLibraries({ isRoot, run, fail });
    state = problems();
  }
  if (!isReady(state))
    fail(`The test Cyrus in ${CYRUS_ROOT} is still not usable: ${describe(state)}`);
}
