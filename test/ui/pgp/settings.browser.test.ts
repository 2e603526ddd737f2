// PGP-1, PGP-2 in Settings: the OpenPGP section (only where OpenPGP is wired) opens the
// keystore and holds "Sign every message", which persists. Also the keystore screenshot.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { createSettingsService } from '../../../src/state/settings-service.js';
import type { Settings } from '../../../src/state/types.js';
import type { BuzonDb } from '../../../src/store/db.js';
import { deepAll, must, until } from '../harness.js';
import { IN_A_YEAR, LAST_YEAR, MemoryPgp, keyInfo } from './support/pgp-double.js';
import { button, card, inside, mount, text, unmount } from './support/mount.js';

afterEach(unmount);

const signAlways = (root: ParentNode) =>
  deepAll<HTMLInputElement>('input[name="pgpSignAlways"]', root)[0];

/** What a fresh settings service reads from the database (what the next start sees). */
function stored(db: BuzonDb): Promise<Settings> {
  return new Promise((resolve) => {
    const sub = createSettingsService(db)
      .observeSettings()
      .subscribe({
        next: (s) => {
          resolve(s);
          queueMicrotask(() => sub.unsubscribe());
        },
      });
  });
}

describe('OpenPGP in Settings (PGP-1, PGP-2)', () => {
  it('PGP-1 without OpenPGP wired, Settings shows no OpenPGP section', async () => {
    const { el } = await mount('bz-settings-dialog', undefined);
    el.show();
    const root = inside(el);
    await until(() => deepAll('input[name="compact"]', root)[0]);
    expect(text(root)).not.toMatch(/OpenPGP/);
    expect(signAlways(root)).toBeUndefined();
  });

  it('PGP-2 "Sign every message" is off by default and stays on once ticked', async () => {
    const { el, db } = await mount('bz-settings-dialog', new MemoryPgp());
    el.show();
    const root = inside(el);
    const box = await until(() => signAlways(root));
    expect(box.checked).toBe(false);
    expect(text(box.closest('label'))).toBe(
      'Sign every messageNew messages start signed when you have a key for the sender; the composer can turn it off for one message.',
    );
    box.click();
    await vi.waitFor(async () => expect((await stored(db)).pgpSignAlways).toBe(true), {
      timeout: 10_000,
    });
    box.click();
    await vi.waitFor(async () => expect((await stored(db)).pgpSignAlways).toBe(false), {
      timeout: 10_000,
    });
  });

  it('PGP-1 "OpenPGP keys…" opens the keystore with the user’s and correspondents’ keys', async () => {
    await page.viewport(1000, 1100);
    const pgp = new MemoryPgp();
    const own = pgp.seed(keyInfo('Ana Pérez <ana@buzon.test>'), 'own');
    pgp.seed(keyInfo('Bob Marín <bob@example.org>', { expiresAt: IN_A_YEAR }), 'correspondent', {
      confirmed: true,
    });
    pgp.seed(
      keyInfo('Mallory <img src=x onerror=alert(1)> <mallory@evil.test>', {
        algorithm: 'rsaEncryptSign 4096',
      }),
      'correspondent',
    );
    pgp.seed(
      keyInfo('Old Carol <carol@example.org>', { revoked: true, expiresAt: LAST_YEAR }),
      'correspondent',
      { confirmed: true },
    );
    const { el } = await mount('bz-settings-dialog', pgp);
    el.show();
    const root = inside(el);
    (await button(root, 'OpenPGP keys…')).click();
    const keystore = await until(() => deepAll('bz-pgp-dialog', root)[0]);
    const ks = inside(keystore);
    await until(() => ks.querySelector('dialog[open]'));
    await card(ks, own.fingerprint);
    expect(deepAll('[data-testid="pgp-key"]', ks)).toHaveLength(4);
    // Settings itself is behind the keystore: close it to leave the keystore alone on top.
    must(root.querySelector('dialog')).close();
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    const path = await page.screenshot({ path: '../../../test-output/pgp-keystore.png' });
    expect(path).toMatch(/pgp-keystore\.png$/);
  });
});
