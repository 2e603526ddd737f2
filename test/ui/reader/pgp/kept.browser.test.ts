// PGP-4 (ADR 0031) in the reader: the reader tells the service which stored message it
// shows, so a decryption can be kept when the key opts in; a kept message opens decrypted
// at once, without the passphrase prompt, says the copy is kept on this device, and shows
// a signature it could not check again as checked when it was kept. The service is the
// reader's double (support/fake-pgp.ts), remembering one copy as the real one keeps it.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  PgpDecrypted,
  PgpMessageRef,
  PgpMessageStatus,
} from '../../../../src/state/pgp-types.js';
import type { Mounted } from '../../harness.js';
import { must } from '../../harness.js';
import { FakePgp } from './support/fake-pgp.js';
import { encryptTo, encryptedMessage, innerEntity, makeKey } from './support/pgp-mail.js';
import type { TestKey } from './support/pgp-mail.js';
import { deep, deepAll, mountWithPgp, openMessage, pgpStatus, until } from './support/mount.js';

const SECRET = 'The vault code is 7-4-1-9';
const KEPT_AT = Date.UTC(2026, 2, 5, 12);

let key: TestKey;
let armored: string;
let mounted: Mounted | undefined;

beforeAll(async () => {
  key = await makeKey();
  armored = await encryptTo(key, innerEntity(SECRET));
});
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

/** The double, keeping a decryption asked with the message's id as an opted-in key would. */
class KeepingPgp extends FakePgp {
  kept = new Map<string, PgpDecrypted>();
  refs: (PgpMessageRef | undefined)[] = [];

  override async inspect(raw: Uint8Array, where?: PgpMessageRef): Promise<PgpMessageStatus> {
    this.refs.push(where);
    const status = await super.inspect(raw);
    return where && this.kept.has(where.emailId) ? { ...status, keptIndex: 0 } : status;
  }

  override async decrypt(
    raw: Uint8Array,
    index: number,
    unlock?: { passphrase: string; rememberForSession: boolean },
    where?: PgpMessageRef,
  ): Promise<PgpDecrypted> {
    const copy = where && this.kept.get(where.emailId);
    if (copy) return copy;
    const d = await super.decrypt(raw, index, unlock);
    if (!where) return d;
    const keptNow: PgpDecrypted = { ...d, kept: true };
    this.kept.set(where.emailId, {
      ...keptNow,
      signatures: [{ status: 'valid', keyId: 'b0b0b0b0b0b0b0b0', checkedAt: KEPT_AT }],
    });
    return keptNow;
  }
}

const text = (el: Element | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('reader and kept decrypted copies (PGP-4, ADR 0031)', () => {
  it('PGP-4 a kept message opens decrypted without the passphrase and says the copy is kept on this device', async () => {
    const pgp = new KeepingPgp({ key });
    mounted = await mountWithPgp(pgp.loader);
    await openMessage(encryptedMessage('Kept one', armored), 'Kept one');
    await pgpStatus();
    expect(pgp.refs.at(-1)?.emailId).toBeTruthy();

    // First reading: the passphrase, as always; the service kept it.
    deep('[data-testid="pgp-decrypt"]').click();
    const field = await until(() => deepAll<HTMLInputElement>('[data-testid="pgp-passphrase"]')[0]);
    field.value = key.passphrase;
    must(field.form).requestSubmit();
    await until(() => deepAll('[data-testid="decrypted-frame"]')[0]);
    expect(text(deepAll('[data-testid="decrypted-kept"]')[0])).toBe(
      'Decrypted copy kept on this device.',
    );

    // Opened again (another message in between): decrypted at once, no prompt, no new decrypt.
    await openMessage(encryptedMessage('Other one', armored), 'Other one');
    await until(() => deepAll('[data-testid="pgp-decrypt"]')[0]);
    expect(deepAll('[data-testid="decrypted-kept"]')).toHaveLength(0);
    const calls = pgp.decryptCalls.length;
    const row = await until(() =>
      deepAll('[data-testid="message-list-item"]').find((r) => r.textContent?.includes('Kept one')),
    );
    row.click();
    const frame = await until(
      () => deepAll<HTMLIFrameElement>('[data-testid="decrypted-frame"]')[0],
    );
    expect(frame.srcdoc).toContain(SECRET);
    expect(pgp.decryptCalls.length).toBe(calls);
    expect(deepAll('[data-testid="pgp-passphrase"]')).toHaveLength(0);
    expect(deepAll('[data-testid="pgp-decrypt"]')).toHaveLength(0);
    expect(text(deepAll('[data-testid="decrypted-kept"]')[0])).toBe(
      'Decrypted copy kept on this device.',
    );
    const sig = text(deepAll('[data-testid="pgp-inner-signature"]')[0]);
    expect(sig).toMatch(/The signature is valid\./);
    expect(sig).toMatch(/\(As checked on Mar 5, 2026, when the decrypted copy was kept\.\)/);
  });
});
