// Session-only passphrase memory (issue 6: "optionally remembered for the session only"):
// per key fingerprint, in the PGP worker's memory, forgotten after a set time or on request,
// and gone with the worker. Never written anywhere.

/** The longest a passphrase is kept: a working day, after which the user types it again. */
export const MAX_REMEMBER_MS = 8 * 60 * 60 * 1000;

interface Entry {
  passphrase: string;
  timer: ReturnType<typeof setTimeout>;
}

export class PassphraseMemory {
  private readonly entries = new Map<string, Entry>();

  remember(fingerprint: string, passphrase: string, ms: number): void {
    this.forget(fingerprint);
    const keep = Math.min(Math.max(0, ms), MAX_REMEMBER_MS);
    if (keep === 0) return;
    const timer = setTimeout(() => this.forget(fingerprint), keep);
    this.entries.set(fingerprint, { passphrase, timer });
  }

  get(fingerprint: string): string | undefined {
    return this.entries.get(fingerprint)?.passphrase;
  }

  has(fingerprint: string): boolean {
    return this.entries.has(fingerprint);
  }

  /** One key's passphrase, or (no fingerprint) all of them. */
  forget(fingerprint?: string): void {
    const keys = fingerprint === undefined ? [...this.entries.keys()] : [fingerprint];
    for (const k of keys) {
      const e = this.entries.get(k);
      if (e) clearTimeout(e.timer);
      this.entries.delete(k);
    }
  }
}
