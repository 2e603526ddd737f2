// The crypto tests' view of real GnuPG (test/pgp/support/gnupg.ts): keys made with GnuPG
// 2.2's defaults, imports and exports with a passphrase per call, and status lines.
import { Gnupg, type GnupgResult } from './gnupg.js';

export type GpgResult = GnupgResult;

export class GpgHome extends Gnupg {
  /** Ed25519 primary + Curve25519 encryption subkey (GnuPG 2.2's "future-default"). */
  generate(uid: string, passphrase: string): string {
    const r = this.ok(
      ['--quick-gen-key', uid, 'future-default', 'default', 'never'],
      undefined,
      passphrase,
    );
    const created = r.status.find((l) => l.startsWith('KEY_CREATED '));
    const fpr = created?.split(' ')[2];
    if (!fpr) throw new Error(`gpg made no key: ${r.stderr}`);
    return fpr.toLowerCase();
  }

  importKey(armored: string | Uint8Array, passphrase?: string): GpgResult {
    return this.ok(['--import'], armored, passphrase);
  }

  exportPublic(fpr: string): string {
    return this.ok(['--armor', '--export', fpr]).stdout.toString('utf8');
  }

  exportSecret(fpr: string, passphrase: string): string {
    return this.ok(['--armor', '--export-secret-keys', fpr], undefined, passphrase).stdout.toString(
      'utf8',
    );
  }
}

/** The status line with this keyword, split on spaces (["GOODSIG", keyid, …]). */
export function statusLine(r: GpgResult, keyword: string): string[] | undefined {
  return r.status.find((l) => l === keyword || l.startsWith(`${keyword} `))?.split(' ');
}
