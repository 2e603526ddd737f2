// Runs generated scripts through the real Pigeonhole tools from Debian's dovecot-sieve:
// `sievec` (does the server accept the script?) and `sieve-test` (what would it do with this
// message?). sieve-test only prints the actions; nothing is delivered or sent.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { resolveRunAs } from '../../support/dovecot/run-as.js';

export const SIEVEC = '/usr/bin/sievec';
export const SIEVE_TEST = '/usr/bin/sieve-test';

export class PigeonholeMissingError extends Error {
  override name = 'PigeonholeMissingError';
}

/** Fails loudly (never skips) when the tools are missing. */
export function requirePigeonhole(): void {
  const missing = [SIEVEC, SIEVE_TEST].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new PigeonholeMissingError(
      `${missing.join(' and ')} missing: install Debian's dovecot-sieve ` +
        '(sudo apt-get install dovecot-sieve; `npm test` does it through test/setup/ensure-tools.mjs).',
    );
  }
}

export interface Sandbox {
  dir: string;
  conf: string;
  remove(): void;
}

/**
 * A temp folder with a minimal dovecot.conf. Dovecot refuses mail access as root, so under
 * root the tools run as the unprivileged mail user that test/support/dovecot also uses, and
 * the folder is handed to it.
 */
export function makeSandbox(): Sandbox {
  requirePigeonhole();
  const dir = mkdtempSync(join(tmpdir(), 'buzon-sieve-'));
  const runAs = resolveRunAs();
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    [
      `mail_uid = ${runAs.mailUid}`,
      `mail_gid = ${runAs.mailGid}`,
      `first_valid_uid = ${runAs.mailUid}`,
      `first_valid_gid = ${runAs.mailGid}`,
      `mail_location = maildir:${dir}/Maildir`,
      // No sieve_extensions setting: the script must work with Pigeonhole's defaults.
      '',
    ].join('\n'),
  );
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) chownSync(dir, runAs.mailUid, runAs.mailGid);
  return { dir, conf, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], home: string): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, HOME: home }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let counter = 0;

/** Compiles the script with sievec; returns its errors (empty when it compiled). */
export async function compileWithSievec(box: Sandbox, script: string): Promise<string> {
  const name = join(box.dir, `script-${++counter}.sieve`);
  writeFileSync(name, script);
  const result = await run(SIEVEC, ['-c', box.conf, name, `${name}.svbin`], box.dir);
  return result.code === 0
    ? ''
    : `${result.stdout}${result.stderr}`.trim() || `sievec exited ${result.code}`;
}

export interface StoredCopy {
  folder: string;
  flags: string[];
}

export interface SieveRun {
  /** Explicit fileinto actions. */
  stored: StoredCopy[];
  /** The implicit keep, or null when it was cancelled. */
  keep: StoredCopy | null;
  redirects: string[];
  vacation: { subject: string | null; text: string } | null;
  discarded: boolean;
  raw: string;
}

function flagsOf(lines: string[], from: number): string[] {
  const next = lines[from + 1] ?? '';
  const m = /^\s*\+ add IMAP flags: (.*)$/.exec(next);
  return m ? m[1].trim().split(/\s+/) : [];
}

function parseOutput(raw: string): SieveRun {
  const lines = raw.split('\n');
  const keepAt = lines.findIndex((l) => l.startsWith('Implicit keep:'));
  const run: SieveRun = {
    stored: [],
    keep: null,
    redirects: [],
    vacation: null,
    discarded: false,
    raw,
  };
  lines.forEach((line, i) => {
    const store = /^ \* store message in folder: (.*)$/.exec(line);
    if (store) {
      const copy = { folder: store[1], flags: flagsOf(lines, i) };
      if (keepAt >= 0 && i > keepAt) run.keep = copy;
      else run.stored.push(copy);
    }
    const redirect = /^ \* redirect message to: <(.*)>$/.exec(line);
    if (redirect) run.redirects.push(redirect[1]);
    if (/^ \* discard/.test(line)) run.discarded = true;
    if (line.startsWith(' * send vacation message:')) {
      const subject = lines.slice(i).find((l) => l.includes('=> subject :'));
      const start = lines.indexOf('START MESSAGE', i);
      const end = lines.indexOf('END MESSAGE', i);
      run.vacation = {
        subject: subject ? subject.split('=> subject :')[1].trim() : null,
        text: start >= 0 && end > start ? lines.slice(start + 1, end).join('\n') : '',
      };
    }
  });
  return run;
}

export interface RunOptions {
  /** Envelope sender (MAIL FROM). */
  from?: string;
  /** Envelope recipient (RCPT TO): the user. */
  to?: string;
}

/** Runs the script on one message with sieve-test and returns the actions it would take. */
export async function runSieveTest(
  box: Sandbox,
  script: string,
  eml: Uint8Array,
  options: RunOptions = {},
): Promise<SieveRun> {
  const name = join(box.dir, `script-${++counter}.sieve`);
  const mail = join(box.dir, `mail-${counter}.eml`);
  writeFileSync(name, script);
  writeFileSync(mail, eml);
  const args = ['-c', box.conf];
  if (options.from) args.push('-f', options.from);
  if (options.to) args.push('-r', options.to, '-a', options.to);
  const result = await run(SIEVE_TEST, [...args, name, mail], box.dir);
  if (result.code !== 0)
    throw new Error(`sieve-test failed (${result.code}): ${result.stderr}${result.stdout}`);
  return parseOutput(result.stdout);
}
