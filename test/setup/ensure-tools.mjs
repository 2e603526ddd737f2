// Installs the real parts the test suite drives when they are missing: Debian's Chromium
// (browser and end-to-end tests), Debian's Dovecot (the proxy's tests start their own
// instance on loopback, see test/support/dovecot) and GnuPG (OpenPGP interoperability). Fails with a clear message when it cannot.
// Run by `npm test` before anything else.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

import { CHROMIUM_PATH as CHROMIUM } from './chromium.js';
import { ensureCyrus } from './ensure-cyrus.mjs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

function run(cmd) {
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** Installs Debian packages as root, or fails telling a non-root user what to run. */
function aptInstall(packages, purpose) {
  const command = `apt-get install -y ${packages.join(' ')}`;
  if (!isRoot) {
    fail(`${purpose} is missing and this user cannot install it.\n` +
      `Install it with: sudo apt-get update && sudo ${command}`);
  }
  console.log(`Installing ${purpose} from Debian packages…`);
  try {
    if (!aptUpdated) {
      run('apt-get update -qq');
      aptUpdated = true;
    }
    run(`apt-get install -y -qq ${packages.join(' ')}`);
  } catch {
    fail(`Could not install ${purpose} with: ${command}`);
  }
}

// --- Chromium ---------------------------------------------------------------------------
if (!existsSync(CHROMIUM)) {
  aptInstall(['chromium', 'fonts-dejavu-core'], `Chromium (${CHROMIUM}, for the browser tests)`);
  if (!existsSync(CHROMIUM)) fail(`apt-get finished but ${CHROMIUM} is still missing.`);
}

// --- Dovecot ----------------------------------------------------------------------------
// One file per package, so a half-installed set (e.g. no Sieve) is caught too.
const DOVECOT_PACKAGES = {
  'dovecot-imapd': '/usr/lib/dovecot/imap',
  'dovecot-lmtpd': '/usr/lib/dovecot/lmtp',
  'dovecot-pop3d': '/usr/lib/dovecot/pop3',
  'dovecot-managesieved': '/usr/lib/dovecot/managesieve',
  'dovecot-sieve': '/usr/lib/dovecot/modules/lib90_sieve_plugin.so',
};
const DOVECOT_BINARY = '/usr/sbin/dovecot';

function missingDovecot() {
  const missing = Object.entries(DOVECOT_PACKAGES).filter(([, file]) => !existsSync(file)).map(([pkg]) => pkg);
  if (!existsSync(DOVECOT_BINARY) && missing.length === 0) missing.push('dovecot-core');
  return missing;
}

/**
 * The package's own system service is not wanted: the tests start private instances on free
 * ports. Debian may start it on install (where policy-rc.d allows), holding 143/110/4190.
 */
function stopSystemDovecot() {
  const quiet = (cmd) => {
    try {
      execSync(cmd, { stdio: 'ignore' });
    } catch {
      // No init system, no such service, or already stopped: nothing to undo.
    }
  };
  quiet('service dovecot stop');
  quiet('systemctl disable --now dovecot.service');
  quiet('update-rc.d dovecot disable');
}

if (missingDovecot().length > 0) {
  aptInstall(Object.keys(DOVECOT_PACKAGES), 'Dovecot (IMAP, LMTP, POP3, ManageSieve, Sieve: for the proxy tests)');
  stopSystemDovecot();
  const stillMissing = missingDovecot();
  if (stillMissing.length > 0) fail(`apt-get finished but Dovecot parts are still missing: ${stillMissing.join(', ')}`);
}

// --- GnuPG -----------------------------------------------------------------------------
// The OpenPGP interoperability tests (PGP-5) run real gpg in a temporary GNUPGHOME
// (test/pgp/support/gpg-crypto.ts).
const GPG = '/usr/bin/gpg';
if (!existsSync(GPG)) {
  aptInstall(['gnupg'], `GnuPG (${GPG}, for the OpenPGP interoperability tests)`);
  if (!existsSync(GPG)) fail(`apt-get finished but ${GPG} is still missing.`);
}

// --- Cyrus IMAP -------------------------------------------------------------------------
// A real JMAP server for the proxy's passthrough tests (test/support/cyrus). Unpacked into
// node_modules/.cache, not installed: cyrus-imapd conflicts with dovecot-imapd. See
// ensure-cyrus.mjs.
ensureCyrus({ isRoot, run, fail });
