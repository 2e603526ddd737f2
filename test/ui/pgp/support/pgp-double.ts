// PGP-1 UI tests: an in-memory PgpService that keeps keys in a Map. The keystore screens
// are what is under test; the real service (worker, OpenPGP.js, IndexedDB) has its own
// tests and the lead's end-to-end test. It keeps the contract's rules the screens rely on:
// secret keys only when passphrase-protected, correspondents' keys unconfirmed unless
// confirmed, revoke only with the right passphrase, nothing changed on failure.
import {
  MalformedPgpError,
  UnprotectedKeyError,
  UnusableKeyError,
  WrongPassphraseError,
} from '../../../../src/pgp/crypto/errors.js';
import type {
  KeyInfo,
  PgpKeySource,
  PgpKeyView,
  PgpService,
} from '../../../../src/state/pgp-types.js';
import { ValueSubject } from '../../../../src/state/subscribable.js';

const DAY_MS = 24 * 60 * 60 * 1000;
let serial = 0;

/** A fresh 40-hex-digit fingerprint, distinct per call. */
export function fingerprint(): string {
  serial++;
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  return `${serial.toString(16).padStart(4, '0')}${hex.slice(4)}`;
}

/** The armored block a test pastes or saves as a file: the double reads it back by its token. */
export function armor(token: string, secret = false): string {
  const kind = secret ? 'PRIVATE' : 'PUBLIC';
  return `-----BEGIN PGP ${kind} KEY BLOCK-----\n\n${token}\n-----END PGP ${kind} KEY BLOCK-----\n`;
}

export function keyInfo(userId: string, more: Partial<KeyInfo> = {}): KeyInfo {
  const fpr = more.fingerprint ?? fingerprint();
  const email = /<([^>]+)>/.exec(userId)?.[1] ?? (userId.includes('@') ? userId : '');
  return {
    fingerprint: fpr,
    keyId: fpr.slice(-16),
    userIds: [userId],
    emails: email ? [email.toLowerCase()] : [],
    isPrivate: false,
    passphraseProtected: false,
    revoked: false,
    expiresAt: null,
    algorithm: 'eddsaLegacy ed25519Legacy',
    created: Date.UTC(2025, 2, 14),
    armored: armor(`key:${fpr}`, more.isPrivate),
    ...more,
  };
}

interface Stored {
  view: PgpKeyView;
  info: KeyInfo;
  passphrase?: string;
}

export class MemoryPgp implements PgpService {
  readonly keys = new Map<string, Stored>();
  readonly subject = new ValueSubject<PgpKeyView[]>([]);
  /** What `readKeys` finds, by the token inside the armor (or the binary's text). */
  readonly readable = new Map<string, KeyInfo[]>();
  /** WKD answers by address: keys, or the failure of the lookup itself. */
  readonly wkd = new Map<string, KeyInfo[] | Error>();
  /** Every call that changes something, in order (what a test asserts was asked). */
  readonly calls: string[] = [];
  /** The passphrase of a secret key as imported (a test sets it before importing). */
  readonly passphrases = new Map<string, string>();
  /** Set to hold generateKey until released, so a test sees the progress line. */
  hold: Promise<void> | null = null;

  private publish(): void {
    this.subject.set([...this.keys.values()].map((s) => structuredClone(s.view)));
  }

  private view(
    info: KeyInfo,
    kind: 'own' | 'correspondent',
    source: PgpKeySource,
    confirmed: boolean,
  ): PgpKeyView {
    const expired = info.expiresAt !== null && info.expiresAt <= Date.now();
    return {
      fingerprint: info.fingerprint,
      keyId: info.keyId,
      kind,
      userIds: info.userIds,
      emails: info.emails,
      source,
      confirmed: kind === 'own' || confirmed,
      revoked: info.revoked,
      expiresAt: info.expiresAt,
      algorithm: info.algorithm,
      created: info.created,
      storeDecrypted: false,
      usable: (kind === 'own' || confirmed) && !info.revoked && !expired,
    };
  }

  private get(fpr: string): Stored {
    const s = this.keys.get(fpr);
    if (!s) throw new UnusableKeyError('No such key in the keystore.');
    return s;
  }

  /** Seeds the keystore directly (a key the user already has). */
  seed(
    info: KeyInfo,
    kind: 'own' | 'correspondent',
    opts: { confirmed?: boolean; passphrase?: string } = {},
  ): PgpKeyView {
    const view = this.view(info, kind, kind === 'own' ? 'generated' : 'imported', !!opts.confirmed);
    this.keys.set(info.fingerprint, {
      view,
      info,
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
    });
    this.publish();
    return view;
  }

