// Where the test suite keeps its private Cyrus IMAP (Debian's cyrus-common, cyrus-imapd and
// cyrus-caldav unpacked with `dpkg-deb -x`, never installed: cyrus-imapd conflicts with
// dovecot-imapd, and cyrus-common would pull in exim). Plain JS so that the installer
// (ensure-cyrus.mjs) and the harness (test/support/cyrus) agree on one place.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The unpacked file tree (usr/…, etc/…); BUZON_CYRUS_ROOT points elsewhere if set. */
export const CYRUS_ROOT =
  process.env.BUZON_CYRUS_ROOT ?? path.join(REPO, 'node_modules', '.cache', 'buzon-cyrus', 'root');

/** The Debian packages unpacked into CYRUS_ROOT: the daemons, httpd with JMAP, saslpasswd2. */
export const CYRUS_PACKAGES = ['cyrus-common', 'cyrus-imapd', 'cyrus-caldav', 'sasl2-bin'];

/** Programs the harness runs, relative to CYRUS_ROOT; checked by the installer with ldd. */
export const CYRUS_PROGRAMS = {
  master: 'usr/lib/cyrus/bin/master',
  ctlCyrusdb: 'usr/lib/cyrus/bin/ctl_cyrusdb',
  imapd: 'usr/lib/cyrus/bin/imapd',
  lmtpd: 'usr/lib/cyrus/bin/lmtpd',
  httpd: 'usr/lib/cyrus/bin/httpd',
  squatter: 'usr/lib/cyrus/bin/squatter',
  saslpasswd2: 'usr/sbin/saslpasswd2',
};

/** The folder holding Cyrus's own shared libraries (libcyrus*.so.0), e.g. usr/lib/x86_64-linux-gnu. */
export function cyrusLibraryDir(root = CYRUS_ROOT) {
  const lib = path.join(root, 'usr', 'lib');
  const entries = existsSync(lib) ? readdirSync(lib) : [];
  const triplet = entries.find((name) => existsSync(path.join(lib, name, 'libcyrus.so.0')));
  return triplet ? path.join(lib, triplet) : undefined;
}

/** Absolute path of one of CYRUS_PROGRAMS. */
export function cyrusProgram(name, root = CYRUS_ROOT) {
  return path.join(root, CYRUS_PROGRAMS[name]);
}
