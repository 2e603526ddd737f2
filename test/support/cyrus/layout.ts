// Lays out one test Cyrus before it starts: finds the unpacked programs, makes the temp
// folder with the tree Cyrus expects (Debian's cyrus-makedirs does this for the system
// instance), writes imapd.conf, cyrus.conf and the sasldb, and hands it all to the account
// Cyrus runs as.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { CYRUS_ROOT, cyrusLibraryDir, cyrusProgram } from '../../setup/cyrus-paths.js';
import { freePorts } from '../dovecot/free-ports.js';
import { CONFIG_SUBDIRS, renderCyrusConf, renderImapdConf } from './config.js';
import type { CyrusPaths, CyrusPorts, CyrusPrograms, CyrusSmtp, CyrusUser } from './config.js';
import { CyrusStartError } from './process.js';
import type { CyrusRunAs } from './run-as.js';
import { writeSasldb } from './sasldb.js';

/** The SASL realm of the unqualified admin, and Cyrus's servername. */
const SERVER_NAME = 'cyrus.buzon.test';
const ADMIN_USER = 'admin';
/** 18 random bytes: a password nobody guesses, printable for IMAP LOGIN. */
const ADMIN_PASSWORD_BYTES = 18;

export interface FoundPrograms {
  programs: CyrusPrograms & { master: string; saslpasswd2: string };
  /** Cyrus's own shared libraries, for LD_LIBRARY_PATH. */
  libDir: string;
}

export interface Prepared {
  paths: CyrusPaths;
  ports: CyrusPorts;
  admin: CyrusUser;
}

export function findPrograms(): FoundPrograms {
  const libDir = cyrusLibraryDir();
  const programs = {
    master: cyrusProgram('master'),
    ctlCyrusdb: cyrusProgram('ctlCyrusdb'),
    imapd: cyrusProgram('imapd'),
    lmtpd: cyrusProgram('lmtpd'),
    httpd: cyrusProgram('httpd'),
    squatter: cyrusProgram('squatter'),
    saslpasswd2: cyrusProgram('saslpasswd2'),
  };
  const missing = Object.values(programs).filter((file) => !existsSync(file));
  if (!libDir || missing.length > 0) {
    throw new CyrusStartError(
      `Cyrus is not unpacked in ${CYRUS_ROOT} (missing ${missing.join(', ') || 'libcyrus.so.0'}); ` +
        'run `node test/setup/ensure-tools.mjs` first',
    );
  }
  // cyrus.conf splits cmd="…" at spaces; a path with one would start the wrong program.
  if (/[\s"]/.test(CYRUS_ROOT)) {
    throw new CyrusStartError(
      `Cyrus cannot run from a path with spaces or quotes (${CYRUS_ROOT}); set BUZON_CYRUS_ROOT`,
    );
  }
  return { programs, libDir };
}

async function chownTree(dir: string, runAs: CyrusRunAs): Promise<void> {
  if (!runAs.chown) return;
  await chown(dir, runAs.uid, runAs.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, runAs);
    else await chown(full, runAs.uid, runAs.gid);
  }
}

async function preparePaths(): Promise<CyrusPaths> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'buzon-cyrus-'));
  // mkdtemp makes 0700; the cyrus user must be able to walk into it when it is not us.
  await chmod(dir, 0o711);
  const paths: CyrusPaths = {
    dir,
    imapdConf: path.join(dir, 'imapd.conf'),
    cyrusConf: path.join(dir, 'cyrus.conf'),
    configDir: path.join(dir, 'conf'),
    spoolDir: path.join(dir, 'spool'),
    sieveDir: path.join(dir, 'sieve'),
    searchDir: path.join(dir, 'search'),
    runDir: path.join(dir, 'run'),
    sasldb: path.join(dir, 'run', 'sasldb2'),
  };
  for (const sub of CONFIG_SUBDIRS)
    await mkdir(path.join(paths.configDir, sub), { recursive: true });
  // stage. is where Cyrus spools an incoming message before it is appended.
  await mkdir(path.join(paths.spoolDir, 'stage.'), { recursive: true });
  for (const sub of [paths.sieveDir, paths.searchDir, paths.runDir]) await mkdir(sub);
  return paths;
}

export async function prepare(
  host: string,
  users: readonly CyrusUser[],
  runAs: CyrusRunAs,
  found: FoundPrograms,
  smtp: CyrusSmtp | undefined,
): Promise<Prepared> {
  const paths = await preparePaths();
  const [imap = 0, http = 0, lmtp = 0] = await freePorts(3, host);
  const ports: CyrusPorts = { imap, http, lmtp };
  const admin = { user: ADMIN_USER, pass: randomBytes(ADMIN_PASSWORD_BYTES).toString('base64url') };
  const input = {
    host,
    serverName: SERVER_NAME,
    adminUser: ADMIN_USER,
    cyrusUser: runAs.user,
    cyrusGroup: runAs.group,
    paths,
    smtp,
  };
  await writeFile(paths.imapdConf, renderImapdConf(input), { mode: 0o644 });
  await writeFile(paths.cyrusConf, renderCyrusConf(host, ports, found.programs, paths.imapdConf), {
    mode: 0o644,
  });
  const env = { ...process.env, LD_LIBRARY_PATH: found.libDir };
  await writeSasldb(found.programs.saslpasswd2, env, paths.sasldb, [
    { ...admin, realm: SERVER_NAME },
    ...users,
  ]);
  for (const sub of [
    paths.configDir,
    paths.spoolDir,
    paths.sieveDir,
    paths.searchDir,
    paths.runDir,
  ]) {
    await chownTree(sub, runAs);
  }
  return { paths, ports, admin };
}