  observeKeys() {
    return this.subject;
  }

  async generateKey(opts: { name: string; email: string; passphrase: string }) {
    this.calls.push(`generate ${opts.name} <${opts.email}>`);
    if (this.hold) await this.hold;
    const info = keyInfo(opts.name ? `${opts.name} <${opts.email}>` : opts.email, {
      isPrivate: true,
      passphraseProtected: true,
      created: Date.now(),
    });
    const key = this.seed(info, 'own', { passphrase: opts.passphrase });
    return { key, revocationCertificate: armor(`revocation:${info.fingerprint}`) };
  }

  async readKeys(input: string | Uint8Array) {
    const text = typeof input === 'string' ? input : new TextDecoder('latin1').decode(input);
    const token = typeof input === 'string' ? /\n\n(.+)\n-----END/.exec(text)?.[1] : text;
    const found = token === undefined ? undefined : this.readable.get(token.trim());
    if (!found) throw new MalformedPgpError();
    this.calls.push(`read ${typeof input === 'string' ? 'text' : 'binary'}`);
    return structuredClone(found);
  }

  async addKey(info: KeyInfo, source: PgpKeySource, opts: { confirm?: boolean } = {}) {
    if (info.isPrivate && !info.passphraseProtected) throw new UnprotectedKeyError();
    this.calls.push(`add ${info.fingerprint} ${source}${opts.confirm ? ' confirmed' : ''}`);
    const kind = info.isPrivate ? 'own' : 'correspondent';
    const view = this.view(info, kind, source, !!opts.confirm);
    const passphrase = this.passphrases.get(info.fingerprint);
    this.keys.set(info.fingerprint, { view, info, ...(passphrase ? { passphrase } : {}) });
    this.publish();
    return structuredClone(view);
  }

  async confirmKey(fpr: string) {
    const s = this.get(fpr);
    this.calls.push(`confirm ${fpr}`);
    s.view = { ...s.view, confirmed: true, usable: !s.view.revoked };
    this.publish();
  }

  async deleteKey(fpr: string) {
    this.get(fpr);
    this.calls.push(`delete ${fpr}`);
    this.keys.delete(fpr);
    this.publish();
  }

  async exportPublicKey(fpr: string) {
    const s = this.get(fpr);
    return armor(`public:${s.info.fingerprint}${s.view.revoked ? ':revoked' : ''}`);
  }

  async backupPrivateKey(fpr: string) {
    const s = this.get(fpr);
    if (s.view.kind !== 'own') throw new UnusableKeyError('Not your key.');
    return armor(`secret:${fpr}:protected`, true);
  }

  async revokeKey(fpr: string, passphrase: string) {
    const s = this.get(fpr);
    if (s.passphrase !== passphrase) throw new WrongPassphraseError();
    this.calls.push(`revoke ${fpr}`);
    s.view = { ...s.view, revoked: true, usable: false };
    s.info = { ...s.info, revoked: true };
    this.publish();
    return { key: structuredClone(s.view), publicKey: armor(`public:${fpr}:revoked`) };
  }

  async setStoreDecrypted(fpr: string, on: boolean) {
    const s = this.get(fpr);
    this.calls.push(`storeDecrypted ${fpr} ${on}`);
    s.view = { ...s.view, storeDecrypted: on };
    this.publish();
  }

  async lookupWkd(address: string) {
    this.calls.push(`wkd ${address}`);
    const answer = this.wkd.get(address) ?? [];
    if (answer instanceof Error) throw answer;
    return structuredClone(answer);
  }

  // The keystore screens never call these; the composer's and the reader's tests do.
  private unused(): never {
    throw new Error('not used by the keystore screens');
  }
  async unlockKey() {
    this.unused();
  }
  async isUnlocked(): Promise<boolean> {
    this.unused();
  }
  async forgetPassphrases() {
    this.unused();
  }
  async learnAutocrypt(): Promise<PgpKeyView | null> {
    this.unused();
  }
  async checkSend(): ReturnType<PgpService['checkSend']> {
    this.unused();
  }
  async protect(): Promise<Uint8Array> {
    this.unused();
  }
  async inspect(): ReturnType<PgpService['inspect']> {
    this.unused();
  }
  async decrypt(): ReturnType<PgpService['decrypt']> {
    this.unused();
  }
}

export const IN_A_YEAR = Date.now() + 365 * DAY_MS;
export const LAST_YEAR = Date.now() - 365 * DAY_MS;
