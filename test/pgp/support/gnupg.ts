// Real GnuPG (Debian's /usr/bin/gpg) in a throw-away GNUPGHOME, for PGP-5 interoperability
// tests (the MIME side's and the crypto side's). run(args, input, passphrase?) →
// { stdout, stderr, status, code }: batch mode with loopback pinentry so nothing ever waits
// for a prompt, and `--status-fd 2` for the machine-readable lines ([GNUPG:] GOODSIG …).
// One home per test file; dispose() stops that home's gpg-agent and deletes the directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const GPG = '/usr/bin/gpg';
const GPGCONF = '/usr/bin/gpgconf';
/** Key generation on a busy 2-core machine can take seconds; a hung gpg must still end. */
export const GPG_TIMEOUT_MS = 60_000;

export interface GnupgResult {
  stdout: Buffer;
  /** Human-readable stderr without the status lines. */
  stderr: string;
  /** The [GNUPG:] status lines, prefix removed ("GOODSIG 0123… Name <a@b>"). */
  status: string[];
  code: number | null;
}

export class Gnupg {
  /** Short, under the OS temp dir: gpg-agent's socket path must fit in 108 bytes. */
  readonly home = mkdtempSync(join(tmpdir(), 'bzgpg-'));
  private serial = 0;

  constructor(readonly passphrase = 'correct horse battery staple') {}

  run(
    args: readonly string[],
    input?: Uint8Array | string,
    passphrase = this.passphrase,
  ): GnupgResult {
    const res = spawnSync(
      GPG,
      [
        '--homedir',
        this.home,
        '--batch',
        '--yes',
        '--no-tty',
        '--status-fd',
        '2',
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        passphrase,
        ...args,
      ],
      { input, timeout: GPG_TIMEOUT_MS, env: { ...process.env, GNUPGHOME: this.home } },
    );
    const lines = res.stderr.toString('utf8').split('\n');
    return {
      stdout: res.stdout,
      stderr: lines.filter((l) => !l.startsWith('[GNUPG:] ')).join('\n'),
      status: lines.filter((l) => l.startsWith('[GNUPG:] ')).map((l) => l.slice(9)),
      code: res.status,
    };
  }

  /** run(), throwing with gpg's own words when it fails. */
  ok(args: readonly string[], input?: Uint8Array | string, passphrase?: string): GnupgResult {
    const r = this.run(args, input, passphrase);
    if (r.code !== 0) throw new Error(`gpg ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r;
  }

  /** Writes `content` to a new file in the home and returns its path (gpg --verify reads files). */
  file(content: Uint8Array | string): string {
    const path = join(this.home, `file-${++this.serial}`);
    writeFileSync(path, content);
    return path;
  }

  /** An Ed25519 signing key with a Curve25519 encryption subkey; returns the fingerprint. */
  generateKey(uid: string): string {
    this.ok(['--quick-gen-key', uid, 'ed25519', 'sign', '0']);
    const listing = this.ok(['--with-colons', '--list-keys', uid]).stdout.toString('utf8');
    const fpr = /^fpr:+([0-9A-F]{40,64}):/m.exec(listing)?.[1];
    if (!fpr) throw new Error(`gpg made no key for ${uid}`);
    this.ok(['--quick-add-key', fpr, 'cv25519', 'encr', '0']);
    return fpr;
  }

  dispose(): void {
    spawnSync(GPGCONF, ['--homedir', this.home, '--kill', 'all'], {
      timeout: GPG_TIMEOUT_MS,
    });
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * One home with one key for a test file: the key is made before the file's tests (seconds
 * on a busy machine), and the home is removed, its agent stopped, after them.
 */
export function gnupgForFile(uid: string): Gnupg {
  const gpg = new Gnupg();
  beforeAll(() => void gpg.generateKey(uid), GPG_TIMEOUT_MS);
  afterAll(() => gpg.dispose());
  return gpg;
}
